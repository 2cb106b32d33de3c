import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from idm.sitemaps import PublicSitemap
from speakers.models import Speaker
from tests.factories import (
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    WorkshopFactory,
    build_publication,
    build_published,
)
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db

NAMESPACES = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return etree.fromstring(response.content)


def section_urls(client):
    """The sitemaps that /sitemap.xml, an index, lists."""
    index = xml(client, "/sitemap.xml")
    assert index.tag == f"{{{NAMESPACES['s']}}}sitemapindex"
    return [
        loc.removeprefix("http://testserver")
        for loc in index.xpath("//s:sitemap/s:loc/text()", namespaces=NAMESPACES)
    ]


def sitemap(client):
    """Every <url> of every sitemap of the index, in one <urlset>."""
    urlset = etree.Element(f"{{{NAMESPACES['s']}}}urlset", nsmap=NAMESPACES)
    for url in section_urls(client):
        urlset.extend(xml(client, url).xpath("//s:url", namespaces=NAMESPACES))
    return urlset


def paths(document):
    return {
        loc.removeprefix("http://testserver")
        for loc in document.xpath("//s:loc/text()", namespaces=NAMESPACES)
    }


LIST_PAGES = [
    "/",
    "/speakers/",
    "/organizations/",
    "/policy-examples/",
    "/guiding-questions/",
    "/about/",
]


def in_every_language(*urls):
    """`urls` under each language prefix."""
    unprefixed = [re.sub("^/(en|fr|es)/", "/", url) for url in urls]
    return {f"/{language}{path}" for language in ("en", "fr", "es") for path in unprefixed}


def test_sitemap_lists_every_public_page_in_every_language(client):
    content = build_published()
    objects = [
        content.workshop.dialogue_year,
        content.workshop,
        content.session,
        content.speaker,
        content.organization,
        content.example,
        content.publication,
        *content.publication.parts.all(),
    ]

    listed = paths(sitemap(client))

    assert listed == in_every_language(*LIST_PAGES, *[o.get_absolute_url() for o in objects])


def test_sitemap_is_an_index_of_sections_in_pages(client, monkeypatch):
    monkeypatch.setattr(PublicSitemap, "limit", 4)
    content = build_published()
    SpeakerFactory.create_batch(2, organization=content.organization)
    for speaker in Speaker.objects.exclude(pk=content.speaker.pk):
        SessionSpeakerFactory(session=content.session, speaker=speaker)

    sections = section_urls(client)

    # Three speakers in three languages: nine entries, in three pages of four at most.
    speaker_pages = [url for url in sections if url.startswith("/sitemap-speakers.xml")]
    assert speaker_pages == [
        "/sitemap-speakers.xml",
        "/sitemap-speakers.xml?p=2",
        "/sitemap-speakers.xml?p=3",
    ]
    listed = [paths(xml(client, url)) for url in speaker_pages]
    assert [len(page) for page in listed] == [4, 4, 1]
    assert set().union(*listed) == in_every_language(
        *[speaker.get_absolute_url() for speaker in Speaker.objects.all()]
    )


def test_a_sitemap_page_reads_only_its_own_items(client, monkeypatch):
    monkeypatch.setattr(PublicSitemap, "limit", 3)  # one speaker, in three languages, a page
    content = build_published()
    for name in ["Ana", "Bea", "Cid", "Dan"]:
        SessionSpeakerFactory(session=content.session, speaker=SpeakerFactory(slug=name.lower()))
    fourth = Speaker.objects.order_by("slug")[3]

    with CaptureQueriesContext(connection) as queries:
        page = xml(client, "/sitemap-speakers.xml?p=4")

    assert paths(page) == in_every_language(fourth.get_absolute_url())
    # The number of entries, then the page's own speaker: not the whole section.
    assert len(queries) == 2
    assert "LIMIT 1 OFFSET 3" in queries[1]["sql"]


def test_sitemap_entries_name_their_translations(client):
    WorkshopFactory(slug="w")
    (entry,) = [
        url
        for url in sitemap(client).xpath("//s:url", namespaces=NAMESPACES)
        if url.findtext("s:loc", namespaces=NAMESPACES) == "http://testserver/fr/workshops/w/"
    ]
    alternates = {
        link.get("hreflang"): link.get("href")
        for link in entry.xpath("xhtml:link[@rel='alternate']", namespaces=NAMESPACES)
    }
    assert alternates == {
        "en": "http://testserver/en/workshops/w/",
        "fr": "http://testserver/fr/workshops/w/",
        "es": "http://testserver/es/workshops/w/",
        "x-default": "http://testserver/workshops/w/",
    }


def test_sitemap_leaves_out_drafts_and_breaks(client):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    SessionSpeakerFactory(session=SessionFactory(workshop=draft))
    build_publication(draft)
    coffee = SessionFactory(kind=Session.Kind.BREAK)
    build_publication(coffee.workshop, status=Workshop.Status.DRAFT)

    listed = paths(sitemap(client))

    public = [coffee.workshop.dialogue_year, coffee.workshop]
    assert listed == in_every_language(*LIST_PAGES, *[o.get_absolute_url() for o in public])


def test_robots_txt_points_crawlers_to_the_sitemap_and_away_from_non_pages(client):
    workshop = WorkshopFactory()

    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert xml(client, "/sitemap.xml").tag == f"{{{NAMESPACES['s']}}}sitemapindex"
    disallowed = [line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow:")]
    for path in ["/admin/", "/api/", "/healthz", "/fr/search/", "/es/my-agenda/"]:
        assert path in disallowed
    public = [workshop.get_absolute_url(), "/en/speakers/", "/fr/policy-examples/", "/en/"]
    for url in public:
        assert client.get(url).status_code == 200
        assert not any(url.startswith(path) for path in disallowed)
