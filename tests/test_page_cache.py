"""The page cache: a repeat visit costs no query, and never shows what has since changed."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver

from idm import page_cache
from tests.admin_forms import admin_url, form_data, run_action
from tests.factories import (
    OrganizationFactory,
    PolicyExampleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
    WorkshopFactory,
    build_workshop,
    country,
)
from tests.helpers import GENEVA, export_urls, public_urls
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db

API_LISTS = [
    "/api/v1/workshops/",
    "/api/v1/sessions/",
    "/api/v1/speakers/",
    "/api/v1/organizations/",
    "/api/v1/guiding-questions/",
    "/api/v1/policy-examples/",
    "/api/v1/documents/",
    "/api/v1/topics/",
    "/api/v1/years/",
]
LISTS = [
    "/en/speakers/",
    "/en/organizations/",
    "/en/policy-examples/?q=policy&country=ES&topic=remittances",
    "/en/guiding-questions/",
    "/en/search/?q=session",
]


def get(client, url, **kwargs):
    """The response and the number of SQL queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    return response, len(queries)


def all_public_urls(workshop):
    session = workshop.sessions.first()
    speaker = session.speakers.first()
    return [*public_urls(workshop), *LISTS, *export_urls(workshop, speaker, [session.pk])]


def test_every_public_page_and_api_list_is_served_from_the_cache_without_queries(client):
    workshop = build_workshop(2)
    TopicFactory(slug="remittances")
    for url in [*all_public_urls(workshop), *API_LISTS]:
        first, queries = get(client, url)
        assert first.status_code == 200, url
        assert queries > 0, url
        again, queries = get(client, url)
        assert (again.status_code, queries) == (200, 0), url
        assert again.content == first.content, url
        assert not again.cookies, url


def test_an_edit_shows_on_the_next_request(client):
    workshop = build_workshop(2)
    session = workshop.sessions.first()
    pages = [workshop.get_absolute_url(), session.get_absolute_url(), "/api/v1/sessions/"]
    for url in pages:
        client.get(url)

    session.title = "A title changed in the ORM"
    session.save()

    for url in pages:
        response, queries = get(client, url)
        assert queries > 0, url
        assert "A title changed in the ORM" in response.content.decode(), url


def test_an_edit_in_the_admin_shows_on_the_next_request(admin_client, client):
    session = SessionFactory(title="Old title")
    assert "Old title" in client.get(session.get_absolute_url()).content.decode()

    data = form_data(admin_client.get(admin_url(Session, "change", session.pk)))
    data["title_en"] = "New title"
    response = admin_client.post(admin_url(Session, "change", session.pk), data)
    assert response.status_code == 302

    html = client.get(session.get_absolute_url()).content.decode()
    assert "New title" in html
    assert "Old title" not in html


def test_unpublishing_in_the_admin_removes_the_pages_at_once(admin_client, client):
    workshop = build_workshop(1)
    urls = public_urls(workshop)[1:]
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)

    run_action(admin_client, "unpublish", [workshop])

    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    assert workshop.title not in client.get("/en/").content.decode()
    run_action(admin_client, "publish", [workshop])
    assert [client.get(url).status_code for url in urls] == [200] * len(urls)


def test_unpublishing_in_the_admin_removes_its_filter_options_at_once(admin_client, client):
    """The list pages keep their select boxes' options in the cache (workshops.filters)."""
    kept = WorkshopFactory(title="Kept workshop")
    PolicyExampleFactory(workshop=kept).countries.add(country("ES"))
    withdrawn = WorkshopFactory(title="Withdrawn workshop")
    PolicyExampleFactory(workshop=withdrawn).countries.add(country("NO"))
    assert ">Norway<" in client.get("/en/policy-examples/?q=a").content.decode()

    run_action(admin_client, "unpublish", [withdrawn])

    html = client.get("/en/policy-examples/?q=b").content.decode()
    assert ">Spain<" in html
    assert ">Norway<" not in html
    assert "Withdrawn workshop" not in html


def test_clear_page_cache_shows_a_change_made_behind_djangos_back(client):
    workshop = build_workshop(2)
    url = workshop.get_absolute_url()
    client.get(url)
    Workshop.objects.filter(pk=workshop.pk).update(title="Restored from a backup")
    assert "Restored from a backup" not in client.get(url).content.decode()

    out = StringIO()
    call_command("clear_page_cache", stdout=out)

    assert "Page cache cleared" in out.getvalue()
    response, queries = get(client, url)
    assert queries > 0
    assert "Restored from a backup" in response.content.decode()


def test_many_to_many_changes_show_on_the_next_request(client):
    example = PolicyExampleFactory(title="Remittance agreement")
    url = "/en/policy-examples/?country=EC"
    assert "Remittance agreement" not in client.get(url).content.decode()

    example.countries.add(country("EC"))
    assert "Remittance agreement" in client.get(url).content.decode()

    example.countries.clear()
    assert "Remittance agreement" not in client.get(url).content.decode()


def test_adding_people_through_their_own_relation_shows_on_the_next_request(client):
    """Session.speakers has its own through model (SessionSpeaker): add() sends no post_save."""
    session = SessionFactory()
    speaker = SpeakerFactory(full_name="Ama Owusu")
    client.get(session.get_absolute_url())

    session.speakers.add(speaker, through_defaults={"order": 1})

    assert "Ama Owusu" in client.get(session.get_absolute_url()).content.decode()


def test_pages_kept_by_another_release_are_not_served(client, settings):
    """After a deployment, a shared cache (Redis) still holds the pages of the code before."""
    workshop = build_workshop(2)
    url = workshop.get_absolute_url()
    client.get(url)
    assert get(client, url)[1] == 0

    settings.RELEASE = "next-release"

    response, queries = get(client, url)
    assert (response.status_code, queries > 0) == (200, True)


def test_a_deletion_shows_on_the_next_request(client):
    participant = SessionSpeakerFactory()
    session, speaker = participant.session, participant.speaker
    assert speaker.full_name in client.get(session.get_absolute_url()).content.decode()
    assert client.get(speaker.get_absolute_url()).status_code == 200

    participant.delete()

    assert speaker.full_name not in client.get(session.get_absolute_url()).content.decode()
    assert client.get(speaker.get_absolute_url()).status_code == 404
    session.delete()
    assert client.get(session.get_absolute_url()).status_code == 404


def test_the_version_changes_again_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    """A page rendered before the commit, from the data as it was, is not found afterwards."""
    session = SessionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        session.title = "Changed"
        session.save()
        before_commit = page_cache.content_version()
    assert page_cache.content_version() != before_commit


def test_editors_neither_get_cached_pages_nor_fill_the_cache(client, django_user_model):
    public = build_workshop(1)
    draft = build_workshop(1, status=Workshop.Status.DRAFT)
    editor = django_user_model.objects.create_user("editor", is_staff=True, is_superuser=True)
    editors = client.__class__()
    editors.force_login(editor)

    client.get(public.get_absolute_url())
    response, queries = get(editors, public.get_absolute_url())
    assert response.status_code == 200
    assert queries > 0

    assert editors.get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert editors.get(draft.get_absolute_url()).status_code == 200


def test_query_order_does_not_matter_but_language_and_values_do(client):
    session = SessionFactory(workshop=WorkshopFactory())
    SessionSpeakerFactory(session=session, speaker=SpeakerFactory(country=country("KE")))
    client.get("/en/speakers/?country=KE&q=a")
    assert get(client, "/en/speakers/?q=a&country=KE")[1] == 0
    assert get(client, "/en/speakers/?q=b&country=KE")[1] > 0
    client.get("/api/v1/workshops/", headers={"Accept-Language": "fr"})
    assert get(client, "/api/v1/workshops/")[1] > 0


@pytest.mark.parametrize(
    "change",
    [
        {"status": 404},
        {"cookie": True},
        {"Cache-Control": "max-age=0, no-cache, no-store, must-revalidate, private"},
        {"Vary": "Origin"},
    ],
    ids=["not found", "sets a cookie", "never cache", "varies on another header"],
)
def test_responses_that_must_not_be_shared_are_not_kept(change):
    response = HttpResponse("page", status=change.pop("status", 200))
    if change.pop("cookie", False):
        response.set_cookie("csrftoken", "secret")
    for header, value in change.items():
        response[header] = value
    assert page_cache.timeout_for(response) is None


def test_a_session_is_told_from_a_made_up_session_cookie(django_user_model):
    factory = RequestFactory()
    editors = Client()
    editors.force_login(django_user_model.objects.create_user("editor", is_staff=True))
    factory.cookies["sessionid"] = editors.cookies["sessionid"].value
    assert page_cache.has_a_session(factory.get("/en/"))
    factory.cookies["sessionid"] = "a" * 32
    assert not page_cache.has_a_session(factory.get("/en/"))


def test_a_made_up_session_cookie_gets_the_cached_page(client):
    """Else anyone could have any page rendered anew, at will."""
    workshop = build_workshop(2)
    url = workshop.get_absolute_url()
    page = client.get(url).content
    stranger = Client()
    stranger.cookies["sessionid"] = "a" * 32

    response, queries = get(stranger, url)

    assert (response.status_code, response.content, queries) == (200, page, 1)  # the lookup


def test_public_pages_set_no_cookie_and_need_no_csrf_token(client):
    workshop = build_workshop(1)
    for url in public_urls(workshop):
        response = client.get(url)
        assert not response.cookies, url
        assert "csrfmiddlewaretoken" not in response.content.decode(), url


def test_language_links_lead_to_the_same_page_in_each_language(client):
    html = client.get("/en/speakers/?q=awad").content.decode()
    assert '<a href="/fr/speakers/?q=awad" lang="fr" hreflang="fr">Français</a>' in html
    assert (
        '<a href="/en/speakers/?q=awad" lang="en" hreflang="en" aria-current="page">English</a>'
        in html
    )


@time_machine.travel(datetime.datetime(2030, 3, 10, 10, 30, tzinfo=GENEVA), tick=False)
def test_the_agenda_is_kept_only_until_the_session_running_now_changes(client):
    workshop = WorkshopFactory()
    SessionFactory(
        workshop=workshop,
        title="Morning",
        start_time=datetime.time(10, 0),
        end_time=datetime.time(11, 0),
    )
    SessionFactory(
        workshop=workshop,
        title="Noon",
        start_time=datetime.time(11, 0),
        end_time=datetime.time(12, 0),
    )
    url = workshop.get_absolute_url()
    client.get(url)
    with time_machine.travel(datetime.datetime(2030, 3, 10, 10, 59, tzinfo=GENEVA)):
        assert get(client, url)[1] == 0
    with time_machine.travel(datetime.datetime(2030, 3, 10, 11, 0, 1, tzinfo=GENEVA)):
        response, queries = get(client, url)
        assert queries > 0
        assert response.context["current_session"].title == "Noon"


@time_machine.travel(datetime.datetime(2030, 3, 11, 18, 0, tzinfo=GENEVA), tick=False)
def test_the_home_page_is_kept_only_until_midnight(client):
    WorkshopFactory(title="Ends today")
    assert "Upcoming and current workshops" in client.get("/en/").content.decode()
    with time_machine.travel(datetime.datetime(2030, 3, 12, 0, 0, 1, tzinfo=GENEVA)):
        assert "Upcoming and current workshops" not in client.get("/en/").content.decode()


def test_filtered_lists_run_the_same_number_of_queries_for_small_and_large_data(client):
    remittances = TopicFactory(slug="remittances")

    def build(count):
        workshop = build_workshop(count)
        for example in workshop.policy_examples.all():
            example.topics.add(remittances)
            example.organizations.add(OrganizationFactory())
        return workshop

    def counts(workshop):
        urls = [
            *LISTS,
            f"/en/speakers/?workshop={workshop.slug}&role=speaker",
            f"/en/guiding-questions/?workshop={workshop.slug}&q=question",
            "/api/v1/policy-examples/?country=ES&topic=remittances&q=policy&page_size=200",
            f"/api/v1/speakers/?workshop={workshop.slug}&role=speaker",
        ]
        return [get(client, url)[1] for url in urls]

    assert counts(build(2)) == counts(build(8))


def routes(patterns, prefix=""):
    """(route, view) of every URL pattern under `patterns`."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.callback


def test_every_public_address_says_which_query_parameters_it_reads():
    """Those that say nothing are never cached: the admin, uploads, the health check, and the
    web app's worker and manifest (rendered without the database)."""
    undeclared = [
        route
        for route, view in routes(get_resolver().url_patterns)
        if page_cache.query_parameters(view) is None and not route.startswith("admin/")
    ]
    assert undeclared == [
        "api/v1/^.*/$",
        "healthz",
        "sw.js",
        "media/<path:name>",
        "en/manifest.webmanifest",
    ]


def test_query_parameters_that_a_page_does_not_read_make_no_new_entry(client):
    workshop = build_workshop(2)
    TopicFactory(slug="remittances")
    urls = [
        workshop.get_absolute_url(),
        "/en/policy-examples/?q=policy&country=ES",
        "/sitemap-sessions.xml?p=1",
        "/api/v1/sessions/?page_size=1",
        f"/api/v1/workshops/{workshop.slug}/",
    ]
    for url in urls:
        first, queries = get(client, f"{url}&utm_source=a" if "?" in url else f"{url}?q=a")
        assert (first.status_code, queries > 0) == (200, True), url
        # Nor does the page repeat them, in its language links or its next page's.
        assert "utm_source" not in first.content.decode(), url
        again, queries = get(client, f"{url}&utm_source=b" if "?" in url else f"{url}?q=b")
        assert (again.status_code, queries, again.content) == (200, 0, first.content), url


def test_api_answers_are_kept_by_the_type_they_answer_in_not_by_the_accept_header(client):
    WorkshopFactory()
    url = "/api/v1/workshops/"
    first, queries = get(client, url, headers={"Accept": "application/json; indent=4"})
    assert (first["Content-Type"], queries > 0) == ("application/json", True)
    assert b"\n" not in first.content
    for accept in ["*/*", "application/json", "text/html;q=0.9, application/json", ""]:
        again, queries = get(client, url, headers={"Accept": accept} if accept else {})
        assert (again.status_code, queries, again.content) == (200, 0, first.content), accept
    assert client.get(url, headers={"Accept": "text/html"}).status_code == 406


def test_the_api_schema_is_kept_once_in_each_format(client):
    url = "/api/v1/schema/"
    yaml, json = client.get(url), client.get(f"{url}?format=json")
    assert yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert get(client, url)[0].content == yaml.content
    assert get(client, url)[1] == get(client, f"{url}?format=json")[1] == 0


def test_pages_larger_than_the_limit_are_not_kept(client, settings):
    workshop = build_workshop(2)
    url = workshop.get_absolute_url()
    size = len(client.get(url).content)
    assert get(client, url)[1] == 0

    settings.PAGE_CACHE_MAX_SIZE = size - 1
    WorkshopFactory()  # a new content version: the page is rendered again
    assert get(client, url)[1] > 0
    assert get(client, url)[1] > 0


def test_pages_kept_in_a_process_take_no_more_than_its_bound(client, settings):
    """The same page asked for with its page number spelt in other ways (`?p=1`, `?p=01`…) is
    kept under a key for each spelling; the least recently used go once the pages kept pass
    the process's bound, and the pages asked for last are still served from the cache."""
    build_workshop(2)
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "idm.caches.ProcessMemoryCache",
            "LOCATION": "bounded-pages",
            "OPTIONS": {"MAX_BYTES": 20_000},
        },
    }
    cache = caches["default"]
    cache.clear()
    spellings = [f"/sitemap-sessions.xml?p={'0' * zeros}1" for zeros in range(40)]
    for url in spellings:
        assert get(client, url)[0].status_code == 200
        assert sum(map(len, cache._cache.values())) <= 20_000
    kept = len(cache._cache)
    assert 1 < kept < len(spellings)
    assert get(client, spellings[-1])[1] == 0
    assert get(client, spellings[0])[1] > 0  # went first
