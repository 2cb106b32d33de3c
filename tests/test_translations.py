"""The interface in French and Spanish: complete catalogs, compiled, and used by the pages."""

import ast
import gettext
import re

import pytest
from django.conf import settings

from tests.seed import WORKSHOP_SLUG

LANGUAGES = ["fr", "es"]
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);", "es": "nplurals=2; plural=(n != 1);"}


def po_path(language):
    return settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po"


def po_entries(language):
    """The entries of a .po file as dicts: flags, msgctxt, msgid, msgid_plural, msgstr[n]."""
    text = po_path(language).read_text(encoding="utf-8")
    entries = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        if all(line.startswith("#") for line in lines):
            continue
        entry, key = {"flags": set(), "obsolete": False}, None
        for line in lines:
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                entry[key] += ast.literal_eval(line)
            else:
                key, value = line.split(" ", 1)
                entry[key] = ast.literal_eval(value)
        entries.append(entry)
    return entries


def messages(language):
    """The entries other than the header and obsolete ones."""
    return [e for e in po_entries(language) if e.get("msgid") != "" and not e["obsolete"]]


def translations(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def placeholders(text):
    return sorted(re.findall(r"%\(\w+\)[sd]|\{\w*\}", text))


def page_text(response):
    assert response.status_code == 200
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# The catalogs.


@pytest.mark.parametrize("language", LANGUAGES)
def test_header_names_the_language_and_its_plural_forms(language):
    header = next(e for e in po_entries(language) if e.get("msgid") == "")
    fields = dict(line.split(": ", 1) for line in header["msgstr"].splitlines() if ": " in line)
    assert fields["Language"] == language
    assert fields["Plural-Forms"] == PLURAL_FORMS[language]
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"
    assert fields["Project-Id-Version"] == "idm"
    assert "fuzzy" not in header["flags"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = messages(language)
    assert len(entries) > 200
    untranslated = [e["msgid"] for e in entries if not all(translations(e))]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_messages_have_both_forms(language):
    plurals = [e for e in messages(language) if "msgid_plural" in e]
    assert plurals
    for entry in plurals:
        assert sorted(k for k in entry if k.startswith("msgstr")) == ["msgstr[0]", "msgstr[1]"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_and_markup(language):
    for entry in messages(language):
        msgid, plural = entry["msgid"], entry.get("msgid_plural")
        tags = re.findall(r"<[^>]+>", msgid)
        for text in translations(entry):
            assert re.findall(r"<[^>]+>", text) == tags, msgid
        if plural is None:
            assert placeholders(entry["msgstr"]) == placeholders(msgid), msgid
        else:
            # Each form keeps the placeholders of the English plural.
            for key in ("msgstr[0]", "msgstr[1]"):
                assert placeholders(entry[key]) == placeholders(plural), msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_holds_exactly_the_po_translations(language):
    """The .mo is what Django reads: it must be compiled from the current .po (make messages)."""
    mo_path = po_path(language).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run make messages"
    with mo_path.open("rb") as mo_file:
        catalog = gettext.GNUTranslations(mo_file)._catalog
    expected = {}
    for entry in messages(language):
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            for key in ("msgstr[0]", "msgstr[1]"):
                expected[(msgid, int(key[7]))] = entry[key]
        else:
            expected[msgid] = entry["msgstr"]
    compiled = {key: value for key, value in catalog.items() if key != ""}
    assert compiled == expected, f"{mo_path} is out of date: run make messages"


# The pages.


@pytest.mark.parametrize(
    "language, nav, switcher, search",
    [
        (
            "fr",
            [
                "Ateliers",
                "Intervenants",
                "Exemples de politiques",
                "Questions directrices",
                "Mon programme",
            ],
            "Langue",
            "Rechercher",
        ),
        (
            "es",
            [
                "Talleres",
                "Ponentes",
                "Ejemplos de políticas",
                "Preguntas orientativas",
                "Mi agenda",
            ],
            "Idioma",
            "Buscar",
        ),
    ],
)
def test_home_page_interface_is_translated(client, db, language, nav, switcher, search):
    response = client.get(f"/{language}/")
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    nav_html = re.search(r'<nav class="site-nav".*?</nav>', html, flags=re.S).group()
    for label in nav:
        assert f">{label}" in nav_html
    assert f'<nav class="language-switcher" aria-label="{switcher}">' in html
    assert f'<span class="visually-hidden">{search}</span></button>' in html
    assert "Workshops" not in page_text(response)


@pytest.mark.parametrize(
    "language, texts",
    [
        (
            "en",
            [
                "Registration",
                "Panel session",
                "Moderator:",
                "About 170 participants from 65 countries",
                "Provisional agenda",
            ],
        ),
        (
            "fr",
            [
                "Inscription",
                "Table ronde",
                "Modérateur :",
                "Environ 170 participants de 65 pays",
                "Programme provisoire",
                "Atelier intersessions",
            ],
        ),
        (
            "es",
            [
                "Inscripción",
                "Mesa redonda",
                "Moderador:",
                "Aproximadamente 170 participantes de 65 países",
                "Programa provisional",
                "Taller entre reuniones",
            ],
        ),
    ],
)
def test_seed_workshop_agenda_shows_choice_labels_in_the_language(client, seed, language, texts):
    page = page_text(client.get(f"/{language}/workshops/{WORKSHOP_SLUG}/"))
    for text in texts:
        assert text in page


@pytest.mark.parametrize(
    "language, label_off, label_on",
    [("en", "Star", "Starred"), ("fr", "Marquer", "Marqué"), ("es", "Marcar", "Marcado")],
)
def test_star_buttons_get_their_labels_in_the_language(client, seed, language, label_off, label_on):
    """The script labels the star buttons from <body>, given once per page."""
    html = client.get(f"/{language}/workshops/{WORKSHOP_SLUG}/").content.decode()
    body = re.search(r"<body ([^>]*)>", html).group(1)
    labels = dict(re.findall(r'data-star-label-(on|off)="([^"]*)"', body))
    assert labels == {"off": label_off, "on": label_on}


@pytest.mark.parametrize(
    "language, texts",
    [
        (
            "fr",
            [
                "Séance I :",
                "Modérateur et intervenants",
                "Questions directrices",
                "(heure de Genève)",
            ],
        ),
        (
            "es",
            [
                "Sesión I:",
                "Moderador y ponentes",
                "Preguntas orientativas",
                "(hora de Ginebra)",
            ],
        ),
    ],
)
def test_seed_session_page_is_translated(client, seed, language, texts):
    page = page_text(client.get(f"/{language}/workshops/{WORKSHOP_SLUG}/sessions/session-i/"))
    for text in texts:
        assert text in page


@pytest.mark.parametrize(
    "language, texts",
    [
        (
            "fr",
            ["Rôle", "Modérateur", "Intervenant principal", "République de Corée", "résultats"],
        ),
        (
            "es",
            ["Función", "Moderador", "Ponente principal", "República de Corea", "resultados"],
        ),
    ],
)
def test_speaker_filters_and_country_names_are_translated(client, seed, language, texts):
    page = page_text(client.get(f"/{language}/speakers/"))
    for text in texts:
        assert text in page


@pytest.mark.parametrize(
    "language, expected",
    [
        ("fr", "\\d+ résultats pour « remittances »"),
        ("es", "\\d+ resultados para «remittances»"),
    ],
)
def test_search_results_use_the_plural_form_of_the_language(client, seed, language, expected):
    # page_text turns the no-break spaces inside « » into plain spaces.
    assert re.search(expected, page_text(client.get(f"/{language}/search/?q=remittances")))


@pytest.mark.parametrize(
    "language, label", [("en", "Moderator:"), ("fr", "Modérateur\u00a0:"), ("es", "Moderador:")]
)
def test_labels_end_with_the_colon_of_the_language(client, seed, language, label):
    """French puts a no-break space before a colon, which then never starts a line."""
    html = client.get(f"/{language}/workshops/{WORKSHOP_SLUG}/").content.decode()
    assert f'<span class="role">{label}</span>' in html
    session = client.get(f"/{language}/workshops/{WORKSHOP_SLUG}/sessions/session-i/")
    assert f'<span class="role">{label}</span>' in session.content.decode()
