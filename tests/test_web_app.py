"""The site as an app installed on a phone: its manifest and icons."""

from pathlib import Path

import pytest
from django.conf import settings
from lxml import html
from PIL import Image

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
