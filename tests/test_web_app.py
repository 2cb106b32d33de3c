"""The site as an app installed on a phone: its manifest and icons, and reading offline: the
service worker, the offline page, the list of what a workshop's page asks the worker to keep."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from lxml import html
from PIL import Image

from tests.factories import DocumentFactory, GuidingQuestionFactory, SessionFactory, build_workshop
from workshops.models import Session, SessionSpeaker, Workshop

pytestmark = pytest.mark.django_db


def test_every_page_names_the_manifest_the_icons_and_the_theme_colour(client):
    page = html.fromstring(client.get("/fr/speakers/").content)
    head = {(link.get("rel"), link.get("href")) for link in page.iter("link")}
    assert ("manifest", "/fr/manifest.webmanifest") in head
    assert ("icon", "/static/icons/icon.svg") in head
    assert ("apple-touch-icon", "/static/icons/apple-touch-icon.png") in head
    assert page.xpath("//meta[@name='theme-color']/@content") == ["#0b4f8a"]


@pytest.mark.parametrize(
    "language, name",
    [
        ("en", "International Dialogue on Migration"),
        ("es", "Diálogo Internacional sobre la Migración"),
    ],
)
def test_the_manifest_installs_the_site_in_the_pages_language(client, language, name):
    response = client.get(f"/{language}/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = response.json()
    assert manifest["name"] == name
    assert manifest["short_name"] == "IDM"
    assert manifest["start_url"] == f"/{language}/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b4f8a"
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_the_icons_are_the_sizes_the_manifest_says(client):
    for icon in client.get("/en/manifest.webmanifest").json()["icons"]:
        path = Path(settings.BASE_DIR) / "static" / icon["src"].removeprefix("/static/")
        assert path.is_file(), icon["src"]
        if icon["type"] == "image/png":
            with Image.open(path) as image:
                assert icon["sizes"] == "{}x{}".format(*image.size)


# Offline reading: the service worker, the offline page, a workshop's list -------------------


def test_the_service_worker_is_served_from_the_root_and_checked_at_each_visit(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache, max-age=0"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    config = json.loads(re.search(r"const CONFIG = (\{.*?\});", response.content.decode()).group(1))
    assert config["offline"] == {"en": "/en/offline/", "fr": "/fr/offline/", "es": "/es/offline/"}
    assert config["myAgenda"]["fr"] == "/fr/my-agenda/"
    assert "/static/css/site.css" in config["static"]
    assert (config["staticUrl"], config["mediaUrl"]) == ("/static/", "/media/")
    assert config["release"] == settings.RELEASE


def test_the_service_worker_passes_the_admin_and_the_api_by_and_keeps_only_public_answers(client):
    script = client.get("/sw.js").content.decode()
    assert 'const PASSED = ["/admin/", "/api/", "/healthz", "/sw.js"];' in script
    assert 'credentials: "omit"' in script
    is_public = re.search(r"function isPublic\(response\) \{(.*?)\n\}", script, flags=re.S).group(1)
    assert "public" in is_public and "no-store|private" in is_public


def test_the_offline_page_is_in_the_sites_layout_and_not_for_search_engines(client):
    response = client.get("/fr/offline/")
    page = html.fromstring(response.content)
    assert response.status_code == 200
    assert page.xpath("//h1/text()") == ["Vous êtes hors ligne"]
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert page.xpath("//header[@class='site-header']")
    assert "public" in response["Cache-Control"]


def test_a_workshops_offline_list_names_its_pages_and_files(client, media_root):
    workshop = build_workshop(2)
    first, second = workshop.sessions.all()
    DocumentFactory(
        workshop=workshop, title="Slides", file=ContentFile(b"%PDF-" + b"x" * 995, name="s.pdf")
    )
    SessionFactory(workshop=workshop, kind=Session.Kind.BREAK, slug="lunch")
    people = SessionSpeaker.objects.filter(session__workshop=workshop)

    answer = client.get(f"/fr/workshops/{workshop.slug}/offline.json").json()

    base = f"/fr/workshops/{workshop.slug}/"
    speakers = {f"/fr/speakers/{p.speaker.slug}/" for p in people}
    speakers |= {f"/fr/speakers/{p.on_behalf_of.slug}/" for p in people if p.on_behalf_of}
    assert set(answer["pages"]) == {
        base,
        f"{base}sessions/{first.slug}/",
        f"{base}sessions/{second.slug}/",
        *speakers,
        f"/fr/guiding-questions/?workshop={workshop.slug}",
        "/fr/",
        "/fr/offline/",
    }
    (slides,) = answer["files"]
    assert slides["title"] == "Slides"
    assert slides["size"] == 1000
    assert slides["url"].startswith("/media/documents/")
    assert answer["version"].startswith(f"{settings.RELEASE}:")
    # Every page listed is one the worker may keep.
    for address in answer["pages"]:
        assert "public" in client.get(address)["Cache-Control"], address


def test_the_offline_list_names_each_page_of_the_guiding_questions(client):
    workshop = build_workshop(1)
    session = workshop.sessions.first()
    for _ in range(25):
        GuidingQuestionFactory(session=SessionFactory(workshop=workshop))

    pages = client.get(f"/en/workshops/{workshop.slug}/offline.json").json()["pages"]

    address = f"/en/guiding-questions/?workshop={workshop.slug}"
    assert [page for page in pages if page.startswith(address)] == [
        address,
        f"{address}&page=1",
        f"{address}&page=2",
    ]
    assert session.get_absolute_url() in pages
    second = client.get(f"{address}&page=1").content.decode()
    assert f'href="?workshop={workshop.slug}&amp;page=2"' in second


def test_a_draft_has_no_offline_list(client):
    draft = build_workshop(1, status=Workshop.Status.DRAFT)
    assert client.get(f"/en/workshops/{draft.slug}/offline.json").status_code == 404


def test_the_workshop_page_asks_to_be_kept_and_offers_its_files(client, media_root):
    workshop = build_workshop(1)
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert f'data-offline-list="/en/workshops/{workshop.slug}/offline.json"' in page
    assert "data-offline-files" not in page  # no uploaded file yet

    DocumentFactory(workshop=workshop, file=ContentFile(b"%PDF-1", name="paper.pdf"))
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert f'data-offline-files="/en/workshops/{workshop.slug}/offline.json"' in page
    assert "Save the documents for offline reading" in page


def test_the_offline_list_names_the_reading_pages_of_the_workshops_publications(client, seed):
    pages = client.get(f"/en/workshops/{seed.slug}/offline.json").json()["pages"]
    red_book = f"/en/workshops/{seed.slug}/publications/red-book/"
    assert [page for page in pages if page.startswith(red_book)] == [
        red_book,
        f"{red_book}foreword/",
        f"{red_book}report/",
        f"{red_book}background-paper/",
    ]
