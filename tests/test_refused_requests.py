"""Requests the site refuses: the status that says why, in the site's layout or in JSON under
the API, never a server error, and nothing stored."""

import datetime
import re
from urllib.parse import quote_from_bytes

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.urls import resolve

from speakers.models import Speaker
from tests.admin_forms import admin_url, form_data
from tests.factories import SessionFactory, WorkshopFactory
from tests.seed import WORKSHOP_SLUG
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/robots.txt", "/en/"])
def test_a_head_request_gets_the_headers_of_get_and_no_body(client, url):
    """As the app server gets it (the test client drops a HEAD answer's body itself): gunicorn
    would drop the body too, but log a warning for each request."""
    answer = {}

    def start_response(status, headers):
        answer.update(status=status, headers=dict(headers))

    # As the test client does: the request must not close the test's database connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = b"".join(WSGIHandler()(RequestFactory().head(url).environ, start_response))
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)

    assert (answer["status"], body) == ("200 OK", b"")
    assert int(answer["headers"]["Content-Length"]) == len(client.get(url).content)


@pytest.mark.parametrize(
    "url", ["/healthz", "/robots.txt", "/sitemap.xml", "/sitemap-workshops.xml"]
)
@pytest.mark.parametrize("method", ["post", "put", "delete", "trace"])
def test_addresses_that_only_give_something_refuse_other_methods(url, method):
    """They change nothing: no CSRF token is asked for, the method is refused."""
    response = getattr(Client(enforce_csrf_checks=True), method)(url)
    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")


def test_asking_the_api_documentation_page_for_its_options_is_refused_not_an_error(client):
    response = client.options("/api/v1/docs/")
    assert response.status_code == 405


def test_a_form_sent_without_its_token_gets_a_page_in_the_site_layout_and_language():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/fr/", {"q": "x"})

    assert response.status_code == 403
    assert [template.name for template in response.templates] == ["403_csrf.html", "base.html"]
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "<h1>Formulaire refusé</h1>" in page


def test_sending_to_an_unknown_api_address_answers_in_json_whatever_the_method():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/nothing/", {})
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_a_form_too_large_to_read_gets_a_page_that_says_so_and_changes_nothing(admin_client):
    session = SessionFactory(description="Short.")
    url = admin_url(Session, "change", session.pk)
    data = form_data(admin_client.get(url)) | {"description": "x" * 3_000_000}

    response = admin_client.post(url, data)

    assert response.status_code == 400
    assert "<h1>Request not understood</h1>" in response.content.decode()
    session.refresh_from_db()
    assert session.description == "Short."


@pytest.mark.slow
def test_a_workshop_with_a_hundred_agenda_items_can_be_saved_in_the_admin(admin_client):
    """Its sessions are edited inline: over Django's default limit of 1,000 fields."""
    workshop = WorkshopFactory(title="Council session")
    for index in range(100):
        # 50 a day, a quarter of an hour each: overlapping ones would be refused.
        start = datetime.datetime.combine(workshop.start_date, datetime.time(8, 0))
        start += datetime.timedelta(days=index // 50, minutes=15 * (index % 50))
        end = start + datetime.timedelta(minutes=15)
        SessionFactory(
            workshop=workshop, date=start.date(), start_time=start.time(), end_time=end.time()
        )
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url)) | {"title_en": "Council session, 2007"}
    assert len(data) > 1000

    response = admin_client.post(url, data)

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.title == "Council session, 2007"


@pytest.mark.parametrize("value", ["abc", "1.5", "9" * 30])
def test_an_admin_value_that_is_no_key_gets_a_form_error_not_a_server_error(admin_client, value):
    """Autocomplete boxes never send such values; a hand-edited link or request can."""
    for link in [
        f"/admin/workshops/session/add/?workshop={value}",
        f"/admin/workshops/policyexample/add/?organizations={value}",
        f"/admin/workshops/document/add/?speaker={value}",
    ]:
        assert admin_client.get(link).status_code == 200, link
    url = "/admin/speakers/speaker/add/"

    data = {"full_name": "Ana Lopez", "sort_name": "Lopez, Ana", "slug": "ana-lopez"}
    response = admin_client.post(url, data | {"organization": value})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["organization"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert not Speaker.objects.exists()


# Odd bytes in the parameters of every route ---------------------------------------------------

WORKSHOP = f"/en/workshops/{WORKSHOP_SLUG}/"
# Each route with the parameters it reads besides its filters (found from its view), and "x",
# which none reads.
ROUTES = {
    "/en/": [],
    "/en/search/": ["q"],
    "/en/years/2007/": [],
    WORKSHOP: [],
    f"{WORKSHOP}sessions/session-i/": [],
    f"{WORKSHOP}calendar.ics": [],
    f"{WORKSHOP}schedule.xml": [],
    f"{WORKSHOP}schedule.json": [],
    "/en/my-agenda/": ["s"],
    "/en/my-agenda/calendar.ics": ["s"],
    "/en/speakers/": ["page"],
    "/en/speakers/lant-pritchett/": [],
    "/en/organizations/": ["page"],
    "/en/organizations/iom/": [],
    "/en/policy-examples/": ["page"],
    "/en/guiding-questions/": ["page"],
    "/sitemap.xml": [],
    "/sitemap-policy-examples.xml": ["p"],
    "/robots.txt": [],
    "/healthz": [],
    "/admin/login/": ["next"],
    "/api/v1/": ["format"],
    "/api/v1/schema/": ["format", "lang", "version"],
    "/api/v1/docs/": ["lang", "script", "version"],
    **{
        f"/api/v1/{name}/": ["page", "page_size", "cursor", "format"]
        for name in (
            "years",
            "workshops",
            "sessions",
            "speakers",
            "organizations",
            "guiding-questions",
            "policy-examples",
            "documents",
            "topics",
        )
    },
    f"/api/v1/workshops/{WORKSHOP_SLUG}/": ["format"],
}
# Every byte, as a browser or a script may send it; the second without NUL, which the forms
# refuse before anything else. The letters mark where the value would come out.
EVERY_BYTE = b"MaRkEr" + bytes(range(256))
VALUES = [quote_from_bytes(EVERY_BYTE), quote_from_bytes(EVERY_BYTE.replace(b"\0", b""))]
# What Gunicorn refuses in a header, answering a bare 500 instead of the app's answer.
NOT_IN_A_HEADER = re.compile("[\x00-\x1f\x7f]")


def parameters(path):
    view = resolve(path).func
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    filterset_class = getattr(view_class, "filterset_class", None)
    filters = list(filterset_class.base_filters) if filterset_class else []
    return [*filters, *ROUTES[path], "x"]


@pytest.mark.slow
@pytest.mark.parametrize("path", ROUTES)
def test_any_byte_in_any_parameter_gets_an_answer_not_a_server_error(client, seed, path):
    problems = []
    for name in parameters(path):
        for value in VALUES:
            response = client.get(f"{path}?{name}={value}")
            headers = {key: value for key, value in response.items() if key != "Location"}
            if response.status_code >= 500:
                problems.append((name, response.status_code))
            if any(NOT_IN_A_HEADER.search(text) for text in headers.values()):
                problems.append((name, "control character in a header"))
            if any("marker" in text.lower() for text in headers.values()):
                problems.append((name, "the value in a header"))
    assert problems == []
