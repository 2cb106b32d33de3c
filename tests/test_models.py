import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import translation

from tests.factories import (
    DocumentFactory,
    GuidingQuestionFactory,
    OrganizationFactory,
    PolicyExampleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    WorkshopFactory,
)
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English, whatever language an earlier request activated."""
    with translation.override("en"):
        yield


def messages(error):
    return {field: [str(m) for m in msgs] for field, msgs in error.value.message_dict.items()}


def test_session_ending_before_it_starts_is_rejected_with_a_message():
    session = SessionFactory.build(
        workshop=WorkshopFactory(), start_time=datetime.time(11), end_time=datetime.time(10)
    )
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert messages(error)["end_time"] == ["The session must end after it starts."]


def test_session_ending_before_it_starts_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(start_time=datetime.time(11), end_time=datetime.time(10))


def test_session_outside_the_workshop_dates_is_rejected():
    workshop = WorkshopFactory(
        start_date=datetime.date(2030, 3, 10), end_date=datetime.date(2030, 3, 11)
    )
    session = SessionFactory.build(workshop=workshop, date=datetime.date(2030, 3, 12))
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert messages(error)["date"] == [
        "The date must fall within the workshop, 2030-03-10 to 2030-03-11."
    ]


def test_workshop_ending_before_it_starts_is_rejected():
    workshop = WorkshopFactory.build(
        dialogue_year=WorkshopFactory().dialogue_year,
        start_date=datetime.date(2030, 3, 10),
        end_date=datetime.date(2030, 3, 9),
    )
    with pytest.raises(ValidationError) as error:
        workshop.full_clean()
    assert messages(error)["end_date"] == ["The workshop cannot end before it starts."]


def test_two_sessions_cannot_share_a_position_in_the_agenda():
    first = SessionFactory(order=1)
    second = SessionFactory.build(workshop=first.workshop, order=1)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "__all__" in messages(error)


def test_guiding_question_positions_are_unique_per_session():
    question = GuidingQuestionFactory(order=1)
    clash = GuidingQuestionFactory.build(session=question.session, order=1)
    with pytest.raises(ValidationError):
        clash.full_clean()
    GuidingQuestionFactory.build(session=SessionFactory(), order=1).full_clean()


@pytest.mark.parametrize("factory", [WorkshopFactory, SpeakerFactory, OrganizationFactory])
def test_slugs_are_unique_whatever_the_case(factory):
    factory(slug="geneva-2007")
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(slug="Geneva-2007")


def test_session_number_is_unique_within_a_workshop():
    session = SessionFactory(number=1)
    clash = SessionFactory.build(workshop=session.workshop, number=1, order=99)
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert messages(error)["__all__"] == ["This workshop already has a session with this number."]


def test_numbered_session_title_uses_roman_numerals():
    assert SessionFactory.build(number=4, title="Temporary migration").full_title == (
        "Session IV: Temporary migration"
    )


def test_a_speaker_cannot_stand_in_for_themselves():
    participation = SessionSpeakerFactory()
    participation.on_behalf_of = participation.speaker
    with pytest.raises(ValidationError) as error:
        participation.full_clean()
    assert messages(error)["on_behalf_of"] == ["A person cannot stand in for themselves."]


def test_organization_cannot_be_part_of_itself():
    ministry = OrganizationFactory()
    government = OrganizationFactory(parent=ministry)
    ministry.parent = government
    with pytest.raises(ValidationError) as error:
        ministry.full_clean()
    assert messages(error)["parent"] == ["An organization cannot be part of itself."]


def test_policy_example_session_must_belong_to_its_workshop():
    example = PolicyExampleFactory.build(workshop=WorkshopFactory(), session=SessionFactory())
    with pytest.raises(ValidationError) as error:
        example.full_clean()
    assert messages(error)["session"] == ["Choose a session of the same workshop."]


def test_document_takes_a_file_or_a_link_not_both():
    document = DocumentFactory.build(
        workshop=WorkshopFactory(),
        url="https://example.org/paper.pdf",
        file=SimpleUploadedFile("paper.pdf", b"%PDF-1.4 paper"),
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert messages(error)["url"] == ["Give either an uploaded file or an external link, not both."]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ\x90\x00", "File extension “exe” is not allowed."),
        ("paper.pdf", b"<html>not a pdf</html>", "not a PDF, office document or presentation"),
    ],
)
def test_document_upload_rejects_other_file_types(name, content, message):
    document = DocumentFactory.build(
        workshop=WorkshopFactory(), file=SimpleUploadedFile(name, content)
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert message in " ".join(messages(error)["file"])


def test_document_upload_rejects_files_over_the_limit(settings):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 10
    document = DocumentFactory.build(
        workshop=WorkshopFactory(), file=SimpleUploadedFile("paper.pdf", b"%PDF-1.4 " + b"x" * 20)
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert messages(error)["file"] == [
        "The file is 29\xa0bytes; the largest allowed is 10\xa0bytes."
    ]


def test_duplicate_as_draft_copies_the_agenda_one_year_later():
    original = WorkshopFactory(
        start_date=datetime.date(2030, 3, 10), end_date=datetime.date(2030, 3, 11)
    )
    original.objectives.create(text="Share experiences.", order=1)
    session = SessionFactory(workshop=original, date=datetime.date(2030, 3, 11))
    GuidingQuestionFactory(session=session, text="What works?", order=1)
    SessionSpeakerFactory(session=session)

    copy = original.duplicate_as_draft()

    assert copy.status == Workshop.Status.DRAFT
    assert (copy.start_date, copy.end_date) == (
        datetime.date(2031, 3, 10),
        datetime.date(2031, 3, 11),
    )
    assert copy.dialogue_year.year == original.dialogue_year.year + 1
    assert [o.text for o in copy.objectives.all()] == ["Share experiences."]
    copied_session = Session.objects.get(workshop=copy)
    assert copied_session.date == datetime.date(2031, 3, 11)
    assert [q.text for q in copied_session.guiding_questions.all()] == ["What works?"]
    assert copied_session.participants.count() == 0
    assert original.sessions.get().guiding_questions.count() == 1
    copied_session.full_clean()
