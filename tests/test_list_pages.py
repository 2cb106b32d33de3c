import pytest

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
from tests.test_public_pages import count_queries
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
