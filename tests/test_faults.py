"""When the database or the cache cannot be reached: 503 pages and API answers, /healthz,
pages served without the cache, and recovery."""

import json
import os
import shlex
import subprocess
from contextlib import contextmanager
from unittest import mock
from wsgiref.util import setup_testing_defaults

import pytest
from django.contrib.admin.models import LogEntry
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.wsgi import get_wsgi_application
from django.db import ProgrammingError, connections

from idm import page_cache
from tests.admin_forms import admin_url, form_data
from tests.factories import PolicyExampleFactory, SessionFactory, WorkshopFactory, country
from workshops.models import Session, Workshop

UNAVAILABLE = {"detail": "The database is unavailable. Please try again in a moment."}
HEALTH_OK = {"status": "ok", "database": "ok", "cache": "ok"}
HEALTH_DOWN = {"status": "error", "database": "unavailable", "cache": "ok"}


@contextmanager
def database_failing(error_class="OperationalError"):
    """Every new cursor fails with the database driver's own error, which Django wraps, as
    when the server is gone. Yields the mock, to count how often the database was tried."""
    database = connections["default"]
    error = getattr(database.Database, error_class)("server closed the connection unexpectedly")
    with mock.patch.object(database, "create_cursor", side_effect=error) as create_cursor:
        yield create_cursor


@pytest.mark.django_db
def test_page_answers_503_in_the_site_layout_without_the_database(admin_client):
    # admin_client sends a session cookie: the page must not load the session or the user.
    with database_failing() as create_cursor:
        response = admin_client.get("/en/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert [template.name for template in response.templates] == ["503.html", "base.html"]
    assert "<h1>Temporarily unavailable</h1>" in response.content.decode()
    assert create_cursor.call_count == 1


@pytest.mark.django_db
def test_api_answers_503_in_json_without_the_database(client):
    with database_failing():
        response = client.get("/api/v1/workshops/")

    assert response.status_code == 503
    assert response.json() == UNAVAILABLE
    assert response["Retry-After"] == "30"
    assert "public" not in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_whether_the_database_answers(admin_client):
    assert admin_client.get("/healthz").json() == HEALTH_OK

    with database_failing() as create_cursor:
        response = admin_client.get("/healthz")

    assert (response.status_code, response.json()) == (503, HEALTH_DOWN)
    # Its own SELECT 1 only: neither the session nor the user is looked at.
    assert create_cursor.call_count == 1


@pytest.mark.django_db
def test_other_database_errors_are_server_errors(client):
    with database_failing("ProgrammingError"), pytest.raises(ProgrammingError):
        client.get("/en/")


def make_cache_unreachable(settings):
    """Redis as configured for several app servers, at an address where nothing listens."""
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
    }
    settings.CACHES = {"default": redis, "versions": redis}


@pytest.mark.django_db
def test_pages_and_the_api_are_served_without_the_cache_when_it_is_unreachable(client, settings):
    example = PolicyExampleFactory(title="Diaspora bonds")
    example.countries.add(country("ET"))
    make_cache_unreachable(settings)

    assert client.get("/en/").status_code == 200
    assert "Diaspora bonds" in client.get("/en/policy-examples/?country=ET").content.decode()
    assert client.get("/api/v1/policy-examples/").json()["count"] == 1
    assert client.get("/healthz").json() == HEALTH_OK | {"cache": "unavailable"}


@pytest.mark.django_db
def test_after_a_failure_the_cache_is_left_alone_for_a_moment(client, settings):
    """A Redis that does not answer would cost every request a timeout per cache call."""
    make_cache_unreachable(settings)
    with mock.patch.object(RedisCache, "get", autospec=True, side_effect=RedisCache.get) as get:
        client.get("/en/")
        tried = get.call_count
        assert client.get("/en/speakers/").status_code == 200
        assert (tried, get.call_count) == (1, 1)


@pytest.mark.django_db
def test_the_cache_is_tried_again_once_the_moment_is_over(client, settings, monkeypatch):
    monkeypatch.setattr(page_cache, "PAUSE_AFTER_FAILURE", 0)
    make_cache_unreachable(settings)
    with mock.patch.object(RedisCache, "get", autospec=True, side_effect=RedisCache.get) as get:
        client.get("/en/")
        client.get("/en/")
        assert get.call_count == 2


@pytest.mark.django_db
def test_an_edit_is_refused_while_the_cache_is_unreachable_and_nothing_is_saved(
    admin_client, settings
):
    """Saved without telling the cache, the change would leave its old pages to be served."""
    session = SessionFactory(title="Old title")
    url = admin_url(Session, "change", session.pk)
    data = form_data(admin_client.get(url)) | {"title": "New title"}
    make_cache_unreachable(settings)

    response = admin_client.post(url, data)

    assert response.status_code == 503
    assert "Changes cannot be saved" in response.content.decode()
    session.refresh_from_db()
    assert session.title == "Old title"


@pytest.mark.django_db
@pytest.mark.parametrize("action", ["unpublish", "delete_selected", "duplicate_as_draft"])
def test_admin_actions_are_refused_whole_while_the_cache_is_unreachable(
    admin_client, settings, action
):
    workshop = WorkshopFactory(title="Labour mobility")
    make_cache_unreachable(settings)

    response = admin_client.post(
        "/admin/workshops/workshop/",
        {"action": action, "_selected_action": [workshop.pk], "post": "yes"},
    )

    assert response.status_code == 503
    assert list(Workshop.objects.values_list("title", "status")) == [
        ("Labour mobility", Workshop.Status.PUBLISHED)
    ]
    assert not LogEntry.objects.exists()


def wsgi_get(path):
    """A request through Django's WSGI handler as Gunicorn makes it. Unlike the test client's,
    it lets Django close a broken database connection between requests."""
    environ = {"PATH_INFO": path}
    setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=int(status.split()[0]), headers=dict(headers))

    result = get_wsgi_application()(environ, start_response)
    try:
        body = b"".join(result).decode()
    finally:
        result.close()
    return started["status"], started["headers"], body


def pg_ctl(*args):
    command = [*shlex.split(os.environ["IDM_TEST_PG_CTL"]), *args]
    # cwd: the postgres user may not be allowed into the project directory.
    subprocess.run(command, cwd="/", check=True, capture_output=True, text=True)


@pytest.mark.postgresql
@pytest.mark.skipif(
    "IDM_TEST_PG_CTL" not in os.environ,
    reason="stops and restarts the PostgreSQL server of scripts/with-postgres (IDM_TEST_PG_CTL)",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_stopped_then_started_gives_503_then_the_site_recovers_by_itself():
    workshop = WorkshopFactory()
    page, api = workshop.get_absolute_url(), f"/api/v1/workshops/{workshop.slug}/"
    assert wsgi_get(page)[0] == 200

    pg_ctl("-w", "stop", "-m", "fast")
    try:
        # The page cache would answer for the database: the outage is what is tested here.
        caches["default"].clear()
        status, headers, body = wsgi_get(page)
        assert (status, headers["Retry-After"]) == (503, "30")
        assert '<header class="site-header">' in body
        assert "<h1>Temporarily unavailable</h1>" in body
        status, _headers, body = wsgi_get(api)
        assert (status, json.loads(body)) == (503, UNAVAILABLE)
        status, _headers, body = wsgi_get("/healthz")
        assert (status, json.loads(body)) == (503, HEALTH_DOWN)
    finally:
        pg_ctl("-w", "start")

    assert [wsgi_get(path)[0] for path in [page, api]] == [200, 200]
    status, _headers, body = wsgi_get("/healthz")
    assert (status, json.loads(body)) == (200, HEALTH_OK)
