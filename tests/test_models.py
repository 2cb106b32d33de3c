import datetime
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import translation

from speakers.models import Organization
from tests.factories import (
    DocumentFactory,
    GuidingQuestionFactory,
    OrganizationFactory,
    PolicyExampleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    WorkshopFactory,
    build_publication,
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


def timed_session(workshop, start, end, *, save=True, **fields):
    make = SessionFactory if save else SessionFactory.build
    return make(
        workshop=workshop,
        start_time=datetime.time(*start),
        end_time=datetime.time(*end),
        **fields,
    )


def test_a_session_overlapping_another_of_its_workshop_names_it():
    workshop = WorkshopFactory()
    timed_session(workshop, (10, 0), (11, 0), number=1, title="Opening")
    timed_session(workshop, (12, 0), (13, 0), title="Lunch")
    timed_session(workshop, (10, 0), (11, 0), date=workshop.end_date, title="Next day")
    timed_session(WorkshopFactory(), (10, 0), (11, 0), title="Another workshop")
    late = timed_session(workshop, (10, 30), (12, 30), save=False, slug="late")

    with pytest.raises(ValidationError) as error:
        late.full_clean()

    assert messages(error) == {
        "start_time": [
            "Overlaps with 'Session I: Opening', 10:00 to 11:00.",
            "Overlaps with 'Lunch', 12:00 to 13:00.",
        ]
    }


def test_sessions_that_touch_do_not_overlap_and_a_session_does_not_overlap_itself():
    workshop = WorkshopFactory()
    timed_session(workshop, (10, 0), (11, 0))
    timed_session(workshop, (12, 0), (13, 0))
    between = timed_session(workshop, (11, 0), (12, 0))
    between.full_clean()
    between.start_time = datetime.time(11, 15)
    between.full_clean()


def test_overlapping_sessions_are_allowed_only_when_both_run_in_parallel():
    workshop = WorkshopFactory()
    timed_session(workshop, (10, 0), (11, 0), parallel=True, title="Room A")
    timed_session(workshop, (10, 0), (11, 0), parallel=True, slug="b", save=False).full_clean()

    with pytest.raises(ValidationError) as error:
        timed_session(workshop, (10, 30), (11, 30), slug="c", save=False).full_clean()
    assert messages(error) == {"start_time": ["Overlaps with 'Room A', 10:00 to 11:00."]}


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
    clash = SessionFactory.build(
        workshop=session.workshop,
        number=1,
        start_time=datetime.time(14),
        end_time=datetime.time(15),
    )
    with pytest.raises(ValidationError) as error:
        clash.full_clean()
    assert messages(error)["__all__"] == ["This workshop already has a session with this number."]


def test_session_numbers_start_at_one():
    session = SessionFactory.build(workshop=WorkshopFactory(), number=0)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert messages(error)["number"] == ["Ensure this value is greater than or equal to 1."]


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


def parent_loop():
    """Two organizations each part of the other, as two editors saving at once can leave them:
    written with update(), which skips clean(), since clean() refuses to make a loop."""
    first, second = OrganizationFactory(name="First"), OrganizationFactory(name="Second")
    Organization.objects.filter(pk=first.pk).update(parent=second)
    Organization.objects.filter(pk=second.pk).update(parent=first)
    first.refresh_from_db()
    return first


def test_organization_under_a_loop_of_parents_is_rejected_with_a_message():
    unit = OrganizationFactory.build(name="Unit", slug="unit", parent=parent_loop())
    with pytest.raises(ValidationError) as error:
        unit.full_clean()
    assert messages(error)["parent"] == [
        "The organizations this one is part of form a loop (First → Second → First): "
        "correct their “part of” first."
    ]


def test_workshop_citing_an_organization_under_a_loop_of_parents_can_be_exported(tmp_path):
    unit = OrganizationFactory(slug="unit", parent=parent_loop())
    workshop = WorkshopFactory(slug="loop-2031")
    PolicyExampleFactory(workshop=workshop).organizations.add(unit)

    call_command("export_workshop", "loop-2031", output=str(tmp_path / "loop.json"))

    exported = json.loads((tmp_path / "loop.json").read_text(encoding="utf-8"))
    organizations = [item for item in exported if item["model"] == "speakers.organization"]
    assert [item["fields"]["slug"] for item in organizations][-1] == "unit"
    assert len(organizations) == 3


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


def zip_archive():
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    return content.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 legacy office"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", zip_archive()),
        ("report.pdf", b"{\\rtf1 report}"),
        ("report.pdf", OLE2),
        ("report.docx", b"%PDF-1.4 report"),
        ("report.odt", OLE2),
        ("report.xls", zip_archive()),
        ("report.rtf", b"%PDF-1.4 report"),
    ],
)
def test_document_whose_content_does_not_match_its_extension_is_rejected(name, content):
    document = DocumentFactory.build(
        workshop=WorkshopFactory(), file=SimpleUploadedFile(name, content)
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    extension = name.rsplit(".", 1)[1]
    assert messages(error)["file"] == [
        f"The content of this file does not match its extension, .{extension}."
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.PDF", b"%PDF-1.4 report"),
        ("report.docx", zip_archive()),
        ("report.xlsx", zip_archive()),
        ("report.pptx", zip_archive()),
        ("report.odt", zip_archive()),
        ("report.ods", zip_archive()),
        ("report.odp", zip_archive()),
        ("report.doc", OLE2),
        ("report.xls", OLE2),
        ("report.ppt", OLE2),
        ("report.rtf", b"{\\rtf1 report}"),
    ],
)
def test_document_whose_content_matches_its_extension_is_accepted(name, content):
    DocumentFactory.build(
        workshop=WorkshopFactory(), file=SimpleUploadedFile(name, content)
    ).full_clean()


def test_document_whose_stored_file_is_missing_still_validates(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    document = DocumentFactory(file="documents/lost.pdf", title="Renamed")
    document.refresh_from_db()
    document.full_clean()


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
    section = build_publication(original).parts.first().sections.first()
    original.objectives.create(text="Share experiences.", order=1, source_section=section)
    session = SessionFactory(workshop=original, date=datetime.date(2030, 3, 11))
    session.background_sections.add(section)
    GuidingQuestionFactory(session=session, text="What works?", order=1)
    SessionSpeakerFactory(session=session)

    copy = original.duplicate_as_draft()

    assert copy.status == Workshop.Status.DRAFT
    assert (copy.start_date, copy.end_date) == (
        datetime.date(2031, 3, 10),
        datetime.date(2031, 3, 11),
    )
    assert copy.dialogue_year.year == original.dialogue_year.year + 1
    assert [(o.text, o.source_section) for o in copy.objectives.all()] == [
        ("Share experiences.", None)
    ]
    assert not copy.publications.exists()
    copied_session = Session.objects.get(workshop=copy)
    assert copied_session.date == datetime.date(2031, 3, 11)
    assert [q.text for q in copied_session.guiding_questions.all()] == ["What works?"]
    assert copied_session.participants.count() == 0
    assert not copied_session.background_sections.exists()
    assert original.sessions.get().guiding_questions.count() == 1
    copied_session.full_clean()


def test_duplicating_a_workshop_with_a_200_character_slug_gives_drafts_whose_slugs_fit():
    original = WorkshopFactory(slug="a" * 200)

    first, second = original.duplicate_as_draft(), original.duplicate_as_draft()

    assert (first.slug, second.slug) == ("a" * 195 + "-2031", "a" * 193 + "-2031-2")
    assert Workshop.objects.filter(slug__in=[first.slug, second.slug]).count() == 2


def test_cited_session_cannot_move_to_another_workshop():
    session = SessionFactory()
    PolicyExampleFactory(workshop=session.workshop, session=session)
    session.workshop = WorkshopFactory()
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert messages(error)["workshop"] == [
        "This session is cited by 1 policy example: "
        "unlink it before moving the session to another workshop."
    ]


def test_cited_session_refreshed_from_the_database_still_cannot_move():
    session = Session.objects.get(pk=SessionFactory().pk)
    first = session.workshop
    now = WorkshopFactory()
    Session.objects.filter(pk=session.pk).update(workshop=now)  # moved meanwhile
    PolicyExampleFactory(workshop=now, session=session)
    session.refresh_from_db()

    session.workshop = first
    with pytest.raises(ValidationError):
        session.full_clean()


def test_session_that_nothing_cites_can_move_to_another_workshop():
    session = SessionFactory()
    PolicyExampleFactory(workshop=session.workshop)
    session.workshop = WorkshopFactory()
    session.full_clean()
