"""The 2007 workshop fixture: complete, faithful to the seeds, and safe to load again."""

import datetime
import json
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import html

from speakers.models import Organization, Speaker
from tests.seed import EXPECTED_COUNTS, SEED_FIXTURE, WORKSHOP_SLUG, counts
from workshops.models import (
    Challenge,
    GuidingQuestion,
    KeyPrinciple,
    Objective,
    PolicyExample,
    PublicationPart,
    Section,
    Session,
    SessionSpeaker,
    Topic,
    Workshop,
)

SEEDS_DIR = settings.BASE_DIR.parent / "shared" / "seeds"
REPORT = SEEDS_DIR / "000_f6ac804489a7145e.txt"
EVENT_PAGE = SEEDS_DIR / "003_c0f5357f1206a0b2.txt"


pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop(seed):
    return seed


def flat(text):
    """Seed text as one line: PDF line breaks, hyphenation at line ends and spacing undone."""
    text = re.sub(r"(?<=\w)-\n(?=\w)", "-", text)
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def seed_text():
    if not REPORT.exists():
        pytest.skip(f"the seeds are not beside the project ({SEEDS_DIR})")
    return flat(REPORT.read_text()) + " " + flat(EVENT_PAGE.read_text())


def test_seed_fixture_counts_per_model(workshop):
    assert counts() == EXPECTED_COUNTS


def test_seed_fixture_workshop_facts(workshop):
    assert workshop.title == "Making Global Labour Mobility a Catalyst for Development"
    assert workshop.dialogue_year.year == 2007
    assert workshop.dialogue_year.theme == "Migration Management in the Evolving Global Economy"
    assert (workshop.start_date, workshop.end_date) == (
        datetime.date(2007, 10, 8),
        datetime.date(2007, 10, 9),
    )
    assert (workshop.city, workshop.country_id) == ("Geneva", "CH")
    assert workshop.kind == Workshop.Kind.INTERSESSIONAL
    assert workshop.is_published
    assert (workshop.participant_count, workshop.participant_country_count) == (170, 65)
    assert workshop.participation_is_approximate
    assert [(p.organization.slug, p.role) for p in workshop.workshoppartner_set.all()] == [
        ("iom", "organizer"),
        ("world-bank", "collaborator"),
        ("oecd-development-centre", "collaborator"),
        ("ilo", "collaborator"),
        ("government-of-italy", "funder"),
        ("government-of-the-united-states", "funder"),
    ]
    assert workshop.objectives.first().text.startswith("to bring together representatives")
    assert workshop.key_principles.last().text.startswith("Thirdly, the workshop participants")
    assert (
        "protecting migrant workers\N{RIGHT SINGLE QUOTATION MARK} status"
        in workshop.challenges.first().text
    )


def test_seed_fixture_agenda_is_the_true_structure(workshop):
    agenda = [
        (s.date.day, s.start_time.strftime("%H:%M"), s.end_time.strftime("%H:%M"), s.kind)
        for s in workshop.sessions.all()
    ]
    assert agenda == [
        (8, "09:00", "10:00", "registration"),
        (8, "10:00", "10:15", "welcome"),
        (8, "10:15", "10:30", "keynote"),
        (8, "10:30", "11:00", "scene_setting"),
        (8, "11:00", "13:00", "panel"),
        (8, "13:00", "15:00", "break"),
        (8, "15:00", "18:00", "panel"),
        (9, "10:00", "10:15", "migrant_story"),
        (9, "10:15", "13:00", "panel"),
        (9, "13:00", "15:00", "break"),
        (9, "15:00", "17:50", "panel"),
        (9, "17:50", "18:00", "wrap_up"),
    ]
    numbered = workshop.sessions.filter(number__isnull=False)
    assert [s.full_title for s in numbered] == [
        "Session I: Towards More Effective Labour Migration Management: Assessing Labour "
        "Market Needs and Labour Force Skills Profiles",
        "Session II: Key Policy Elements in Comprehensive Labour Migration Management",
        "Session III: The Role of Private Sector and Other Stakeholders in Making Labour "
        "Migration Work for Development",
        "Session IV: Leveraging the Development Potential of Temporary and Circular Migration",
    ]
    assert [s.general_discussion for s in workshop.sessions.all()] == [
        False, False, False, True, True, False, True, False, True, False, True, False
    ]  # fmt: skip


def people(workshop, slug):
    return [
        (p.speaker.full_name, p.role, p.title, p.organization.name)
        for p in SessionSpeaker.objects.filter(session__workshop=workshop, session__slug=slug)
    ]


def test_seed_fixture_session_i_speakers_are_not_the_garbled_ones(workshop):
    """The agenda text repeats the scene-setting speakers under Session I; the event page
    and the true agenda give Bunjun, Arkless and Jung Mino."""
    assert people(workshop, "session-i") == [
        ("Ibrahim Awad", "moderator", "Director, International Migration Programme",
         "International Labour Organization"),
        ("Kreshna Bunjun", "speaker", "Deputy Director General",
         "Ministry of Finance and Economic Development"),
        ("David Arkless", "speaker", "Senior Vice President, Global Corporate Affairs",
         "Manpower, Inc."),
        ("Jung Mino", "speaker", "Labour Attaché",
         "Permanent mission of the Republic of Korea in Geneva"),
    ]  # fmt: skip
    assert [name for name, *_ in people(workshop, "setting-the-scene")] == [
        "Lant Pritchett",
        "Michele Klein Solomon",
    ]


def test_seed_fixture_on_behalf_of(workshop):
    stand_in = SessionSpeaker.objects.get(speaker__slug="jung-mino")
    assert stand_in.on_behalf_of.full_name == "Hyo-jung Hwang"
    assert stand_in.on_behalf_of.position == "Deputy Director, Foreign Workforce Employment Team"
    assert stand_in.on_behalf_of.organization.country_id == "KR"


def test_seed_fixture_every_speaker_and_moderator(workshop):
    slugs = ["welcome-remarks", "keynote-presentation", "session-ii", "migrant-story",
             "session-iii", "session-iv"]  # fmt: skip
    roles = {slug: [(name, role) for name, role, *_ in people(workshop, slug)] for slug in slugs}
    assert roles == {
        "welcome-remarks": [("Brunson McKinley", "speaker")],
        "keynote-presentation": [("Cristina de Luca", "keynote")],
        "session-ii": [
            ("Ricardo Cordero", "moderator"),
            ("Carlos López", "speaker"),
            ("Les Linklater", "speaker"),
            ("Carmen Perez Gonzalez", "speaker"),
            ("Rebecca Calzado", "speaker"),
        ],
        "migrant-story": [("Syed Saiful Haque", "speaker")],
        "session-iii": [
            ("Antonio Peñalosa", "moderator"),
            ("Ghassan Aidi", "speaker"),
            ("Elijah Achoch", "speaker"),
            ("Tristan d'Avezac de Moran", "speaker"),
            ("Tos Q. Añonuevo", "speaker"),
        ],
        "session-iv": [
            ("Richard S. Newfarmer", "moderator"),
            ("Jeff Dayton-Johnson", "speaker"),
            ("Andreu Peix Massip", "speaker"),
            ("Kristof Tamas", "speaker"),
        ],
    }


def test_seed_fixture_guiding_questions_per_session(workshop):
    per_session = {
        session.slug: count
        for session in workshop.sessions.all()
        if (count := session.guiding_questions.count())
    }
    assert per_session == {
        "setting-the-scene": 6,
        "session-i": 5,
        "session-ii": 4,
        "session-iii": 5,
        "session-iv": 5,
    }
    first = GuidingQuestion.objects.get(session__slug="session-iv", order=1)
    assert first.text == (
        "What are the barriers and opportunities specific to circular and temporary labour "
        "migration at different skill levels?"
    )


def test_seed_fixture_documents_from_the_event_page(workshop):
    documents = workshop.documents.filter(part=None)
    assert [(d.speaker.full_name, d.kind, d.session.slug) for d in documents] == [
        ("Kreshna Bunjun", "paper", "session-i"),
        ("Kreshna Bunjun", "presentation", "session-i"),
        ("Carlos López", "presentation", "session-ii"),
        ("Les Linklater", "presentation", "session-ii"),
        ("Rebecca Calzado", "presentation", "session-ii"),
        ("Rebecca Calzado", "paper", "session-ii"),
        ("Syed Saiful Haque", "presentation", "migrant-story"),
    ]
    assert not any(d.link for d in documents)


def test_seed_fixture_policy_example_with_several_countries(workshop):
    spain_ecuador = PolicyExample.objects.get(slug="spain-ecuador-remittance-costs-agreement")
    assert sorted(spain_ecuador.countries.values_list("code", flat=True)) == ["EC", "ES"]
    assert spain_ecuador.scope == PolicyExample.Scope.BILATERAL
    assert sorted(spain_ecuador.topics.values_list("slug", flat=True)) == [
        "bilateral-agreements",
        "remittances",
    ]
    assert sorted(spain_ecuador.organizations.values_list("name", flat=True)) == [
        "Caixa Española",
        "Central Bank of Ecuador",
    ]


def test_seed_fixture_texts_are_quoted_from_the_seeds(workshop, seed_text):
    """Descriptions, questions, principles, challenges and examples are the seeds' own words."""
    without_footnote_marks = re.sub(r"\)\d+ ", ") ", seed_text)
    texts = [
        *GuidingQuestion.objects.values_list("text", flat=True),
        *Session.objects.exclude(description="").values_list("description", flat=True),
        *KeyPrinciple.objects.values_list("text", flat=True),
        *Challenge.objects.values_list("text", flat=True),
        *Objective.objects.values_list("text", flat=True),
        *PolicyExample.objects.values_list("summary", flat=True),
    ]
    missing = [text[:60] for text in texts if text not in without_footnote_marks]
    assert missing == []


def test_seed_fixture_names_appear_in_the_seeds(workshop, seed_text):
    names = [*Speaker.objects.values_list("full_name", flat=True)]
    names += [title for title in SessionSpeaker.objects.values_list("title", flat=True)]
    # One typo of the PDF extraction is corrected: "Directorate-Generasl".
    seed_text = seed_text.replace("Directorate-Generasl", "Directorate-General")
    assert [name for name in names if name.split(", ")[0] not in seed_text] == []


def test_seed_fixture_red_book_says_only_what_the_seed_says(workshop):
    publication = workshop.publications.get()
    assert publication.series == "International Dialogue on Migration Publication Series"
    assert (publication.title, publication.number, publication.year) == ("", "", None)
    assert (publication.isbn, publication.publisher) == ("", "")
    assert [(p.kind, p.title) for p in publication.parts.all()] == [
        ("foreword", "Foreword"),
        ("report", "Part I: Report of the workshop"),
        ("background_paper", "Part II: Background paper"),
    ]
    assert [
        (c.role, c.name, c.affiliation, c.part.kind if c.part else None)
        for c in publication.credits.all()
    ] == [
        ("supervision", "Michele Klein Solomon", "Director, MPR", None),
        ("supervision", "Philippe Boncour", "Head, IDM Division, MPR", None),
        ("principal_author", "Françoise Moudouthe", "", "report"),
        ("contributor", "Ryszard Cholewinski", "", "report"),
    ]
    notes = {
        part.kind: list(part.footnotes.values_list("number", flat=True))
        for part in publication.parts.all()
    }
    assert notes == {"foreword": [], "report": [1, 2, 3, 4, 5, 6], "background_paper": list(
        range(1, 9))}  # fmt: skip
    assert Section.objects.get(anchor="bp-way-forward").heading == "The way forward"


def test_seed_fixture_every_note_is_referred_to_once_where_it_belongs(workshop):
    for part in PublicationPart.objects.all():
        references = [
            number
            for section in part.sections.all()
            for number in re.findall(r"\[\^(\d+)\]", section.body)
        ]
        assert sorted(map(int, references)) == [note.number for note in part.footnotes.all()]


def test_seed_fixture_points_are_whole_and_linked_to_their_sections(workshop):
    principles = [p.text for p in workshop.key_principles.all()]
    assert "the cornerstone of inclusive, effective and sustainable" in principles[0]
    assert principles[0].endswith("convert this new-found enthusiasm into concrete action.")
    assert principles[1].endswith("successful but also unproductive experiences.")
    assert "administrative infrastructures, operational systems, data collection" in (
        workshop.challenges.get(order=3).text
    )
    sources = {
        model.__name__: {point.source_section.anchor for point in model.objects.all()}
        for model in (Objective, KeyPrinciple, Challenge)
    }
    assert sources == {
        "Objective": {"the-workshop"},
        "KeyPrinciple": {"conclusion"},
        "Challenge": {"challenges"},
    }
    assert not PolicyExample.objects.filter(source_section=None).exists()


def test_seed_fixture_mends_what_the_check_against_the_seeds_found(workshop):
    association = Organization.objects.get(slug="kenya-association-for-private-employment-agencies")
    assert association.kind == ""
    hotels = PolicyExample.objects.get(slug="ihra-international-mobility-programme")
    assert hotels.title.startswith("International Hotel and Restaurants Association:")
    assert "International Hotel and Restaurant Association which" in hotels.summary  # quoted
    assert hotels.organizations.get().name == "International Hotel and Restaurants Association"
    gmg = PolicyExample.objects.get(slug="global-migration-group-harmonized-data")
    assert (gmg.source_footnote.part.kind, gmg.source_footnote.number) == ("report", 5)
    assert gmg.source_footnote.body.startswith("GMG is an inter-agency group")
    assert workshop.agenda_is_provisional
    free_movement = Section.objects.get(part__kind="report", anchor="inter-state-cooperation")
    assert "“Free Movement of Persons in Regional Integration Processes” in June 2007.[^6]" in (
        free_movement.body
    )
    assert [d.part.kind for d in workshop.documents.exclude(part=None)] == [
        "report",
        "background_paper",
    ]


# Where each part of the Red Book starts in the seed (a line of its own), and where it ends:
# the agenda of Part II is not copied (the structured agenda is it).
PART_BOUNDS = {
    "foreword": (None, "INTRODUCTION"),
    "report": ("INTRODUCTION", "INTERNATIONAL DIALOGUE ON MIGRATION"),
    "background-paper": ("BACKGROUND PAPER", None),
}


def seed_part_lines(slug):
    lines = [line.strip() for line in REPORT.read_text().splitlines()]
    start, end = PART_BOUNDS[slug]
    first = lines.index(start) if start else 0
    last = lines.index(end) if end else len(lines)
    return [line for line in lines[first:last] if line]


def normalized(text):
    return re.sub(r"\s+", " ", text).strip()


def reading_text(page):
    """The text of a part's sections and notes, as a reader sees it (a note marker's number
    follows its word), without the links to what the workshop's data took from it."""
    for aside in page.xpath('//aside[@class="from-section"]'):
        aside.drop_tree()
    blocks = page.xpath('//article[@class="text"] | //section[@id="notes"]')
    return normalized(" ".join(block.text_content() for block in blocks))


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_paragraph_of_the_red_book_is_on_the_reading_page_of_its_part(
    workshop, seed_text, client, language
):
    """Line by line: each line of the seed's foreword, report and background paper is in the
    text of its part's page (a note's first line without its number, a bullet without its
    sign), each long line as often as in the seed; no page number between the lines around it;
    each note marker links to its note, which links back."""
    for slug in PART_BOUNDS:
        url = f"/{language}/workshops/{WORKSHOP_SLUG}/publications/red-book/{slug}/"
        response = client.get(url)
        assert response.status_code == 200, url
        page = html.fromstring(response.content)
        text = reading_text(page)
        lines = seed_part_lines(slug)
        seed_part = normalized(" ".join(lines))
        missing, repeated = [], []
        for index, line in enumerate(lines):
            line = normalized(line.removeprefix("•"))
            if line.isdigit():  # a page number: not between the words around it
                around = f"{lines[index - 1].split()[-1]} {line} {lines[index + 1].split()[0]}"
                assert around not in text, around
                continue
            found = [form for form in (line, re.sub(r"^\d+\.? ", "", line)) if form in text]
            if not found:
                missing.append(line)
            elif len(found[0]) >= 50 and text.count(found[0]) != seed_part.count(found[0]):
                repeated.append(line)
        assert (slug, missing, repeated) == (slug, [], [])
        markers = page.xpath('//article//sup[@class="footnote-ref"]/a')
        notes = page.xpath('//ol[@class="footnotes"]/li')
        assert [a.get("href") for a in markers] == [f"#{li.get('id')}" for li in notes], slug
        assert [li.xpath('a[@class="footnote-back"]/@href') for li in notes] == [
            [f"#{a.get('id')}"] for a in markers
        ], slug


def test_seed_fixture_loads_twice_without_change(workshop):
    before = counts()
    session_ids = list(Session.objects.values_list("pk", "title"))
    call_command("loaddata", SEED_FIXTURE, verbosity=0)
    assert counts() == before
    assert list(Session.objects.values_list("pk", "title")) == session_ids


def test_malformed_fixture_fails_clearly_and_changes_nothing(workshop, tmp_path):
    """A fixture whose first object is valid and a later one broken is rolled back whole."""
    objects = [
        {
            "model": "workshops.workshop",
            "fields": {
                "dialogue_year": [2007],
                "title": "Changed by a broken fixture",
                "slug": WORKSHOP_SLUG,
                "kind": "intersessional",
                "start_date": "2007-10-08",
                "end_date": "2007-10-09",
                "status": "published",
            },
        },
        {
            "model": "workshops.session",
            "fields": {
                "workshop": ["no-such-workshop"],
                "slug": "orphan",
                "date": "2007-10-08",
                "start_time": "09:00",
                "end_time": "10:00",
                "title": "Orphan",
            },
        },
    ]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(objects))
    before = counts()

    with pytest.raises(CommandError, match=r"broken\.json"):
        call_command("load_fixtures", str(broken), verbosity=0)

    assert counts() == before
    assert Workshop.objects.get(slug=WORKSHOP_SLUG).title == workshop.title


def test_fixture_that_is_not_json_fails_clearly(tmp_path):
    broken = tmp_path / "truncated.json"
    broken.write_text('[{"model": "workshops.topic", "fields": {"name": "X"')
    with pytest.raises(CommandError, match=r"truncated\.json"):
        call_command("load_fixtures", str(broken), verbosity=0)
    assert Topic.objects.count() == 0


# The seed is loaded once for the tests that share it (tests/conftest.py, `seed`).


@pytest.mark.parametrize("run", [1, 2])
def test_what_a_test_writes_into_the_shared_seed_is_rolled_back_after_it(workshop, run):
    assert workshop.title == "Making Global Labour Mobility a Catalyst for Development"
    assert counts() == EXPECTED_COUNTS
    Workshop.objects.filter(pk=workshop.pk).update(title=f"Changed by run {run}")
    Session.objects.filter(workshop=workshop).delete()
    assert Session.objects.count() == 0


def test_a_test_that_does_not_ask_for_the_seed_does_not_see_it():
    assert counts() == dict.fromkeys(EXPECTED_COUNTS, 0)
