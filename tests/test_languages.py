"""Content in English, French and Spanish: a page shows each text in its language, else in
English marked lang="en" and said once; every page names its versions in the other languages;
the search, the lists, the API, the exports, the admin and the fixtures know each language."""

import json
import re

import icalendar
import pytest
from django.core.management import call_command
from django.utils import translation
from lxml import html

from idm.languages import CONTENT_LANGUAGES, translated_fields
from speakers.models import Organization, Speaker
from tests.admin_forms import admin_url, form_data
from tests.factories import (
    DialogueYearFactory,
    PolicyExampleFactory,
    SessionFactory,
    WorkshopFactory,
    build_publication,
    build_published,
)
from tests.seed import EXPECTED_COUNTS, SEED_FIXTURE, WORKSHOP_SLUG, counts
from workshops.models import (
    Footnote,
    PolicyExample,
    Publication,
    PublicationPart,
    Section,
    Session,
    Workshop,
)

pytestmark = pytest.mark.django_db

NOTE = {
    "fr": "Certains textes ne sont disponibles qu\N{RIGHT SINGLE QUOTATION MARK}en anglais.",
    "es": "Algunos textos solo están disponibles en inglés.",
}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return html.fromstring(response.content)


def language_of(node):
    """The language a text node is read in: the nearest lang attribute above it."""
    element = node.getparent()
    if node.is_tail:
        element = element.getparent()
    return element.xpath("ancestor-or-self::*[@lang][1]/@lang")[0]


# Long texts stored as rendered HTML: their English is each piece of text between its tags.
RENDERED = {Section: "body_html", Footnote: "body_html"}


def english_texts():
    """Every English text of the content in the database."""
    texts = set()
    for model in EXPECTED_COUNTS:
        for field in translated_fields(model):
            if field == RENDERED.get(model):
                for rendered in model.objects.values_list(f"{field}_en", flat=True):
                    texts.update(
                        " ".join(piece.split())
                        for piece in html.fragment_fromstring(rendered, "div").itertext()
                        if len(piece.strip()) > 3
                    )
                continue
            texts.update(
                " ".join(value.split())
                for value in model.objects.values_list(f"{field}_en", flat=True)
                if value
            )
    return texts


def unmarked_english(tree, texts):
    """The text nodes of the page's main content that hold an English text of the content
    without being read as English."""
    found = []
    for node in tree.xpath("//main//text()"):
        text = " ".join(node.split())
        if not text or language_of(node) == "en":
            continue
        # Short texts ("Geneva", "ILO") whole, longer ones anywhere in the node.
        if text in texts or any(len(english) > 15 and english in text for english in texts):
            found.append(text[:80])
    return found


def seed_pages(seed):
    """The public pages of the seed workshop and of what it holds, in English."""
    pages = [
        "/en/",
        seed.dialogue_year.get_absolute_url(),
        seed.get_absolute_url(),
        "/en/speakers/",
        "/en/organizations/",
        "/en/policy-examples/",
        "/en/policy-examples/?country=ES&topic=remittances",
        "/en/guiding-questions/",
        "/en/search/?q=labour",
        "/en/about/",
    ]
    pages += [session.get_absolute_url() for session in seed.sessions.with_a_page()]
    for model in (Speaker, Organization, PolicyExample, Publication, PublicationPart):
        pages += [item.get_absolute_url() for item in model.objects.published()]
    return pages


@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_english_text_on_a_french_or_spanish_page_is_marked_english(client, seed, language):
    texts = english_texts()
    assert "Geneva" in texts and len(texts) > 150  # what the check looks for
    found = {}
    for url in seed_pages(seed):
        tree = page(client, url.replace("/en/", f"/{language}/", 1))
        assert tree.get("lang") == language
        if unmarked := unmarked_english(tree, texts):
            found[url] = unmarked
    assert found == {}


def test_the_check_finds_an_english_text_that_is_not_marked(client, seed):
    """The test above can fail: a text shown without its marking is found."""
    tree = page(client, f"/fr/workshops/{WORKSHOP_SLUG}/")
    assert unmarked_english(tree, english_texts()) == []
    for marked in tree.xpath("//main//span[@lang='en']"):
        del marked.attrib["lang"]
    assert "Making Global Labour Mobility a Catalyst for Development" in unmarked_english(
        tree, english_texts()
    )


def test_a_line_marks_its_english_part_only(client, seed):
    """A translated label and an English text on one line: only the text is marked."""
    tree = page(client, f"/fr/workshops/{WORKSHOP_SLUG}/")
    place = tree.xpath("//main//p[@class='meta']")[0]
    assert [span.text for span in place.xpath(".//span[@lang='en']")] == ["Geneva"]
    assert ", Suisse · Atelier intersessions" in place.text_content()
    session_i = tree.xpath("//li[@id='session-session-i']//p[@class='title']/a")[0]
    assert session_i.text == "Séance I\N{NO-BREAK SPACE}: "
    assert session_i.xpath("span/@lang") == ["en"]
    assert session_i.xpath("span/text()")[0].startswith("Towards More Effective")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_page_with_english_texts_says_so_once(client, seed, language):
    tree = page(client, f"/{language}/workshops/{WORKSHOP_SLUG}/")
    notes = tree.xpath("//main//*[@class='language-note']")
    assert [note.text for note in notes] == [NOTE[language]]
    assert tree.xpath("//main/*[1]") == notes  # before the content


def test_an_english_page_and_a_translated_one_say_nothing_of_it(client):
    translated = WorkshopFactory(
        title="Labour mobility",
        title_fr="Mobilité des travailleurs",
        city="Geneva",
        city_fr="Genève",
        dialogue_year=DialogueYearFactory(theme="Migration", theme_fr="Les migrations"),
    )
    english = page(client, translated.get_absolute_url())
    with translation.override("fr"):
        french = page(client, translated.get_absolute_url())

    assert english.xpath("//*[@class='language-note']") == []
    assert french.xpath("//*[@class='language-note']") == []
    assert french.xpath("//main//*[@lang]") == []
    assert french.xpath("//h1/text()") == ["Mobilité des travailleurs"]


def test_a_french_title_typed_in_the_admin_shows_unmarked_and_the_english_page_is_unchanged(
    admin_client, client, seed
):
    english_url = seed.get_absolute_url()
    english_before = client.get(english_url).content
    url = admin_url(Workshop, "change", seed.pk)
    data = form_data(admin_client.get(url))
    data["title_fr"] = "Un titre saisi en français"

    assert admin_client.post(url, data).status_code == 302

    french = page(client, f"/fr/workshops/{WORKSHOP_SLUG}/")
    (heading,) = french.xpath("//h1")
    assert heading.text_content() == "Un titre saisi en français"
    assert heading.xpath("descendant-or-self::*[@lang]") == []
    assert french.xpath("//title/text()")[0].startswith("Un titre saisi en français")
    assert client.get(english_url).content == english_before


def test_a_french_section_typed_in_the_admin_shows_unmarked_and_the_english_page_is_unchanged(
    admin_client, client, seed
):
    section = Section.objects.filter(part__kind="report").exclude(heading_en="").first()
    english_url = section.part.get_absolute_url()
    english_before = client.get(english_url).content
    url = admin_url(Section, "change", section.pk)
    data = form_data(admin_client.get(url))
    data["heading_fr"] = "Vers l\u2019avenir"
    data["body_fr"] = "La *mobilité* des travailleurs.\n\nUn second paragraphe."

    assert admin_client.post(url, data).status_code == 302

    french = page(client, english_url.replace("/en/", "/fr/", 1))
    (heading,) = french.xpath(f"//section[@id='{section.anchor}']/h2")
    assert heading.text_content() == "Vers l\u2019avenir"
    assert heading.xpath("descendant-or-self::*[@lang]") == []
    (body,) = french.xpath(f"//section[@id='{section.anchor}']")
    paragraphs = body.xpath("./p")
    assert [p.text_content() for p in paragraphs] == [
        "La mobilité des travailleurs.",
        "Un second paragraphe.",
    ]
    assert body.xpath(".//*[@lang]") == []
    (entry,) = french.xpath(f"//nav[@id='contents']//a[@href='#{section.anchor}']")
    assert entry.text_content() == "Vers l\u2019avenir"
    assert entry.xpath("descendant-or-self::*[@lang]") == []
    # The other sections, still only in English, are marked so.
    assert french.xpath("//article//div[@lang='en']")
    assert client.get(english_url).content == english_before


@pytest.mark.postgresql
def test_a_french_search_finds_a_section_by_its_french_text(client):
    section = build_publication(WorkshopFactory()).parts.first().sections.first()
    section.heading_fr = "Recommandations"
    section.body_fr = "Les travailleurs saisonniers reviennent chaque année."
    section.save()

    found = search_results(client, "/fr/search/?q=travailleur+saisonnier")

    assert found == {"Recommandations": "fr"}
    tree = page(client, "/fr/search/?q=travailleur+saisonnier")
    (snippet,) = tree.xpath("//ul[@class='search-results']/li//mark/ancestor::*[1]")
    assert "lang" not in snippet.attrib
    assert [mark.text for mark in tree.xpath("//mark")] == ["travailleurs", "saisonniers"]
    assert search_results(client, "/en/search/?q=saisonniers") == {}


def test_the_admin_lists_the_sections_that_lack_a_french_version(admin_client):
    part = build_publication(WorkshopFactory()).parts.first()
    translated, untranslated = part.sections.all()
    translated.heading_fr = "Titre"
    translated.body_fr = "Texte."
    translated.save()

    response = admin_client.get(admin_url(Section, "changelist"), {"lacks": "fr"})

    listed = set(response.context["cl"].result_list)
    assert untranslated in listed and translated not in listed
    response = admin_client.get(admin_url(PublicationPart, "changelist"), {"lacks": "fr"})
    assert part in response.context["cl"].result_list


def test_the_browser_tab_title_is_in_english_without_a_translation(client, seed):
    tree = page(client, f"/es/workshops/{WORKSHOP_SLUG}/sessions/session-i/")
    assert tree.xpath("//title/text()")[0].startswith(
        "Sesión I: Towards More Effective Labour Migration Management"
    )


def public_pages(content):
    return [
        "/en/",
        content.workshop.dialogue_year.get_absolute_url(),
        content.workshop.get_absolute_url(),
        content.session.get_absolute_url(),
        content.speaker.get_absolute_url(),
        content.organization.get_absolute_url(),
        content.example.get_absolute_url(),
        "/en/speakers/?country=ES",
        "/en/organizations/",
        "/en/policy-examples/",
        "/en/guiding-questions/",
        "/en/search/?q=migration",
        "/en/my-agenda/",
        "/en/no-such-page/",
    ]


def test_every_page_names_its_versions_in_each_language(client):
    content = build_published()
    for url in public_pages(content):
        rest = url.removeprefix("/en/")
        for language in CONTENT_LANGUAGES:
            response = client.get(f"/{language}/{rest}")
            links = html.fromstring(response.content).xpath("//head/link[@rel='alternate']")
            assert {link.get("hreflang"): link.get("href") for link in links} == {
                "en": f"http://testserver/en/{rest}",
                "fr": f"http://testserver/fr/{rest}",
                "es": f"http://testserver/es/{rest}",
                "x-default": f"http://testserver/{rest}",
            }, f"/{language}/{rest}"


def test_x_default_sends_a_visitor_to_the_language_their_browser_prefers(client):
    workshop = WorkshopFactory(slug="labour")
    response = client.get("/workshops/labour/", headers={"Accept-Language": "es"})
    assert (response.status_code, response["Location"]) == (302, "/es/workshops/labour/")
    assert client.get(workshop.get_absolute_url()).status_code == 200


def test_lists_sort_by_the_text_the_page_shows(client):
    workshop = WorkshopFactory()
    for title, title_fr, slug in [("Zebra crossings", "Abeilles", "z"), ("Mangoes", "", "m")]:
        PolicyExampleFactory(workshop=workshop, title=title, title_fr=title_fr, slug=slug)

    def shown(url):
        return [a.text_content() for a in page(client, url).xpath("//main//h2/a")]

    assert shown("/en/policy-examples/") == ["Mangoes", "Zebra crossings"]
    assert shown("/fr/policy-examples/") == ["Abeilles", "Mangoes"]


def test_select_boxes_mark_the_options_in_english(client):
    translated = WorkshopFactory(title="Labour", title_fr="Travail", slug="labour")
    english = WorkshopFactory(title="Health", slug="health")
    for workshop in (translated, english):
        PolicyExampleFactory(workshop=workshop)

    tree = page(client, "/fr/policy-examples/")

    options = {o.get("value"): o for o in tree.xpath("//select[@name='workshop']/option")}
    assert (options["labour"].text, options["labour"].get("lang")) == ("Travail", None)
    assert (options["health"].text, options["health"].get("lang")) == ("Health", "en")
    assert tree.xpath("//*[@class='language-note']/text()") == [NOTE["fr"]]


def test_a_session_option_in_english_is_english_throughout(client):
    session = SessionFactory(title="Key elements", number=2, workshop__title_fr="Travail")
    session.guiding_questions.create(text="Why?", order=1)

    tree = page(client, "/fr/guiding-questions/")

    (group,) = tree.xpath("//select[@name='session']/optgroup")
    assert (group.get("label"), group.get("lang")) == ("Travail", None)
    (option,) = group.xpath("option")
    assert (option.text, option.get("lang")) == ("Session II: Key elements", "en")


# Search -------------------------------------------------------------------------------------


def search_results(client, url):
    tree = page(client, url)
    return {
        link.text_content(): language_of(link.xpath(".//text()")[0])
        for link in tree.xpath("//ul[@class='search-results']/li/a")
    }


@pytest.mark.postgresql
@pytest.mark.parametrize(
    ("language", "title", "query"),
    [
        ("fr", "Accueil des travailleurs saisonniers", "travailleur saisonnier"),
        ("es", "Acogida de los trabajadores temporeros", "trabajador"),
    ],
)
def test_a_search_finds_another_form_of_a_word_in_the_pages_language(
    client, language, title, query
):
    content = build_published()
    setattr(content.example, f"title_{language}", title)
    content.example.save()

    found = search_results(client, f"/{language}/search/?q={query}")

    assert found == {title: language}
    listed = page(client, f"/{language}/policy-examples/?q={query}")
    assert [a.text_content() for a in listed.xpath("//main//h2/a")] == [title]


def test_a_search_in_french_also_finds_what_is_only_in_english(client):
    content = build_published()
    content.example.title_fr = "Guichet des migrations"
    content.example.save()

    found = search_results(client, "/fr/search/?q=migration")

    assert found["Guichet des migrations"] == "fr"
    assert found["Labour migration and development"] == "en"
    assert found["Migration panel"] == "en"


# API ------------------------------------------------------------------------------------------


def test_the_api_gives_the_texts_in_the_language_asked_for(client):
    content = build_published()
    content.workshop.title_fr = "Migrations de travail et développement"
    content.workshop.save()
    url = f"/api/v1/workshops/{content.workshop.slug}/"

    french = client.get(url, {"lang": "fr"})
    english = client.get(url)

    assert french["Content-Language"] == "fr"
    data = french.json()
    assert data["title"] == "Migrations de travail et développement"
    assert data["summary"] == "How labour migration serves development."
    assert data["languages"]["title"] == "fr"
    assert data["languages"]["summary"] == "en"
    assert data["languages"]["objectives"] == ["en"]
    assert data["agenda"][0]["languages"] == {
        "title": "en",
        "description": "en",
        "guiding_questions": ["en"],
    }
    assert english.json()["title"] == "Labour migration and development"
    assert english.json()["languages"]["title"] == "en"


def test_the_api_follows_accept_language_without_lang(client):
    content = build_published()
    content.topic.name_es = "Remesas"
    content.topic.save()

    response = client.get("/api/v1/topics/", headers={"Accept-Language": "es"})

    assert response.json()["results"][0]["name"] == "Remesas"
    assert "Accept-Language" in response["Vary"]


def test_the_api_does_not_follow_the_sites_language_cookie(client, settings):
    """Its answers say `Vary: Accept-Language`, not Cookie: a shared cache would hand the
    answer of a visitor who chose French on the site to everyone."""
    content = build_published()
    content.topic.name_fr = "Envois de fonds"
    content.topic.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get("/api/v1/topics/")

    assert response.json()["results"][0]["name"] == content.topic.name_en
    french = client.get("/api/v1/topics/", headers={"Accept-Language": "fr"})
    assert french.json()["results"][0]["name"] == "Envois de fonds"


@pytest.mark.parametrize("path", ["/api/v1/topics/", "/api/v1/topics/remittances/"])
def test_the_api_refuses_an_unknown_language_with_a_400(client, path):
    build_published()
    response = client.get(path, {"lang": "de"})
    assert response.status_code == 400
    assert response.json() == {"lang": ["Choose one of: en, fr, es."]}


def test_the_api_schema_documents_lang_on_every_endpoint(client):
    schema = client.get("/api/v1/schema/", headers={"Accept": "application/json"}).json()
    for path, operations in schema["paths"].items():
        parameters = {p["name"]: p for p in operations["get"]["parameters"]}
        assert parameters["lang"]["schema"]["enum"] == sorted(CONTENT_LANGUAGES), path
        assert "400" in operations["get"]["responses"], path


# Exports --------------------------------------------------------------------------------------


def test_calendars_and_schedules_speak_the_language_of_their_address(client):
    content = build_published()
    content.session.title_fr = "Table ronde sur les migrations"
    content.session.save()
    workshop = content.workshop.slug

    calendar = icalendar.Calendar.from_ical(
        client.get(f"/fr/workshops/{workshop}/calendar.ics").content
    )
    schedule = client.get(f"/es/workshops/{workshop}/schedule.json").json()

    assert [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")] == [
        "Table ronde sur les migrations"
    ]
    (event,) = schedule["schedule"]["conference"]["days"][0]["rooms"].popitem()[1]
    assert event["title"] == "Migration panel"


# Fixtures -------------------------------------------------------------------------------------


def test_an_older_single_language_fixture_loads_into_the_english_columns(tmp_path, settings):
    """A fixture written before the texts had a column per language: "title", not
    "title_en". load_fixtures loads it in English, whatever language is active."""
    seed = json.loads((settings.BASE_DIR / "fixtures" / f"{SEED_FIXTURE}.json").read_text())
    for item in seed:
        item["fields"] = {
            re.sub(r"_en$", "", name): value for name, value in item["fields"].items()
        }
    older = tmp_path / "older.json"
    older.write_text(json.dumps(seed))

    with translation.override("fr"):
        call_command("load_fixtures", str(older), verbosity=0)

    assert counts() == EXPECTED_COUNTS
    workshop = Workshop.objects.get(slug=WORKSHOP_SLUG)
    assert workshop.title_en == "Making Global Labour Mobility a Catalyst for Development"
    assert (workshop.title_fr, workshop.title_es) == (None, None)
    assert Session.objects.filter(title_en="Registration").exists()


def test_the_seed_fixture_is_english_only(settings):
    """Its texts are the seeds' own words: French and Spanish are for editors to write."""
    seed = json.loads((settings.BASE_DIR / "fixtures" / f"{SEED_FIXTURE}.json").read_text())
    names = {name for item in seed for name in item["fields"]}
    assert not [name for name in names if name.endswith(("_fr", "_es"))]
    assert {"title_en", "name_en", "text_en"} <= names


def test_an_exported_workshop_carries_every_language(tmp_path):
    content = build_published()
    content.workshop.title_fr = "Migrations de travail"
    content.workshop.save()
    content.question.text_es = "¿Cómo puede ayudar la migración?"
    content.question.save()
    path = tmp_path / "export.json"
    call_command("export_workshop", content.workshop.slug, output=str(path))

    exported = json.loads(path.read_text(encoding="utf-8"))
    workshop = next(item for item in exported if item["model"] == "workshops.workshop")
    assert {"title_en", "title_fr", "title_es"} <= set(workshop["fields"])
    assert "title" not in workshop["fields"]

    Workshop.objects.all().delete()
    call_command("load_fixtures", str(path), verbosity=0)

    loaded = Workshop.objects.get(slug=content.workshop.slug)
    assert (loaded.title_en, loaded.title_fr) == (
        "Labour migration and development",
        "Migrations de travail",
    )
    assert loaded.sessions.get().guiding_questions.get().text_es == (
        "¿Cómo puede ayudar la migración?"
    )


# Admin ----------------------------------------------------------------------------------------


def test_the_admin_shows_each_texts_languages_side_by_side(admin_client):
    workshop = WorkshopFactory()
    tree = page(admin_client, admin_url(Workshop, "change", workshop.pk))

    row = tree.xpath("//div[contains(@class, 'field-title_en')]")[0]
    inputs = row.xpath(".//input[@type='text']")
    assert [(i.get("name"), i.get("lang")) for i in inputs] == [
        ("title_en", "en"),
        ("title_fr", "fr"),
        ("title_es", "es"),
    ]
    labels = [label.text_content() for label in row.xpath(".//label")]
    assert labels == ["Title (English):", "Title (French):", "Title (Spanish):"]
    assert tree.xpath("//input[@name='title_en']")[0].get("required") is not None
    assert tree.xpath("//input[@name='title_fr']")[0].get("required") is None
    assert tree.xpath("//script[contains(@src, 'jquery-ui')]") == []


def test_the_admin_lists_what_lacks_a_french_or_spanish_version(admin_client):
    translated = WorkshopFactory(title="One", title_fr="Un", title_es="Uno", city="")
    english = WorkshopFactory(title="Two", city="")
    objective_in_english = WorkshopFactory(
        title="Three", title_fr="Trois", title_es="Tres", city=""
    )
    objective_in_english.objectives.create(text="Share", text_es="Compartir", order=1)

    def listed(language):
        response = admin_client.get(admin_url(Workshop, "changelist"), {"lacks": language})
        return {workshop.pk for workshop in response.context["cl"].result_list}

    assert listed("fr") == {english.pk, objective_in_english.pk}
    assert listed("es") == {english.pk}
    assert translated.pk not in listed("fr")
    response = admin_client.get(admin_url(Workshop, "changelist"))
    assert "Lacks French" in response.content.decode()


def test_the_admin_search_finds_a_text_in_any_language(admin_client):
    WorkshopFactory(title="Labour", title_es="Trabajo")
    response = admin_client.get(admin_url(Workshop, "changelist"), {"q": "trabajo"})
    assert [str(workshop) for workshop in response.context["cl"].result_list] == ["Labour"]


def test_a_workshop_duplicated_for_next_year_names_each_language_its_way():
    workshop = WorkshopFactory(title="Labour", title_fr="Travail")
    copy = workshop.duplicate_as_draft()
    assert (copy.title_en, copy.title_fr, copy.title_es) == (
        "Labour (next edition)",
        "Travail (prochaine édition)",
        None,
    )
    # Saved in English whatever the editor's language: the library's own column is English.
    assert Workshop.objects.filter(pk=copy.pk, title="Labour (next edition)").exists()


def test_a_workshop_with_the_longest_title_is_duplicated_with_its_title_cut_short():
    """The copy's title fits its column: a database refuses a longer one (a server error)."""
    workshop = WorkshopFactory(title="Labour " * 41 + "mobility work", title_fr="T" * 300)
    copy = workshop.duplicate_as_draft()
    copy.full_clean()
    assert len(copy.title_en) == len(copy.title_fr) == 300
    assert copy.title_en.startswith("Labour Labour")
    assert copy.title_en.endswith("… (next edition)")
    assert copy.title_fr.endswith("T… (prochaine édition)")
