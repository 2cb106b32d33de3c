"""The models' default orderings sort one parent's objects without a join; lists that show the
objects of several parents choose their own order, the newest workshop first."""

import datetime

import pytest

from tests.admin_forms import admin_url
from tests.factories import (
    DialogueYearFactory,
    DocumentFactory,
    GuidingQuestionFactory,
    OrganizationFactory,
    SessionFactory,
    WorkshopFactory,
)
from workshops.models import (
    Challenge,
    Document,
    GuidingQuestion,
    KeyPrinciple,
    Objective,
    Session,
    SessionSpeaker,
    WorkshopPartner,
)

API = "/api/v1"


@pytest.mark.parametrize(
    ("model", "parent"),
    [
        (Session, "workshop"),
        (WorkshopPartner, "workshop"),
        (Objective, "workshop"),
        (KeyPrinciple, "workshop"),
        (Challenge, "workshop"),
        (Document, "workshop"),
        (Document, "session"),
        (SessionSpeaker, "session"),
        (GuidingQuestion, "session"),
    ],
)
def test_the_objects_of_one_parent_sort_without_a_join(model, parent):
    sql = str(model.objects.filter(**{parent: 1}).query)
    assert "ORDER BY" in sql
    assert "JOIN" not in sql


@pytest.fixture
def older_entered_last(db):
    """Two workshops, the older one entered after the newer: ids run the other way."""
    newer = WorkshopFactory(title="Newer", dialogue_year=DialogueYearFactory(year=2031))
    newer.start_date, newer.end_date = datetime.date(2031, 3, 10), datetime.date(2031, 3, 11)
    newer.save()
    older = WorkshopFactory(title="Older", dialogue_year=DialogueYearFactory(year=2030))
    assert older.pk > newer.pk and older.start_date < newer.start_date
    return newer, older


def test_documents_of_several_workshops_list_the_newest_workshop_first(
    client, admin_client, older_entered_last
):
    newer, older = older_entered_last
    DocumentFactory(workshop=older, slug="older-1", order=1)
    DocumentFactory(workshop=newer, slug="newer-2", order=2)
    DocumentFactory(workshop=newer, slug="newer-1", order=1)
    expected = ["newer-1", "newer-2", "older-1"]

    response = client.get(f"{API}/documents/")
    assert [item["slug"] for item in response.json()["results"]] == expected
    response = admin_client.get(admin_url(Document, "changelist"))
    assert [document.slug for document in response.context["cl"].result_list] == expected


def test_an_organizations_partnerships_list_the_newest_workshop_first(client, older_entered_last):
    newer, older = older_entered_last
    organization = OrganizationFactory()
    for workshop in (older, newer):
        WorkshopPartner.objects.create(
            workshop=workshop, organization=organization, role=WorkshopPartner.Role.FUNDER
        )

    html = client.get(organization.get_absolute_url()).content.decode()
    assert 0 < html.index(">Newer</a>") < html.index(">Older</a>")


def test_the_admins_guiding_questions_follow_each_agenda(admin_client, db):
    workshop = WorkshopFactory()
    at = datetime.time
    afternoon = SessionFactory(workshop=workshop, start_time=at(14), end_time=at(15))
    morning = SessionFactory(workshop=workshop, start_time=at(9), end_time=at(10))
    for session in (afternoon, morning):
        for order in (2, 1):
            GuidingQuestionFactory(session=session, order=order, text=f"{session.pk}-{order}")

    response = admin_client.get(admin_url(GuidingQuestion, "changelist"))
    listed = [question.text for question in response.context["cl"].result_list]
    assert listed == [
        f"{morning.pk}-1",
        f"{morning.pk}-2",
        f"{afternoon.pk}-1",
        f"{afternoon.pk}-2",
    ]
