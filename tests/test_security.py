"""Security: response headers and Content-Security-Policy, the admin login rate limit, no draft
content on any public route, and editor text always escaped; in every language."""

import datetime
import json
import re
from urllib.parse import parse_qsl, urlencode

import icalendar
import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import OperationalError
from django.test import Client
from django.utils.html import escape
from lxml import etree, html

from idm.languages import translated_fields
from idm.sitemaps import SITEMAPS
from speakers.models import Organization, web_link
from tests.factories import (
    Content,
    DialogueYearFactory,
    DocumentFactory,
    GuidingQuestionFactory,
    OrganizationFactory,
    PolicyExampleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
    WorkshopFactory,
    build_published,
    build_texts,
    country,
    link_to_texts,
)
from workshops.models import (
    PolicyExample,
    Publication,
    Session,
    SessionSpeaker,
    Workshop,
    WorkshopPartner,
)
from workshops.views import HomeView

pytestmark = pytest.mark.django_db

API = "/api/v1"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


# Headers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/en/", "/fr/speakers/", "/en/no-such-page/", "/admin/login/", f"{API}/docs/", "/sitemap.xml"],
)
def test_every_page_is_sent_with_the_security_headers(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert_security_headers(response)


def assert_security_headers(response):
    assert response["Content-Security-Policy"] == CSP
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def broken(*args, **kwargs):
    raise RuntimeError("a bug")


def database_gone(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


def test_error_pages_are_sent_with_the_security_headers(monkeypatch):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    answers = {
        "host not allowed": client.get("/en/", headers={"Host": "elsewhere.example"}),
        "form without its token": client.post("/en/search/", {"q": "x"}),
        "unknown page": client.get("/en/no-such-page/"),
        "method not allowed": client.post("/robots.txt"),
        "bad schema parameter": client.get(f"{API}/schema/?version=%00"),
    }
    monkeypatch.setattr(HomeView, "get", broken)
    answers["server error"] = client.get("/en/")
    monkeypatch.setattr(HomeView, "get", database_gone)
    answers["database unavailable"] = client.get("/en/")

    statuses = {name: response.status_code for name, response in answers.items()}
    assert statuses == {
        "host not allowed": 400,
        "form without its token": 403,
        "unknown page": 404,
        "method not allowed": 405,
        "bad schema parameter": 400,
        "server error": 500,
        "database unavailable": 503,
    }
    for response in answers.values():
        assert_security_headers(response)


def test_debug_error_pages_are_sent_without_the_policy(client, settings):
    """Django's own debug pages (DEBUG only) need their inline styles and scripts."""
    settings.DEBUG = True
    assert "Content-Security-Policy" not in client.get("/en/no-such-page/")
    assert client.get("/en/")["Content-Security-Policy"] == CSP


def test_api_docs_page_loads_its_script_and_styles_from_files(client):
    response = client.get(f"{API}/docs/")
    page = html.fromstring(response.content)
    assert [script.get("src") for script in page.iter("script")] == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
        f"{API}/docs/?script=",
    ]
    assert inline_code(page) == []
    script = client.get(f"{API}/docs/?script=")
    assert script["Content-Type"] == "application/javascript"
    assert f"{API}/schema/" in script.content.decode()


TEMPLATE_INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE
)


def test_templates_have_no_inline_scripts_styles_or_handlers():
    """The policy allows neither: a template that had any would break under it."""
    found = {
        str(path.relative_to(settings.BASE_DIR)): TEMPLATE_INLINE_CODE.findall(path.read_text())
        for path in (settings.BASE_DIR / "templates").rglob("*.html")
    }
    assert {path: matches for path, matches in found.items() if matches} == {}


def inline_code(page):
    """Whatever in a parsed page would run or style it without coming from a file."""
    inline = [*page.iter("style"), *(s for s in page.iter("script") if not s.get("src"))]
    problems = [etree.tostring(element, encoding=str)[:80] for element in inline]
    for element in page.iter(etree.Element):
        for name, value in element.attrib.items():
            if name.startswith("on") or name == "style":
                problems.append(f"<{element.tag} {name}={value!r}>")
            if (element.tag, name) in NAVIGATION and not safe_link(value):
                problems.append(f"<{element.tag} {name}={value!r}>")
    return problems


# Where an address is followed (or loaded into a frame) when the visitor acts.
NAVIGATION = {
    ("a", "href"),
    ("area", "href"),
    ("form", "action"),
    ("button", "formaction"),
    ("input", "formaction"),
    ("iframe", "src"),
}


def safe_link(value):
    """A site path, a fragment, or an http(s) address: nothing a browser would run."""
    return value.startswith(("/", "#", "?")) or web_link(value) == value


# Admin login rate limit ---------------------------------------------------------------------

PASSWORD = "correct horse battery staple"
HOME = "203.0.113.7"
ELSEWHERE = "198.51.100.9"


@pytest.fixture
def editors(django_user_model, fast_password_hashing):
    return [
        django_user_model.objects.create_user(name, password=PASSWORD, is_staff=True)
        for name in ("editor", "colleague")
    ]


def log_in(client, username, password, address=HOME):
    client.logout()
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def fail(client, times):
    """`times` failed logins as "editor" from HOME; their status codes."""
    return [log_in(client, "editor", "wrong").status_code for _ in range(times)]


def test_five_failed_logins_lock_the_user_out_even_with_the_right_password(client, editors):
    assert fail(client, 4) == [200] * 4
    assert fail(client, 1) == [429]

    response = log_in(client, "editor", PASSWORD)

    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_spares_other_users_and_the_same_user_elsewhere(client, editors):
    fail(client, 5)
    assert logged_in(log_in(client, "colleague", PASSWORD))
    assert logged_in(log_in(client, "editor", PASSWORD, address=ELSEWHERE))
    assert log_in(client, "editor", PASSWORD).status_code == 429


def test_one_password_tried_on_many_user_names_locks_the_address_out(client, editors):
    statuses = [log_in(client, f"user{number}", "Summer2030!").status_code for number in range(50)]
    assert statuses == [200] * 49 + [429]

    response = log_in(client, "colleague", PASSWORD)

    assert response.status_code == 429
    page = response.content.decode()
    assert "After too many failed logins from your address, no one can log in from it" in page
    assert logged_in(log_in(client, "colleague", PASSWORD, address=ELSEWHERE))


def test_editors_behind_one_address_do_not_lock_each_other_out_with_typos(
    client, django_user_model
):
    names = [f"editor{number}" for number in range(10)]
    for name in names:
        django_user_model.objects.create_user(name, password=PASSWORD, is_staff=True)
    for name in names:
        assert [log_in(client, name, "wrong").status_code for _ in range(4)] == [200] * 4

    assert [logged_in(log_in(client, name, PASSWORD)) for name in names] == [True] * 10


def test_behind_a_proxy_the_lockout_is_for_the_address_the_proxy_saw(client, editors, settings):
    """nginx (deploy/nginx/idm.conf) appends the address it got the request from to
    X-Forwarded-For; what the client itself wrote there is ignored."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.1"

    def through_proxy(password, forwarded_for):
        client.logout()
        return client.post(
            "/admin/login/?next=/admin/",
            {"username": "editor", "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )

    statuses = [through_proxy("wrong", f"10.9.9.{n}, {HOME}").status_code for n in range(5)]
    assert statuses == [200] * 4 + [429]
    assert through_proxy(PASSWORD, HOME).status_code == 429
    assert logged_in(through_proxy(PASSWORD, ELSEWHERE))
    # What is not an address counts as the proxy's own (the database stores addresses).
    assert through_proxy("wrong", "not-an-address").status_code == 200
    assert logged_in(through_proxy(PASSWORD, f"{HOME}:5678"))


def test_lockout_lasts_an_hour_from_the_last_attempt(client, editors):
    with time_machine.travel(datetime.datetime(2030, 3, 10, 9, 0, tzinfo=datetime.UTC)) as clock:
        fail(client, 5)
        clock.shift(datetime.timedelta(minutes=59))
        assert log_in(client, "editor", PASSWORD).status_code == 429
        clock.shift(datetime.timedelta(minutes=59))
        assert log_in(client, "editor", PASSWORD).status_code == 429
        clock.shift(datetime.timedelta(minutes=61))
        assert logged_in(log_in(client, "editor", PASSWORD))


def test_a_successful_login_clears_the_failures(client, editors):
    fail(client, 4)
    assert logged_in(log_in(client, "editor", PASSWORD))
    assert fail(client, 4) == [200] * 4
    assert logged_in(log_in(client, "editor", PASSWORD))


def test_an_administrator_can_unlock_a_user_in_the_admin(client, admin_client, editors):
    fail(client, 5)
    attempts = admin_client.get("/admin/axes/accessattempt/")
    (attempt,) = attempts.context["cl"].result_list
    assert attempt.username == "editor"

    admin_client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})

    assert logged_in(log_in(client, "editor", PASSWORD))


# Drafts never public ------------------------------------------------------------------------

# In every text of the draft content; case-insensitive, so it also finds slugs and addresses.
MARKER = "Zanzibarqux"
# In published and draft texts alike: searching or filtering for it must count only the former.
SHARED = "migration"


def build_draft(published):
    """A draft in the published workshop's year, with the marker in every text and slug.

    Its speaker, stand-in and organization are linked to nothing else, but for the published
    workshop's paper, which the draft's speaker presented; the published speaker also speaks in
    it, with another title; it is related to the published workshop.
    """
    text = f"Labour {SHARED} {MARKER}"
    workshop = WorkshopFactory(
        dialogue_year=published.workshop.dialogue_year, status=Workshop.Status.DRAFT,
        title=f"{text} workshop", slug=f"{MARKER}-workshop", summary=f"{text} summary",
        venue=f"{MARKER} hall", city=f"{MARKER} city",
    )  # fmt: skip
    workshop.related_workshops.add(published.workshop)
    workshop.objectives.create(text=f"{text} objective", order=1)
    workshop.key_principles.create(text=f"{text} principle", order=1)
    workshop.challenges.create(text=f"{text} challenge", order=1)
    organization = OrganizationFactory(
        name=f"{text} ministry", slug=f"{MARKER}-ministry", acronym=MARKER,
        website=f"https://{MARKER}.example.org/", country=country("NZ"),
    )  # fmt: skip
    WorkshopPartner.objects.create(workshop=workshop, organization=organization, role="organizer")
    session = SessionFactory(
        workshop=workshop, title=f"{text} panel", slug=f"{MARKER}-panel",
        description=f"{text} description",
    )  # fmt: skip
    SessionFactory(
        workshop=workshop, kind=Session.Kind.BREAK, title=f"{MARKER} break", slug=f"{MARKER}-break"
    )
    speaker = SpeakerFactory(
        full_name=f"{MARKER} Person", sort_name=f"{MARKER}, Person", slug=f"{MARKER}-person",
        position=f"{text} adviser", bio=f"{text} bio", organization=organization,
        country=country("NZ"),
    )  # fmt: skip
    stand_in_for = SpeakerFactory(
        full_name=f"{MARKER} Absent", slug=f"{MARKER}-absent", organization=organization
    )
    SessionSpeakerFactory(
        session=session, speaker=speaker, role=SessionSpeaker.Role.MODERATOR,
        title=f"{MARKER} title", organization=organization, on_behalf_of=stand_in_for,
    )  # fmt: skip
    SessionSpeakerFactory(
        session=session, speaker=published.speaker, title=f"{MARKER} envoy",
        organization=organization,
    )  # fmt: skip
    question = GuidingQuestionFactory(session=session, text=f"{text} question?")
    topic = TopicFactory(name=f"{MARKER} topic", slug=f"{MARKER}-topic")
    example = PolicyExampleFactory(
        workshop=workshop, session=session, title=f"{text} example", slug=f"{MARKER}-example",
        summary=f"{text} example summary", scope=PolicyExample.Scope.REGIONAL,
    )  # fmt: skip
    example.topics.add(topic, published.topic)
    example.countries.add(country("NZ"), country("ES"))
    example.organizations.add(organization, published.organization)
    document = DocumentFactory(
        workshop=workshop, session=session, speaker=speaker, title=f"{text} paper",
        slug=f"{MARKER}-paper", url=f"https://example.org/{MARKER}.pdf",
    )  # fmt: skip
    published.document.speaker = speaker
    published.document.save()
    section = build_texts(workshop, text, f"{MARKER}-texts")
    link_to_texts(workshop, session, example, section)
    # A draft publication of the published workshop, which its published content refers to.
    draft_text = build_texts(published.workshop, text, f"{MARKER}-draft", status=DRAFT)
    published.workshop.key_principles.create(
        text="Published principle", order=1, source_section=draft_text
    )
    published.workshop.challenges.create(text="Published challenge", order=1)
    DocumentFactory(
        workshop=published.workshop, title="Report", slug="report", kind="report",
        part=draft_text.part,
    )  # fmt: skip
    return Content(
        workshop, session, speaker, organization, question, example, topic, document, section
    )


DRAFT = Workshop.Status.DRAFT


def draft_publication_of_the_published_workshop():
    return Publication.objects.get(slug=f"{MARKER}-draft")


@pytest.fixture
def published():
    return build_published()


def translate(marker, languages=("fr", "es")):
    """Writes a version in `languages` of each text that holds `marker`: the text itself,
    after the language's code."""
    for model in apps.get_models():
        for field in translated_fields(model):
            for item in model.objects.filter(**{f"{field}_en__contains": marker}):
                english = getattr(item, f"{field}_en")
                for language in languages:
                    setattr(item, f"{field}_{language}", f"{language}: {english}")
                item.save()


def in_every_language(urls):
    """Each address under /en/ also under /fr/ and /es/; the API's also with ?lang=fr, es."""
    found = []
    for url in urls:
        found.append(url)
        for language in ("fr", "es"):
            if url.startswith("/en/"):
                found.append(f"/{language}/{url.removeprefix('/en/')}")
            elif url.startswith(f"{API}/"):
                found.append(f"{url}{'&' if '?' in url else '?'}lang={language}")
    return found


@pytest.fixture
def draft(published):
    """The draft, plus a second one alone in its year (whose theme has the marker too), each
    text also in French and Spanish."""
    WorkshopFactory(
        dialogue_year=DialogueYearFactory(year=2031, theme=f"{MARKER} theme"),
        status=Workshop.Status.DRAFT, title=f"{MARKER} next year", slug=f"{MARKER}-next",
    )  # fmt: skip
    content = build_draft(published)
    translate(MARKER)
    return content


def html_pages(published, draft):
    """Every public HTML page of the published content, with every filter, some set to a
    draft's values (which the filters reject: their choices are published content only)."""
    p = published
    pages = [
        "/en/",
        "/fr/",
        "/en/?page=1",
        "/en/years/2030/",
        p.workshop.get_absolute_url(),
        p.session.get_absolute_url(),
        p.speaker.get_absolute_url(),
        p.organization.get_absolute_url(),
        p.example.get_absolute_url(),
        f"/en/search/?q={SHARED}",
        f"/en/search/?q=labour+{SHARED}",
        f"/en/my-agenda/?s={draft.session.pk}&s={p.session.pk}",
        p.publication.get_absolute_url(),
        *[part.get_absolute_url() for part in p.publication.parts.all()],
        "/en/about/",
    ]
    filters = {
        "/en/speakers/": {
            "q": SHARED,
            "workshop": [p.workshop.slug, draft.workshop.slug],
            "role": SessionSpeaker.Role.MODERATOR,
            "organization": [p.organization.slug, draft.organization.slug],
            "country": ["ES", "NZ"],
        },
        "/en/organizations/": {
            "q": SHARED,
            "kind": Organization.Kind.GOVERNMENT,
            "country": ["ES", "NZ"],
        },
        "/en/policy-examples/": {
            "q": SHARED,
            "country": ["ES", "NZ"],
            "topic": [p.topic.slug, draft.topic.slug],
            "scope": PolicyExample.Scope.REGIONAL,
            "year": 2030,
            "workshop": [p.workshop.slug, draft.workshop.slug],
            "organization": [p.organization.slug, draft.organization.slug],
        },
        "/en/guiding-questions/": {
            "q": SHARED,
            "workshop": [p.workshop.slug, draft.workshop.slug],
            "session": [p.session.pk, draft.session.pk],
        },
    }
    for page, choices in filters.items():
        pages.append(page)
        for name, values in choices.items():
            pages += [f"{page}?{name}={value}" for value in as_list(values)]
    return pages


def as_list(values):
    return values if isinstance(values, list) else [values]


def api_urls(published, draft):
    p = published
    lists = [
        "years", "workshops", "sessions", "speakers", "organizations", "guiding-questions",
        "policy-examples", "documents", "topics", "publications", "sections",
    ]  # fmt: skip
    filters = {
        "sessions": {"workshop": p.workshop.slug},
        "documents": {"workshop": p.workshop.slug},
        "publications": {"workshop": p.workshop.slug},
        "sections": {
            "workshop": p.workshop.slug, "kind": "report", "publication": p.publication.pk,
        },
        "speakers": {
            "q": SHARED, "workshop": p.workshop.slug, "role": SessionSpeaker.Role.MODERATOR,
            "organization": p.organization.slug, "country": "ES",
        },
        "organizations": {"q": SHARED, "kind": Organization.Kind.GOVERNMENT, "country": "ES"},
        "guiding-questions": {"q": SHARED, "workshop": p.workshop.slug, "session": p.session.pk},
        "policy-examples": {
            "q": SHARED, "country": "ES", "topic": p.topic.slug, "year": 2030,
            "scope": PolicyExample.Scope.REGIONAL, "workshop": p.workshop.slug,
            "organization": p.organization.slug,
        },
    }  # fmt: skip
    urls = [f"{API}/{name}/" for name in lists]
    for name, choices in filters.items():
        urls += [f"{API}/{name}/?{key}={value}" for key, value in choices.items()]
    return [
        *urls,
        f"{API}/years/2030/",
        f"{API}/workshops/{p.workshop.slug}/",
        f"{API}/sessions/{p.session.pk}/",
        f"{API}/speakers/{p.speaker.slug}/",
        f"{API}/organizations/{p.organization.slug}/",
        f"{API}/guiding-questions/{p.question.pk}/",
        f"{API}/policy-examples/{p.example.slug}/",
        f"{API}/documents/{p.document.pk}/",
        f"{API}/topics/{p.topic.slug}/",
        f"{API}/publications/{p.publication.pk}/",
        f"{API}/sections/{p.section.pk}/",
    ]


def exports(content, *starred):
    workshop, session = content.workshop.slug, content.session.slug
    ids = "&".join(f"s={session.pk}" for session in starred)
    return [
        f"/en/workshops/{workshop}/calendar.ics",
        f"/en/workshops/{workshop}/sessions/{session}/calendar.ics",
        f"/en/speakers/{content.speaker.slug}/calendar.ics",
        f"/en/workshops/{workshop}/schedule.xml",
        f"/en/workshops/{workshop}/schedule.json",
        f"/en/my-agenda/calendar.ics?{ids}",
    ]


# The draft's country, in each language of the site.
NEW_ZEALAND = ("New Zealand", "Nouvelle-Zélande", "Nueva Zelanda")


def leaks(client, urls, status=200):
    """{url: what went wrong} over `urls`: another status than expected, or the marker."""
    problems = {}
    for url in urls:
        response = client.get(url)
        body = without_own_address(response.content.decode(), url)
        if response.status_code != status:
            problems[url] = response.status_code
        elif MARKER.lower() in body.lower() or any(name in body for name in NEW_ZEALAND):
            start = max(body.lower().find(MARKER.lower()), *map(body.find, NEW_ZEALAND), 0)
            problems[url] = body[max(start - 100, 0) : start + 100]
    return problems


def without_own_address(body, url):
    """A page repeats its own address (in the language links) and the text typed in its
    filters (the organization box): that is no leak."""
    path, _, query = url.partition("?")
    path = re.sub("^/(en|fr|es)/", "/", path)
    typed = [value for name, value in parse_qsl(query) if name == "organization"]
    for echo in filter(None, (path.strip("/"), query, *typed)):
        body = body.replace(escape(echo), "").replace(echo, "")
    return body


def filter_rejected(client, url):
    response = client.get(url)
    return response.context["filter"].errors and response.context["paginator"].count == 0


def log_in_an_editor(client, django_user_model):
    editor = django_user_model.objects.create_user("preview", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_workshop"))
    client.force_login(editor)


def test_the_marker_is_there_for_editors(client, django_user_model, draft):
    """Otherwise the tests below would prove nothing."""
    log_in_an_editor(client, django_user_model)
    draft_text = draft_publication_of_the_published_workshop().parts.first()
    for url in (
        draft.workshop.get_absolute_url(),
        draft.session.get_absolute_url(),
        draft.section.get_absolute_url(),
        draft_text.get_absolute_url(),
    ):
        assert MARKER in client.get(url).content.decode(), url
    # The workshop's texts in French and Spanish too (a publication's are not translated).
    for url in (draft.workshop.get_absolute_url(), draft.session.get_absolute_url()):
        for language in ("fr", "es"):
            page = client.get(url.replace("/en/", f"/{language}/")).content.decode()
            assert f"{language}: Labour {SHARED} {MARKER}" in page, url


def test_editors_previewing_a_draft_can_follow_its_speakers(client, django_user_model, draft):
    """The agenda of a draft links its people: for an editor, their pages show its sessions."""
    url = draft.speaker.get_absolute_url()
    assert client.get(url).status_code == 404
    log_in_an_editor(client, django_user_model)

    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft: only editors can see this page." in page
    assert draft.session.get_absolute_url() in page
    assert "no-store" in response["Cache-Control"]
    assert f"{url}calendar.ics" not in page  # it holds published sessions only: none


def test_editors_may_preview_a_draft_only_year_and_organization(client, django_user_model, draft):
    urls = ["/en/years/2031/", draft.organization.get_absolute_url()]
    assert [client.get(url).status_code for url in urls] == [404, 404]
    log_in_an_editor(client, django_user_model)

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Draft: only editors can see this page." in page, url
        assert f"{MARKER}-" in page, url  # a link to what it has in drafts
        assert "no-store" in response["Cache-Control"], url


def test_no_public_page_shows_draft_content(client, published, draft):
    assert leaks(client, in_every_language(html_pages(published, draft))) == {}
    # Nor what a phone keeps of the published workshop for reading offline.
    assert leaks(client, [f"/en/workshops/{published.workshop.slug}/offline.json"]) == {}


def test_filters_reject_a_draft_value(client, published, draft):
    pages = [
        f"/en/speakers/?workshop={draft.workshop.slug}",
        f"/en/speakers/?organization={draft.organization.slug}",
        f"/en/policy-examples/?topic={draft.topic.slug}",
        f"/en/policy-examples/?organization={draft.organization.slug}",
        f"/en/guiding-questions/?session={draft.session.pk}",
    ]
    assert [page for page in pages if not filter_rejected(client, page)] == []


def test_lists_and_search_count_only_published_content(client, published, draft):
    for page in [
        "/en/speakers/",
        "/en/organizations/",
        "/en/policy-examples/",
        "/en/guiding-questions/",
    ]:
        for query in ("", f"?q={SHARED}"):
            assert client.get(page + query).context["paginator"].count == 1, page + query

    results = client.get(f"/en/search/?q={SHARED}").context
    assert {group.key: group.count for group in results["groups"]} == {
        "workshops": 1,
        "sessions": 1,
        "speakers": 1,
        "organizations": 1,
        "guiding_questions": 1,
        "policy_examples": 1,
        "sections": 3,  # of the foreword, the report and the background paper
    }
    assert results["total"] == 9
    assert client.get(f"/en/search/?q={MARKER}").context["total"] == 0


def test_my_agenda_ignores_a_starred_draft_session(client, published, draft):
    context = client.get(f"/en/my-agenda/?s={draft.session.pk}&s={published.session.pk}").context
    assert context["missing_count"] == 1
    assert context["calendar_query"] == f"s={published.session.pk}"


def test_draft_pages_are_not_found(client, published, draft):
    d = draft
    urls = [
        "/en/years/2031/",
        d.workshop.get_absolute_url(),
        d.session.get_absolute_url(),
        f"{d.workshop.get_absolute_url()}sessions/{d.workshop.sessions.get(kind='break').slug}/",
        f"{published.workshop.get_absolute_url()}sessions/{d.session.slug}/",
        d.speaker.get_absolute_url(),
        d.session.participants.get(speaker=d.speaker).on_behalf_of.get_absolute_url(),
        d.organization.get_absolute_url(),
        d.example.get_absolute_url(),
        d.publication.get_absolute_url(),
        *[part.get_absolute_url() for part in d.publication.parts.all()],
    ]
    draft_publication = draft_publication_of_the_published_workshop()
    urls += [draft_publication.get_absolute_url()]
    urls += [part.get_absolute_url() for part in draft_publication.parts.all()]
    assert leaks(client, urls, status=404) == {}


# What the service worker may keep (templates/sw.js keeps "Cache-Control: public" answers only)


def kept_by_the_worker(response):
    directives = {d.strip() for d in response.get("Cache-Control", "").lower().split(",")}
    return "public" in directives and not directives & {"private", "no-store"}


def test_every_public_page_may_be_kept_for_reading_offline(client, published, draft):
    pages = [*html_pages(published, draft), f"/en/workshops/{published.workshop.slug}/offline.json"]
    assert [url for url in pages if not kept_by_the_worker(client.get(url))] == []


def test_nothing_an_editor_is_sent_may_be_kept(client, django_user_model, published, draft):
    """Not even the published pages: they are asked for with a session cookie."""
    log_in_an_editor(client, django_user_model)
    urls = [
        *html_pages(published, draft),
        "/en/years/2031/",
        draft.workshop.get_absolute_url(),
        draft.session.get_absolute_url(),
        draft.speaker.get_absolute_url(),
        draft.organization.get_absolute_url(),
        draft.example.get_absolute_url(),
        "/admin/",
        "/admin/workshops/workshop/",
        f"/admin/workshops/workshop/{draft.workshop.pk}/change/",
    ]
    responses = {url: client.get(url) for url in urls}
    assert {url: r.status_code for url, r in responses.items() if r.status_code != 200} == {}
    assert [url for url, response in responses.items() if kept_by_the_worker(response)] == []


def test_no_draft_error_or_admin_page_may_be_kept(client, published, draft):
    urls = [
        draft.workshop.get_absolute_url(),
        draft.session.get_absolute_url(),
        f"/en/workshops/{draft.workshop.slug}/offline.json",
        "/en/no-such-page/",
        "/admin/login/",
        "/healthz",
        "/sw.js",
    ]
    assert [url for url in urls if kept_by_the_worker(client.get(url))] == []
    # A session cookie, even one the site no longer knows, is enough.
    client.cookies[settings.SESSION_COOKIE_NAME] = "expired"
    assert not kept_by_the_worker(client.get(published.workshop.get_absolute_url()))


def test_no_api_answer_shows_draft_content(client, published, draft):
    assert leaks(client, in_every_language(api_urls(published, draft))) == {}


def test_draft_objects_are_not_found_in_the_api(client, published, draft):
    d = draft
    urls = [
        f"{API}/years/2031/",
        f"{API}/workshops/{d.workshop.slug}/",
        f"{API}/sessions/{d.session.pk}/",
        f"{API}/speakers/{d.speaker.slug}/",
        f"{API}/organizations/{d.organization.slug}/",
        f"{API}/guiding-questions/{d.question.pk}/",
        f"{API}/policy-examples/{d.example.slug}/",
        f"{API}/documents/{d.document.pk}/",
        f"{API}/topics/{d.topic.slug}/",
        f"{API}/publications/{d.publication.pk}/",
        f"{API}/sections/{d.section.pk}/",
        f"{API}/publications/{draft_publication_of_the_published_workshop().pk}/",
    ]
    assert leaks(client, urls, status=404) == {}
    filters = [
        f"{API}/sections/?workshop={d.workshop.slug}",
        f"{API}/sections/?publication={d.publication.pk}",
        f"{API}/sections/?publication={draft_publication_of_the_published_workshop().pk}",
        f"{API}/sessions/?workshop={d.workshop.slug}",
        f"{API}/speakers/?organization={d.organization.slug}",
        f"{API}/policy-examples/?topic={d.topic.slug}",
        f"{API}/guiding-questions/?session={d.session.pk}",
    ]
    assert leaks(client, filters, status=400) == {}


def test_exports_have_no_draft_content(client, published, draft):
    assert (
        leaks(client, in_every_language(exports(published, published.session, draft.session))) == {}
    )
    assert leaks(client, in_every_language(exports(draft)[:-1]), status=404) == {}
    my_agenda = client.get(exports(draft, draft.session)[-1])
    assert MARKER not in my_agenda.content.decode()
    assert icalendar.Calendar.from_ical(my_agenda.content).walk("VEVENT") == []


def test_sitemap_has_no_draft_content(client, published, draft):
    sections = [f"/sitemap-{section}.xml" for section in SITEMAPS]
    assert leaks(client, ["/sitemap.xml", *sections]) == {}


# Editor text is escaped ---------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"{SCRIPT}{IMAGE}"
LINK = "javascript:alert(document.cookie)"


def build_hostile():
    """Published content with markup in every text that a page shows, and javascript: links."""
    workshop = WorkshopFactory(
        dialogue_year=DialogueYearFactory(year=2030, theme=PAYLOAD), title=PAYLOAD,
        slug="hostile", summary=PAYLOAD, venue=PAYLOAD, city=PAYLOAD,
    )  # fmt: skip
    for points in (workshop.objectives, workshop.key_principles, workshop.challenges):
        points.create(text=PAYLOAD, order=1)
    organization = OrganizationFactory(name=PAYLOAD, slug="hostile", acronym=IMAGE, website=LINK)
    WorkshopPartner.objects.create(workshop=workshop, organization=organization, role="funder")
    session = SessionFactory(workshop=workshop, title=PAYLOAD, slug="one", description=PAYLOAD)
    SessionFactory(workshop=workshop, title=PAYLOAD, slug="two")
    speaker = SpeakerFactory(
        full_name=PAYLOAD, slug="hostile", position=PAYLOAD, bio=PAYLOAD,
        organization=organization,
    )  # fmt: skip
    SessionSpeakerFactory(
        session=session, speaker=speaker, title=PAYLOAD, organization=organization,
        on_behalf_of=SpeakerFactory(full_name=PAYLOAD, organization=organization),
    )  # fmt: skip
    question = GuidingQuestionFactory(session=session, text=PAYLOAD)
    topic = TopicFactory(name=PAYLOAD, slug="hostile")
    example = PolicyExampleFactory(
        workshop=workshop, session=session, title=PAYLOAD, slug="hostile", summary=PAYLOAD
    )
    example.topics.add(topic)
    example.organizations.add(organization)
    document = DocumentFactory(
        workshop=workshop, session=session, speaker=speaker, title=PAYLOAD, slug="hostile",
        url=LINK,
    )  # fmt: skip
    section = build_texts(workshop, PAYLOAD, "hostile-texts")
    link_to_texts(workshop, session, example, section)
    return Content(
        workshop, session, speaker, organization, question, example, topic, document, section
    )


@pytest.fixture
def hostile():
    """The markup in French too; the Spanish pages show the English texts, marked."""
    content = build_hostile()
    translate(SCRIPT, languages=["fr"])
    return content


# Every page's own scripts; the list pages add the one that closes their filters on phones.
SCRIPTS = ["/static/js/my-agenda.js", "/static/js/times.js", "/static/js/offline.js"]


def unsafe(client, urls):
    """{url: problems} for pages where the payload is not plain text."""
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        page = html.fromstring(body)
        found = inline_code(page)
        scripts = [script.get("src") for script in page.iter("script")]
        if scripts[:3] != SCRIPTS or not set(scripts) <= {*SCRIPTS, "/static/js/filters.js"}:
            found.append(f"scripts: {scripts}")
        found += [raw for raw in (SCRIPT, "<img src=x", LINK) if raw in body]
        if found:
            problems[url] = found
    return problems


def test_markup_in_editor_text_is_shown_as_text_on_every_page(client, hostile):
    pages = [
        *in_every_language(html_pages(hostile, hostile)),
        "/fr/search/?q=alert",
        "/es/search/?q=alert",
        "/en/search/?q=alert",
        f"/en/search/?{urlencode({'q': PAYLOAD})}",
        f"/en/speakers/?{urlencode({'q': PAYLOAD})}",
        f"/en/policy-examples/?{urlencode({'q': PAYLOAD, 'country': IMAGE})}",
        f"/en/my-agenda/?{urlencode({'s': SCRIPT})}",
    ]
    assert unsafe(client, pages) == {}
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
    assert escaped in client.get(hostile.workshop.get_absolute_url()).content.decode()
    french = client.get(f"/fr/workshops/{hostile.workshop.slug}/").content.decode()
    assert f"<h1>fr: {escaped}</h1>" in french
    spanish = client.get(f"/es/workshops/{hostile.workshop.slug}/").content.decode()
    assert f'<h1><span lang="en">{escaped}</span></h1>' in spanish


def test_markup_in_the_text_of_a_section_is_shown_as_text_never_run(client, hostile):
    """Sections and notes are Markdown rendered when saved (idm/markup.py): HTML typed in them
    is escaped, and a link that would run code is not made."""
    url = hostile.section.part.get_absolute_url()
    page = client.get(url).content.decode()
    assert '<p>&lt;script&gt;alert(1)&lt;/script&gt;"&gt;&lt;img src=x onerror' in page
    hostile.section.body = "[click](javascript:alert(1)) <a href='javascript:alert(1)'>x</a>"
    hostile.section.save()
    assert unsafe(client, [url]) == {}
    assert "javascript:alert(1)" not in [a.get("href") for a in html.fromstring(
        client.get(url).content).iter("a")]  # fmt: skip


def test_a_javascript_link_is_never_offered(client, hostile):
    session = client.get(hostile.session.get_absolute_url()).content.decode()
    assert "not available online" in session
    organization = client.get(hostile.organization.get_absolute_url()).content.decode()
    assert ">Website</a>" not in organization
    assert client.get(f"{API}/organizations/hostile/").json()["website"] == ""
    assert client.get(f"{API}/documents/{hostile.document.pk}/").json()["link"] is None


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://example.org/a?b=c", "https://example.org/a?b=c"),
        ("HTTP://example.org/", "HTTP://example.org/"),
        ("", ""),
        ("javascript:alert(1)", ""),
        ("JavaScript:alert(1)", ""),
        (" javascript:alert(1)", ""),
        ("java\tscript:alert(1)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("//evil.example.org/", ""),
        ("ftp://example.org/file", ""),
    ],
)
def test_web_link_lets_only_http_addresses_through(url, link):
    assert web_link(url) == link


def test_api_answers_carry_markup_as_json_data(client, hostile):
    for url in in_every_language(api_urls(hostile, hostile)):
        response = client.get(url)
        assert response["Content-Type"] == "application/json", url
        assert response["X-Content-Type-Options"] == "nosniff"
        json.loads(response.content)
    assert client.get(f"{API}/workshops/hostile/").json()["title"] == PAYLOAD
    assert client.get(f"{API}/workshops/hostile/?lang=fr").json()["title"] == f"fr: {PAYLOAD}"


def test_exports_carry_markup_as_text(client, hostile):
    workshop_calendar, session_calendar, speaker_calendar, xml, schedule, my_agenda = exports(
        hostile, hostile.session
    )
    for url in (workshop_calendar, session_calendar, speaker_calendar, my_agenda):
        cal = icalendar.Calendar.from_ical(client.get(url).content)
        assert {str(event["SUMMARY"]) for event in cal.walk("VEVENT")} == {PAYLOAD}, url
    xml_titles = etree.fromstring(client.get(xml).content).xpath("//event/title/text()")
    assert xml_titles == [PAYLOAD, PAYLOAD]
    data = client.get(schedule).json()["schedule"]["conference"]
    assert data["title"] == PAYLOAD
    sitemap = etree.fromstring(client.get("/sitemap-sessions.xml").content)
    assert sitemap.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
