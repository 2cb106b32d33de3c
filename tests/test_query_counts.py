"""The exact number of SQL queries of each public page, export, sitemap and API endpoint,
rendered from the seed workshop with the page cache off.

The tests at two data sizes (tests/test_public_pages.py, test_list_pages.py, test_api.py...)
prove that the counts do not grow with the data; these prove that they do not grow at all: one
query more on any page fails. When a change adds or saves a query on purpose, change the number
here in the same commit.
"""

import pytest
from django.db import connection

from tests.seed import WORKSHOP_SLUG
from workshops.models import Document, GuidingQuestion, Publication, Section, Session

WORKSHOP = f"/en/workshops/{WORKSHOP_SLUG}/"
SESSION = f"{WORKSHOP}sessions/session-i/"
SPEAKER = "/en/speakers/lant-pritchett/"
EXAMPLE = "spain-ecuador-remittance-costs-agreement"
STARRED = "s={session_i}&s={session_ii}"
RED_BOOK = f"{WORKSHOP}publications/red-book/"

# Path ({names} are the seed's ids, see `ids`) and its number of queries; where PostgreSQL and
# SQLite differ, one number for each.
PAGES = [
    ("/en/", 4),
    ("/en/years/2007/", 2),
    (WORKSHOP, 10),
    (SESSION, 5),
    ("/en/speakers/", 4),
    ("/en/speakers/?country=KE", 4),
    (SPEAKER, 3),
    ("/en/organizations/", 3),
    ("/en/organizations/iom/", 5),
    ("/en/policy-examples/", 8),
    ("/en/policy-examples/?country=EC&topic=remittances", 8),
    (f"/en/policy-examples/{EXAMPLE}/", 4),
    ("/en/guiding-questions/", 4),
    (RED_BOOK, 3),
    (f"{RED_BOOK}foreword/", 9),
    (f"{RED_BOOK}report/", 9),
    (f"{RED_BOOK}background-paper/", 9),
    ("/en/about/", 3),
    # Full-text search on PostgreSQL, substrings on SQLite (workshops/search.py).
    ("/en/search/?q=remittances", {"postgresql": 10, "sqlite": 9}),
    ("/en/my-agenda/", 0),
    (f"/en/my-agenda/?{STARRED}", 2),
    ("/en/offline/", 0),
    ("/en/manifest.webmanifest", 0),
    ("/sw.js", 0),
    (f"{WORKSHOP}offline.json", 7),
]
EXPORTS = [
    (f"{WORKSHOP}calendar.ics", 3),
    (f"{WORKSHOP}schedule.xml", 3),
    (f"{WORKSHOP}schedule.json", 3),
    (f"{SESSION}calendar.ics", 2),
    (f"{SPEAKER}calendar.ics", 3),
    (f"/en/my-agenda/calendar.ics?{STARRED}", 2),
    ("/sitemap.xml", 8),
    ("/sitemap-pages.xml", 0),
    ("/sitemap-years.xml", 2),
    ("/sitemap-workshops.xml", 2),
    ("/sitemap-sessions.xml", 2),
    ("/sitemap-publications.xml", 2),
    ("/sitemap-texts.xml", 2),
    ("/sitemap-speakers.xml", 2),
    ("/sitemap-organizations.xml", 2),
    ("/sitemap-policy-examples.xml", 2),
]
API = [
    ("/api/v1/", 0),
    ("/api/v1/years/", 3),
    ("/api/v1/years/2007/", 2),
    ("/api/v1/workshops/", 2),
    (f"/api/v1/workshops/{WORKSHOP_SLUG}/", 10),
    ("/api/v1/sessions/", 4),
    ("/api/v1/sessions/{session_i}/", 3),
    ("/api/v1/speakers/", 2),
    ("/api/v1/speakers/lant-pritchett/", 2),
    ("/api/v1/organizations/", 3),
    ("/api/v1/organizations/iom/", 1),
    ("/api/v1/guiding-questions/", 2),
    ("/api/v1/guiding-questions/{question}/", 1),
    ("/api/v1/policy-examples/", 5),
    (f"/api/v1/policy-examples/{EXAMPLE}/", 4),
    ("/api/v1/documents/", 2),
    ("/api/v1/documents/{document}/", 1),
    ("/api/v1/topics/", 2),
    ("/api/v1/topics/remittances/", 1),
    ("/api/v1/publications/", 4),
    ("/api/v1/publications/{publication}/", 3),
    ("/api/v1/sections/", 3),
    ("/api/v1/sections/{section}/", 2),
]

NO_CACHE = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}


@pytest.fixture
def ids(seed, settings):
    """The ids of seed objects that URLs name by id; the page cache off."""
    settings.CACHES = {"default": NO_CACHE, "versions": NO_CACHE}
    sessions = Session.objects.filter(workshop=seed)
    return {
        "session_i": sessions.get(slug="session-i").pk,
        "session_ii": sessions.get(slug="session-ii").pk,
        "question": GuidingQuestion.objects.order_by("pk").first().pk,
        "document": Document.objects.order_by("pk").first().pk,
        "publication": Publication.objects.get().pk,
        "section": Section.objects.get(anchor="conclusion").pk,
    }


@pytest.mark.parametrize("path, queries", PAGES + EXPORTS + API)
def test_each_page_runs_exactly_its_number_of_queries(
    client, ids, django_assert_num_queries, path, queries
):
    if isinstance(queries, dict):
        queries = queries[connection.vendor]
    with django_assert_num_queries(queries):
        response = client.get(path.format(**ids))
    assert response.status_code == 200


def in_language(path, language):
    """`path` under the language's prefix; an API path with ?lang=."""
    if path.startswith("/api/"):
        return f"{path}{'&' if '?' in path else '?'}lang={language}"
    return path.replace("/en/", f"/{language}/", 1)


@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize(
    "path, queries",
    [item for item in PAGES + EXPORTS + API if "/en/" in item[0] or "/api/" in item[0]],
)
def test_each_page_runs_as_many_queries_in_french_and_spanish(
    client, ids, django_assert_num_queries, path, queries, language
):
    """Each language's texts are columns of the same rows: no query more to read them."""
    if isinstance(queries, dict):
        queries = queries[connection.vendor]
    with django_assert_num_queries(queries):
        response = client.get(in_language(path, language).format(**ids))
    assert response.status_code == 200
