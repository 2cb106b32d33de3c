import datetime
import re

import pytest
from django.core.cache import caches

from tests.factories import (
    GuidingQuestionFactory,
    OrganizationFactory,
    PolicyExampleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
    WorkshopFactory,
    country,
)
from tests.helpers import count_queries
from workshops.models import SessionSpeaker, Workshop

pytestmark = pytest.mark.django_db

LIST_URLS = [
    "/en/speakers/",
    "/en/organizations/",
    "/en/policy-examples/",
    "/en/guiding-questions/",
]


def titles(response):
    return [example.title for example in response.context["object_list"]]


def build_examples(count):
    workshop = WorkshopFactory()
    remittances = TopicFactory(name="Remittances", slug="remittances")
    for _ in range(count):
        example = PolicyExampleFactory(workshop=workshop)
        example.countries.add(country("ES"), country("EC"))
        example.topics.add(remittances)
        example.organizations.add(OrganizationFactory())
        session = SessionFactory(workshop=workshop)
        GuidingQuestionFactory(session=session)
        SessionSpeakerFactory(session=session, speaker=SpeakerFactory(country=country("KE")))
    return workshop


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_pages_run_the_same_number_of_queries_for_small_and_large_data(client, url):
    build_examples(2)
    small = count_queries(client, url)
    build_examples(30)
    assert count_queries(client, url) == small


def test_policy_examples_filter_by_country_also_when_one_of_several(client):
    workshop = WorkshopFactory()
    both = PolicyExampleFactory(workshop=workshop, title="Remittance agreement")
    both.countries.add(country("ES"), country("EC"))
    PolicyExampleFactory(workshop=workshop, title="Seasonal workers").countries.add(country("IT"))

    response = client.get("/en/policy-examples/?country=EC")

    assert titles(response) == ["Remittance agreement"]
    assert "1 result" in response.content.decode()


def test_policy_example_filters_combine_and_stay_in_the_url(client):
    workshop = WorkshopFactory()
    remittances = TopicFactory(slug="remittances")
    wanted = PolicyExampleFactory(workshop=workshop, title="SMS transfers", scope="national")
    wanted.countries.add(country("PH"))
    wanted.topics.add(remittances)
    other_topic = PolicyExampleFactory(workshop=workshop, title="Data collection")
    other_topic.countries.add(country("PH"))
    other_country = PolicyExampleFactory(workshop=workshop, title="Bank fees")
    other_country.countries.add(country("ES"))
    other_country.topics.add(remittances)

    response = client.get("/en/policy-examples/?country=PH&topic=remittances&q=sms")

    assert titles(response) == ["SMS transfers"]
    assert response.context["filter"].form["country"].value() == "PH"


def test_policy_examples_of_draft_workshops_are_not_listed_nor_offered_as_filters(client):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT, title="Secret workshop")
    hidden = PolicyExampleFactory(workshop=draft, title="Hidden example")
    hidden.countries.add(country("NO"))
    hidden.organizations.add(OrganizationFactory(name="Hidden agency"))

    response = client.get("/en/policy-examples/")

    html = response.content.decode()
    assert titles(response) == []
    assert "Hidden example" not in html
    assert "Hidden agency" not in html
    assert "Secret workshop" not in html
    assert ">Norway<" not in html


@pytest.mark.parametrize(
    "query",
    [
        "country=XX",
        "topic=no-such-topic",
        "scope=galactic",
        "year=abc",
        "workshop=../../etc",
        "q=" + "x" * 5000,
    ],
)
def test_bad_filter_values_get_a_clear_message_not_an_error(client, query):
    PolicyExampleFactory()
    response = client.get(f"/en/policy-examples/?{query}")
    assert response.status_code == 200
    assert "Some filters are not valid" in response.content.decode()
    assert response.context["object_list"].count() == 0


def test_a_rejected_filter_is_described_by_its_message(client):
    """Screen readers read the error with the field: aria-describedby names the message."""
    html = client.get("/en/policy-examples/?country=XX").content.decode()
    described_by = re.search(r'<select name="country"[^>]*aria-describedby="([^"]+)"', html)
    message = re.search(
        rf'<p class="error" role="alert" id="{described_by.group(1)}">([^<]+)<', html
    )
    assert "Select a valid choice" in message.group(1)


@pytest.mark.parametrize("page", ["999999999999999999999", "abc", "-1", "0"])
@pytest.mark.parametrize("url", LIST_URLS)
def test_impossible_page_numbers_give_a_404(client, url, page):
    assert client.get(f"{url}?page={page}").status_code == 404


def test_lists_paginate_and_keep_the_filters_in_page_links(client):
    build_examples(25)
    response = client.get("/en/policy-examples/?topic=remittances")
    html = response.content.decode()
    assert len(response.context["object_list"]) == 20
    assert "25 results" in html
    assert 'href="?topic=remittances&amp;page=2"' in html


def test_speaker_filters_by_workshop_and_role_of_the_same_participation(client):
    moderator = SpeakerFactory(full_name="Ibrahim Awad")
    speaker = SpeakerFactory(full_name="Kreshna Bunjun")
    first, second = WorkshopFactory(), WorkshopFactory()
    SessionSpeakerFactory(
        session=SessionFactory(workshop=first), speaker=moderator, role="moderator"
    )
    SessionSpeakerFactory(session=SessionFactory(workshop=first), speaker=speaker)
    SessionSpeakerFactory(
        session=SessionFactory(workshop=second), speaker=speaker, role="moderator"
    )

    response = client.get(f"/en/speakers/?workshop={first.slug}&role=moderator")

    assert [s.full_name for s in response.context["object_list"]] == ["Ibrahim Awad"]


def test_speaker_search_and_country_filter(client):
    SessionSpeakerFactory(speaker=SpeakerFactory(full_name="Elijah Achoch", country=country("KE")))
    SessionSpeakerFactory(speaker=SpeakerFactory(full_name="Les Linklater", country=country("CA")))

    by_country = client.get("/en/speakers/?country=KE")
    by_name = client.get("/en/speakers/?q=linklater")

    assert [s.full_name for s in by_country.context["object_list"]] == ["Elijah Achoch"]
    assert [s.full_name for s in by_name.context["object_list"]] == ["Les Linklater"]


def test_speakers_only_in_drafts_are_not_listed(client):
    draft_session = SessionFactory(workshop=WorkshopFactory(status=Workshop.Status.DRAFT))
    SessionSpeakerFactory(session=draft_session, speaker=SpeakerFactory(full_name="Nobody Yet"))
    response = client.get("/en/speakers/")
    assert "Nobody Yet" not in response.content.decode()
    assert "0 results" in response.content.decode()


def test_organizations_filter_by_kind(client):
    union = OrganizationFactory(name="Building and Wood Workers International", kind="trade_union")
    SessionSpeakerFactory(speaker=SpeakerFactory(organization=union))
    SessionSpeakerFactory(speaker=SpeakerFactory(organization=OrganizationFactory(name="ILO")))

    response = client.get("/en/organizations/?kind=trade_union")

    assert [o.name for o in response.context["object_list"]] == [union.name]


def test_guiding_questions_filter_by_session_and_search(client):
    session = SessionFactory()
    GuidingQuestionFactory(session=session, text="What are the main data gaps?")
    GuidingQuestionFactory(session=session, text="Who are the stakeholders?")
    GuidingQuestionFactory(text="What are the main data gaps elsewhere?")

    response = client.get(f"/en/guiding-questions/?session={session.pk}&q=data")

    assert [q.text for q in response.context["object_list"]] == ["What are the main data gaps?"]


def test_empty_lists_say_so(client):
    html = client.get("/en/policy-examples/").content.decode()
    assert "No policy example matches these filters." in html


def test_participation_roles_offered_are_the_model_roles(client):
    html = client.get("/en/speakers/").content.decode()
    for _value, label in SessionSpeaker.Role.choices:
        assert f">{label}</option>" in html


def examples_of(*organizations):
    workshop = WorkshopFactory()
    for organization in organizations:
        example = PolicyExampleFactory(workshop=workshop, title=f"Example of {organization.name}")
        example.organizations.add(organization)


@pytest.mark.parametrize(
    "typed, expected",
    [
        # A slug, as links and the API give it: that organization only.
        ("ilo", ["Example of International Labour Organization"]),
        # An acronym, in any case: the organizations it abbreviates.
        ("IOM", ["Example of International Organization for Migration"]),
        # Words of a name, in any order and case: every organization whose name holds them.
        (
            "organization international",
            [
                "Example of International Labour Organization",
                "Example of International Organization for Migration",
            ],
        ),
    ],
)
def test_policy_examples_filter_by_an_organization_typed_by_slug_acronym_or_name(
    client, typed, expected
):
    examples_of(
        OrganizationFactory(name="International Labour Organization", slug="ilo", acronym="ILO"),
        OrganizationFactory(name="International Organization for Migration", acronym="IOM"),
        OrganizationFactory(name="Philippine Overseas Employment Administration", acronym="POEA"),
        # "ilo" is also part of this name: the slug comes first.
        OrganizationFactory(name="Philoxenia Institute", acronym="PI"),
    )

    response = client.get("/en/policy-examples/", {"organization": typed})

    assert titles(response) == expected
    html = response.content.decode()
    assert f'<input type="text" name="organization" value="{typed}"' in html
    assert '<select name="organization"' not in html


def test_an_organization_that_matches_nothing_is_a_filter_error(client):
    examples_of(OrganizationFactory(name="International Labour Organization"))

    response = client.get("/en/speakers/?organization=unhcr")

    assert response.context["filter"].errors == {
        "organization": ["No organization matches “unhcr”."]
    }
    assert "Some filters are not valid" in response.content.decode()


def test_speakers_filter_by_organization_name(client):
    ministry = OrganizationFactory(name="Ministry of Labour of Kenya", acronym="MoL")
    SessionSpeakerFactory(speaker=SpeakerFactory(full_name="Elijah Achoch", organization=ministry))
    SessionSpeakerFactory(speaker=SpeakerFactory(full_name="Les Linklater"))

    response = client.get("/en/speakers/?organization=labour+kenya")

    assert [s.full_name for s in response.context["object_list"]] == ["Elijah Achoch"]


def test_choices_are_validated_against_the_options_shown_without_a_query_of_their_own(client):
    build_examples(3)
    unfiltered = count_queries(client, "/en/policy-examples/")
    caches["default"].clear()
    filtered = count_queries(client, "/en/policy-examples/?country=EC&topic=remittances")
    assert filtered == unfiltered


def country_options(response):
    select = re.search(r'<select name="country".*?</select>', response.content.decode(), re.S)
    return re.findall(r'<option value="(\w*)"', select.group())


def test_filter_options_are_read_once_until_the_next_edit(client):
    workshop = build_examples(3)
    first = client.get("/en/policy-examples/?q=policy")
    options_kept = count_queries(client, "/en/policy-examples/?q=Policy")
    caches["default"].clear()
    options_read = count_queries(client, "/en/policy-examples/?q=POLICY")
    # Countries, topics, years and workshops: read for the first page, not for another search.
    assert options_kept == options_read - 4
    assert country_options(first) == ["", "EC", "ES"]

    added = PolicyExampleFactory(workshop=workshop, title="Moroccan consular outreach")
    added.countries.add(country("MA"))

    response = client.get("/en/policy-examples/?q=consular")
    assert country_options(response) == ["", "EC", "MA", "ES"]
    assert titles(client.get("/en/policy-examples/?country=MA")) == [added.title]


def test_filter_options_are_kept_per_language(client):
    build_examples(1)
    client.get("/en/policy-examples/")
    html = client.get("/fr/policy-examples/?q=x").content.decode()
    assert ">Espagne<" in html
    assert ">Spain<" not in html


def test_guiding_question_sessions_are_offered_under_their_workshop(client):
    first, second = (
        WorkshopFactory(title=title, start_date=day, end_date=day)
        for title, day in [
            ("Labour mobility", datetime.date(2030, 5, 1)),
            ("Diasporas", datetime.date(2029, 5, 1)),
        ]
    )
    for workshop in (first, second):
        session = SessionFactory(workshop=workshop, number=2, title="Data")
        GuidingQuestionFactory(session=session)

    html = client.get("/en/guiding-questions/").content.decode()

    select = re.search(r'<select name="session".*?</select>', html, flags=re.S).group()
    assert re.sub(r'value="\d+"', 'value=""', select) == (
        '<select name="session" id="id_session"><option value="" selected>All sessions</option>'
        '<optgroup label="Labour mobility"><option value="">Session II: Data</option></optgroup>'
        '<optgroup label="Diasporas"><option value="">Session II: Data</option></optgroup>'
        "</select>"
    )


def test_see_all_lists_the_matches_that_the_search_counted(client):
    workshop = WorkshopFactory()
    for title in ["Remittances by SMS", "Cheaper remittance transfers", "Seasonal workers"]:
        PolicyExampleFactory(workshop=workshop, title=title)

    search = client.get("/en/search/?q=remittances").context
    group = next(group for group in search["groups"] if group.key == "policy_examples")
    listed = client.get(group.see_all_url).context["paginator"].count

    assert listed == group.count


@pytest.mark.parametrize(
    ("url", "labels"),
    [
        (
            "/en/policy-examples/",
            ["All countries", "All topics", "All scopes", "All years", "All workshops"],
        ),
        ("/fr/policy-examples/", ["Tous les pays", "Tous les thèmes", "Toutes les portées"]),
        ("/es/speakers/", ["Todos los talleres", "Todas las funciones", "Todos los países"]),
        ("/en/guiding-questions/", ["All workshops", "All sessions"]),
        ("/fr/organizations/", ["Tous les types", "Tous les pays"]),
    ],
)
def test_select_boxes_say_what_leaving_them_empty_means(client, url, labels):
    PolicyExampleFactory()

    html = client.get(url).content.decode()

    empty_options = re.findall(r'<option value=""(?: selected)?>([^<]*)</option>', html)
    assert empty_options[: len(labels)] == labels
    assert "---------" not in html


def question_headings(html):
    """The workshop (h2) and session (h3) headings of the guiding questions, in order, each
    with the number of questions under it (for a session)."""
    found = []
    for level, title, questions in re.findall(
        r'<h([23])[^>]*><a href="[^"]+">([^<]+)</a>.*?</h\1>'
        r'(?:\s*<ol class="question-list">(.*?)</ol>)?',
        html,
        flags=re.S,
    ):
        found.append((title, questions.count("<li>")) if level == "3" else title)
    return found


def test_guiding_questions_come_by_workshop_and_session_each_heading_once(client):
    day = datetime.date(2031, 5, 1)
    newer = WorkshopFactory(title="Diasporas", start_date=day, end_date=day)
    older = WorkshopFactory(title="Labour mobility")
    late = SessionFactory(
        workshop=older, title="Afternoon", start_time=datetime.time(15), end_time=datetime.time(16)
    )
    early = SessionFactory(
        workshop=older, title="Morning", start_time=datetime.time(9), end_time=datetime.time(10)
    )
    for session, count in [
        (late, 2),
        (early, 3),
        (SessionFactory(workshop=newer, title="Only"), 1),
    ]:
        for _ in range(count):
            GuidingQuestionFactory(session=session)

    html = client.get("/en/guiding-questions/").content.decode()

    assert question_headings(html) == [
        "Diasporas",
        ("Only", 1),
        "Labour mobility",
        ("Morning", 3),
        ("Afternoon", 2),
    ]


def test_a_sessions_guiding_questions_are_never_split_between_pages(client):
    workshop = WorkshopFactory()
    sizes = [15, 10, 3, 25, 1]
    for hour, size in enumerate(sizes, start=8):
        session = SessionFactory(
            workshop=workshop,
            title=f"At {hour}",
            start_time=datetime.time(hour),
            end_time=datetime.time(hour, 30),
        )
        for _ in range(size):
            GuidingQuestionFactory(session=session)

    pages = []
    for number in (1, 2, 3, 4):
        html = client.get(f"/en/guiding-questions/?page={number}").content.decode()
        pages.append([heading for heading in question_headings(html) if isinstance(heading, tuple)])

    # Whole sessions up to 20 questions a page; a session of more has a page of its own.
    assert pages == [
        [("At 8", 15)],
        [("At 9", 10), ("At 10", 3)],
        [("At 11", 25)],
        [("At 12", 1)],
    ]
    assert client.get("/en/guiding-questions/?page=5").status_code == 404
    assert "Page 1 of 4" in client.get("/en/guiding-questions/").content.decode()


def test_guiding_question_pages_stop_before_a_session_the_count_may_have_cut(client, settings):
    workshop = WorkshopFactory()
    for hour in (9, 10, 11):
        session = SessionFactory(
            workshop=workshop,
            title=f"At {hour}",
            start_time=datetime.time(hour),
            end_time=datetime.time(hour, 30),
        )
        for _ in range(2):
            GuidingQuestionFactory(session=session)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("idm.pagination.BoundedPaginator.max_count", 4)
        response = client.get("/en/guiding-questions/")
        assert client.get("/en/guiding-questions/?page=2").status_code == 404

    html = response.content.decode()
    assert "More than 4 results" in html
    assert [h for h in question_headings(html) if isinstance(h, tuple)] == [
        ("At 9", 2),
        ("At 10", 2),
    ]


def test_filters_are_in_a_panel_that_names_those_in_use_and_closes_on_phones(client):
    build_examples(1)
    html = client.get("/en/policy-examples/?country=ES&topic=remittances&q=").content.decode()
    assert '<details class="filter-panel" open data-closed-on-phones>' in html
    summary = re.search(r"<summary>(.*?)</summary>", html, flags=re.S).group(1)
    assert re.sub(r"<[^>]+>", "", summary) == "Filters (Country, Topic)"
    # The results come right after it.
    assert html.index("</details>") < html.index('class="result-count"') < html.index("<article")


def test_the_filter_panel_stays_open_on_phones_when_a_filter_is_wrong(client):
    html = client.get("/en/policy-examples/?country=XX").content.decode()
    assert '<details class="filter-panel" open>' in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Ecuador", "Germany", "Spain", "Switzerland"]),
        ("fr", ["Allemagne", "Équateur", "Espagne", "Suisse"]),
        ("es", ["Alemania", "Ecuador", "España", "Suiza"]),
    ],
)
@pytest.mark.parametrize("path", ["speakers", "policy-examples"])
def test_country_boxes_list_the_countries_alphabetically_in_the_pages_language(
    client, language, expected, path
):
    """Not in the order of their English names: in French, Allemagne first and Équateur
    among the E's."""
    workshop = WorkshopFactory()
    session = SessionFactory(workshop=workshop)
    for code in ("CH", "EC", "DE", "ES"):
        SessionSpeakerFactory(session=session, speaker=SpeakerFactory(country=country(code)))
        PolicyExampleFactory(workshop=workshop).countries.add(country(code))

    page = client.get(f"/{language}/{path}/").content.decode()
    box = re.search(r'<select name="country".*?</select>', page, re.S).group()
    shown = re.findall(r'<option value="[A-Z]{2}"[^>]*>([^<]*)</option>', box)
    assert shown == expected
