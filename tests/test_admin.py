import datetime
import io
import re
import zipfile

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from idm.versioning import displayed
from speakers.models import Country, Organization, Speaker
from tests.admin_forms import (
    WORKSHOPS,
    add_row,
    admin_url,
    form_data,
    inline_errors,
    new_values,
    run_action,
    shown_messages,
)
from tests.factories import (
    DialogueYearFactory,
    DocumentFactory,
    GuidingQuestionFactory,
    OrganizationFactory,
    PolicyExampleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
    WorkshopFactory,
    build_publication,
    build_workshop,
)
from workshops.models import (
    Document,
    GuidingQuestion,
    PolicyExample,
    Session,
    Workshop,
    WorkshopPartner,
)

pytestmark = pytest.mark.django_db


# django-axes' records of login attempts are read-only (no add page): tests/test_security.py.
ADMIN_MODELS = [model for model in admin.site._registry if model._meta.app_label != "axes"]


@pytest.mark.parametrize("model", ADMIN_MODELS, ids=lambda model: model._meta.label)
def test_every_admin_page_renders_for_a_superuser(admin_client, model):
    workshop = build_workshop(2)
    workshop.key_principles.create(text="Protect the rights of migrants.", order=1)
    workshop.challenges.create(text="Data are scarce.", order=1)
    workshop.policy_examples.first().topics.add(TopicFactory())
    build_publication(workshop)
    item = model._default_manager.first()

    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "changelist"), {"q": "2030"}).status_code == 200
    assert admin_client.get(admin_url(model, "change", item.pk)).status_code == 200
    assert admin_client.get(admin_url(model, "add")).status_code == (
        403 if model is Country else 200
    )


def count_changelist_queries(client, model):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return len(queries)


def test_session_changelist_runs_the_same_number_of_queries_for_3_and_30_sessions(admin_client):
    SessionFactory.create_batch(3)
    small = count_changelist_queries(admin_client, Session)
    SessionFactory.create_batch(27)
    assert count_changelist_queries(admin_client, Session) == small


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_every_changelist_runs_the_same_number_of_queries_for_small_and_large_data(
    admin_client, model
):
    build_workshop(1)
    small = count_changelist_queries(admin_client, model)
    build_workshop(4)
    assert count_changelist_queries(admin_client, model) == small


def test_publish_action_publishes_the_drafts_and_counts_them(admin_client, client):
    drafts = WorkshopFactory.create_batch(2, status=Workshop.Status.DRAFT)
    published = WorkshopFactory()

    response = run_action(admin_client, "publish", [*drafts, published])

    assert shown_messages(response) == ["2 workshops were published."]
    assert [client.get(w.get_absolute_url()).status_code for w in [*drafts, published]] == [200] * 3


def test_unpublish_action_hides_the_workshops_from_the_public(admin_client, client):
    workshop = WorkshopFactory()

    response = run_action(admin_client, "unpublish", [workshop])

    assert shown_messages(response) == ["1 workshop was unpublished."]
    assert client.get(workshop.get_absolute_url()).status_code == 404
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.DRAFT


def test_duplicate_action_creates_next_years_draft_with_agenda_and_questions(admin_client):
    workshop = build_workshop(2)

    response = run_action(admin_client, "duplicate_as_draft", [workshop])

    copy = Workshop.objects.exclude(pk=workshop.pk).get()
    assert shown_messages(response)[0] == (
        f'Created the draft <a href="{admin_url(Workshop, "change", copy.pk)}">{copy.title}</a>.'
    )
    assert (copy.status, copy.dialogue_year.year, copy.start_date) == (
        Workshop.Status.DRAFT,
        2031,
        datetime.date(2031, 3, 10),
    )
    assert [s.title for s in copy.sessions.all()] == [s.title for s in workshop.sessions.all()]
    assert GuidingQuestion.objects.filter(session__workshop=copy).count() == 4


def test_workshop_actions_are_offered_only_with_the_permissions_they_need(
    client, django_user_model
):
    user = django_user_model.objects.create_user("reviewer", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_workshop", "change_workshop"])
    )
    client.force_login(user)

    response = client.get(WORKSHOPS)

    actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert actions == ["", "publish", "unpublish"]


def agenda_session(workshop, title, start, end, day=0, **fields):
    return SessionFactory(
        workshop=workshop,
        title=title,
        date=workshop.start_date + datetime.timedelta(days=day),
        start_time=datetime.time(*start),
        end_time=datetime.time(*end),
        **fields,
    )


def set_times(data, index, start, end, day=None):
    data[f"sessions-{index}-start_time"] = start
    data[f"sessions-{index}-end_time"] = end
    if day is not None:
        data[f"sessions-{index}-date"] = day


def test_the_workshop_page_lists_its_sessions_by_date_and_time(admin_client):
    workshop = WorkshopFactory()
    agenda_session(workshop, "Closing", (16, 0), (17, 0), day=1)
    agenda_session(workshop, "Panel", (11, 0), (12, 0))
    agenda_session(workshop, "Opening", (9, 0), (10, 0))

    response = admin_client.get(admin_url(Workshop, "change", workshop.pk))

    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "sessions"
    ]
    assert [form.instance.title for form in formset.forms] == ["Opening", "Panel", "Closing"]
    assert "order" not in formset.forms[0].fields


def test_two_sessions_can_swap_times_in_one_save(admin_client):
    workshop = WorkshopFactory()
    agenda_session(workshop, "Opening", (10, 0), (11, 0))
    agenda_session(workshop, "Closing", (11, 0), (12, 30))
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    set_times(data, 0, "11:30", "12:30")
    set_times(data, 1, "10:00", "11:30")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert list(workshop.sessions.values_list("title", flat=True)) == ["Closing", "Opening"]


def test_a_session_moved_out_of_the_way_in_the_same_save_is_no_overlap(admin_client):
    workshop = WorkshopFactory()
    agenda_session(workshop, "Opening", (10, 0), (11, 0))
    agenda_session(workshop, "Panel", (11, 0), (12, 0))
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    # The panel takes the opening's time; the opening moves to the next day.
    set_times(data, 1, "10:00", "11:00")
    data["sessions-0-date"] = workshop.end_date

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert list(workshop.sessions.values_list("title", "date")) == [
        ("Panel", workshop.start_date),
        ("Opening", workshop.end_date),
    ]


def test_overlapping_sessions_on_the_workshop_page_get_an_error_naming_each_other(admin_client):
    workshop = WorkshopFactory()
    agenda_session(workshop, "Opening", (10, 0), (11, 0), number=1)
    agenda_session(workshop, "Panel", (11, 0), (12, 0))
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    set_times(data, 1, "10:30", "12:00")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert inline_errors(response, "sessions") == [
        {"start_time": ["Overlaps with 'Panel', 10:30 to 12:00."]},
        {"start_time": ["Overlaps with 'Session I: Opening', 10:00 to 11:00."]},
    ]
    assert list(workshop.sessions.values_list("start_time", flat=True)) == [
        datetime.time(10, 0),
        datetime.time(11, 0),
    ]


def test_a_new_row_overlapping_an_unchanged_one_gets_the_error(admin_client):
    workshop = WorkshopFactory()
    agenda_session(workshop, "Opening", (10, 0), (11, 0))
    agenda_session(workshop, "Lunch", (12, 0), (13, 0), day=1)
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    day = workshop.start_date.isoformat()
    add_row(data, "sessions", date=day, start_time="09:30", end_time="10:15", kind="panel",
            title_en="Late start", slug="late-start")  # fmt: skip

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert inline_errors(response, "sessions") == [
        {"start_time": ["Overlaps with 'Late start', 09:30 to 10:15."]},
        {},
        {"start_time": ["Overlaps with 'Opening', 10:00 to 11:00."]},
    ]
    assert workshop.sessions.count() == 2


def test_a_deleted_row_overlaps_nothing(admin_client):
    workshop = WorkshopFactory()
    agenda_session(workshop, "Opening", (10, 0), (11, 0))
    agenda_session(workshop, "Panel", (11, 0), (12, 0))
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    data["sessions-0-DELETE"] = "on"
    set_times(data, 1, "10:00", "12:00")

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert list(workshop.sessions.values_list("title", flat=True)) == ["Panel"]


def test_touching_and_parallel_sessions_on_the_workshop_page_are_accepted(admin_client):
    workshop = WorkshopFactory()
    agenda_session(workshop, "Opening", (10, 0), (11, 0))
    agenda_session(workshop, "Room A", (11, 0), (12, 0))
    agenda_session(workshop, "Room B", (12, 0), (13, 0))
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    set_times(data, 2, "11:00", "12:30")
    data["sessions-1-parallel"] = data["sessions-2-parallel"] = "on"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert list(workshop.sessions.values_list("title", "parallel")) == [
        ("Opening", False),
        ("Room A", True),
        ("Room B", True),
    ]


def test_only_one_of_two_overlapping_sessions_parallel_is_still_an_overlap(admin_client):
    workshop = WorkshopFactory()
    agenda_session(workshop, "Room A", (11, 0), (12, 0), parallel=True)
    agenda_session(workshop, "Room B", (12, 0), (13, 0))
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    set_times(data, 1, "11:00", "12:30")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert inline_errors(response, "sessions") == [
        {"start_time": ["Overlaps with 'Room B', 11:00 to 12:30."]},
        {"start_time": ["Overlaps with 'Room A', 11:00 to 12:00."]},
    ]


def test_overlapping_session_on_its_own_page_gets_an_error_naming_the_other(admin_client):
    workshop = WorkshopFactory()
    agenda_session(workshop, "Opening", (10, 0), (11, 0), number=1)
    panel = agenda_session(workshop, "Panel", (11, 0), (12, 0))
    url = admin_url(Session, "change", panel.pk)
    data = form_data(admin_client.get(url)) | {"start_time": "10:45"}

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "start_time": ["Overlaps with 'Session I: Opening', 10:00 to 11:00."]
    }
    panel.refresh_from_db()
    assert panel.start_time == datetime.time(11, 0)


def test_a_session_saved_unchanged_on_its_own_page_does_not_overlap_itself(admin_client):
    workshop = WorkshopFactory()
    agenda_session(workshop, "Opening", (10, 0), (11, 0))
    panel = agenda_session(workshop, "Panel", (11, 0), (12, 0))
    url = admin_url(Session, "change", panel.pk)

    response = admin_client.post(url, form_data(admin_client.get(url)))

    assert response.status_code == 302


def test_statements_left_without_a_position_go_last(admin_client):
    workshop = WorkshopFactory()
    workshop.objectives.create(text="Share experiences.", order=3)
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    add_row(data, "objectives", text_en="Agree on principles.")
    add_row(data, "objectives", text_en="Plan the next steps.")

    assert admin_client.post(url, data).status_code == 302
    assert list(workshop.objectives.values_list("order", "text")) == [
        (3, "Share experiences."),
        (4, "Agree on principles."),
        (5, "Plan the next steps."),
    ]


def test_two_new_sessions_with_the_same_number_get_a_form_error(admin_client):
    workshop = WorkshopFactory()
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    for slug, start, end in [("first-panel", "10:00", "11:00"), ("second-panel", "11:00", "12:00")]:
        add_row(
            data,
            "sessions",
            date="2030-03-10",
            start_time=start,
            end_time=end,
            kind=Session.Kind.PANEL,
            number=1,
            title_en=slug,
            slug=slug,
        )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert inline_errors(response, "sessions") == [
        {"number": ["Another session also has number 1."]},
        {"number": ["Another session also has number 1."]},
    ]


def test_swapping_two_session_numbers_gets_a_form_error_not_a_database_error(admin_client):
    workshop = WorkshopFactory()
    agenda_session(workshop, "Opening", (10, 0), (11, 0), number=1)
    agenda_session(workshop, "Panel", (11, 0), (12, 0), number=2)
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    data["sessions-0-number"], data["sessions-1-number"] = 2, 1

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert inline_errors(response, "sessions") == [
        {"__all__": ["This workshop already has a session with this number."]},
        {"__all__": ["This workshop already has a session with this number."]},
    ]


def test_session_dated_outside_its_workshop_gets_a_form_error_on_the_agenda(admin_client):
    workshop = WorkshopFactory()
    SessionFactory(workshop=workshop)
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    data["sessions-0-date"] = "2030-03-12"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert inline_errors(response, "sessions") == [
        {"date": ["The date must fall within the workshop, 2030-03-10 to 2030-03-11."]}
    ]


def test_moving_a_workshop_and_its_sessions_together_is_one_save(admin_client):
    workshop = WorkshopFactory()
    SessionFactory(workshop=workshop)
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    data.update(
        {"start_date": "2030-04-01", "end_date": "2030-04-02", "sessions-0-date": "2030-04-02"}
    )

    assert admin_client.post(url, data).status_code == 302
    assert list(workshop.sessions.values_list("date", flat=True)) == [datetime.date(2030, 4, 2)]


def new_workshop_data(client):
    data = form_data(client.get(admin_url(Workshop, "add")))
    data.update(
        title_en="Migration and climate change",
        slug="migration-and-climate-change",
        dialogue_year=DialogueYearFactory(year=2031).pk,
        start_date="2031-05-06",
        end_date="2031-05-07",
    )
    return data


def test_new_workshops_sessions_are_checked_against_its_dates(admin_client):
    data = new_workshop_data(admin_client)
    add_row(
        data,
        "sessions",
        date="2031-05-08",
        start_time="10:00",
        end_time="11:00",
        kind=Session.Kind.PANEL,
        title_en="Opening",
        slug="opening",
    )

    response = admin_client.post(admin_url(Workshop, "add"), data)

    assert inline_errors(response, "sessions") == [
        {"date": ["The date must fall within the workshop, 2031-05-06 to 2031-05-07."]}
    ]
    assert not Workshop.objects.exists()


def test_session_page_saves_speakers_questions_and_documents_in_one_save(admin_client):
    session = SessionFactory()
    speaker, stand_in = SpeakerFactory.create_batch(2)
    ministry = OrganizationFactory()
    url = admin_url(Session, "change", session.pk)
    data = form_data(admin_client.get(url))
    add_row(
        data,
        "participants",
        speaker=stand_in.pk,
        role="speaker",
        title_en="Deputy Minister",
        organization=ministry.pk,
        on_behalf_of=speaker.pk,
    )
    add_row(data, "guiding_questions", text_en="What works?")
    add_row(data, "documents", order=0, title_en="Report", slug="report", kind="report")

    assert admin_client.post(url, data).status_code == 302
    participant = session.participants.get()
    assert (participant.speaker, participant.on_behalf_of, participant.organization) == (
        stand_in,
        speaker,
        ministry,
    )
    assert list(session.guiding_questions.values_list("order", "text")) == [(1, "What works?")]
    assert session.documents.get().workshop == session.workshop


def test_document_slug_taken_in_the_workshop_gets_a_form_error_on_the_session_page(admin_client):
    session = SessionFactory()
    DocumentFactory(workshop=session.workshop, slug="report", title="Final report")
    url = admin_url(Session, "change", session.pk)
    data = form_data(admin_client.get(url))
    add_row(data, "documents", order=0, title_en="Report", slug="report", kind="report")

    response = admin_client.post(url, data)

    assert inline_errors(response, "documents") == [
        {"slug": ["This web address is already used by “Final report”."]}
    ]


@pytest.mark.parametrize(
    "model",
    [Workshop, Session, Speaker, Organization, PolicyExample],
    ids=lambda model: model._meta.model_name,
)
def test_editor_can_open_the_list_and_add_pages_of_content(client, editor, model):
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 200


def test_editor_finds_countries_by_name_when_linking_a_policy_example(client, editor):
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "workshops",
            "model_name": "policyexample",
            "field_name": "countries",
            "term": "kenya",
        },
    )
    assert response.json()["results"] == [{"id": "KE", "text": "Kenya"}]


def test_editor_can_add_a_workshop_with_its_agenda(client, editor):
    data = new_workshop_data(client)
    add_row(data, "objectives", text_en="Share experiences.")
    add_row(
        data,
        "sessions",
        date="2031-05-06",
        start_time="10:00",
        end_time="11:00",
        kind=Session.Kind.WELCOME,
        title_en="Welcome",
        slug="welcome",
    )

    response = client.post(admin_url(Workshop, "add"), data)

    workshop = Workshop.objects.get()
    assert response.status_code == 302
    assert (workshop.title, workshop.status) == (
        "Migration and climate change",
        Workshop.Status.DRAFT,
    )
    assert list(workshop.objectives.values_list("text", flat=True)) == ["Share experiences."]
    assert list(workshop.sessions.values_list("title", flat=True)) == ["Welcome"]


def test_editor_can_run_every_workshop_action(client, editor):
    actions = client.get(WORKSHOPS).context["action_form"].fields["action"].choices
    assert [name for name, _label in actions] == [
        "",
        "delete_selected",
        "publish",
        "unpublish",
        "duplicate_as_draft",
    ]


def test_editor_does_not_see_or_open_users_and_groups(client, editor):
    apps = [app["app_label"] for app in client.get("/admin/").context["app_list"]]
    assert apps == ["speakers", "workshops"]
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def test_editor_cannot_add_a_user(client, editor, django_user_model):
    data = {"username": "intruder", "password1": "x-8Tq#long", "password2": "x-8Tq#long"}
    assert client.get("/admin/auth/user/add/").status_code == 403
    assert client.post("/admin/auth/user/add/", data).status_code == 403
    assert list(django_user_model.objects.values_list("username", flat=True)) == ["editor"]


def test_editor_views_a_draft_on_site_from_the_admin(client, editor):
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    content_type = ContentType.objects.get_for_model(Workshop)

    response = client.get(f"/admin/r/{content_type.pk}/{draft.pk}/", follow=True)

    assert response.redirect_chain == [(f"http://testserver{draft.get_absolute_url()}", 302)]
    assert response.status_code == 200
    assert "Draft: only editors can see this page." in response.content.decode()


def stored_files(media_root):
    return sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*.*"))


def test_program_renamed_pdf_gets_a_form_error_on_the_session_page_and_is_not_stored(
    admin_client, media_root
):
    session = SessionFactory()
    url = admin_url(Session, "change", session.pk)
    data = form_data(admin_client.get(url))
    program = SimpleUploadedFile("paper.pdf", b"MZ\x90\x00\x03 a Windows program")
    add_row(data, "documents", order=0, title_en="Paper", slug="paper", kind="paper", file=program)

    response = admin_client.post(url, data)

    assert inline_errors(response, "documents") == [
        {"file": ["This file is not a PDF, office document or presentation."]}
    ]
    assert (Document.objects.count(), stored_files(media_root)) == (0, [])


def document_data(client, **values):
    data = form_data(client.get(admin_url(Document, "add")))
    data.update(title_en="Final report", slug="final-report", kind="report", **values)
    return data


def test_document_over_the_size_limit_gets_a_form_error_and_is_not_stored(
    admin_client, media_root, settings
):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 10
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4 " + b"x" * 20)
    data = document_data(admin_client, workshop=WorkshopFactory().pk, file=pdf)

    response = admin_client.post(admin_url(Document, "add"), data)

    assert response.context["adminform"].form.errors == {
        "file": ["The file is 29\xa0bytes; the largest allowed is 10\xa0bytes."]
    }
    assert (Document.objects.count(), stored_files(media_root)) == (0, [])


def test_uploaded_pdf_is_stored_under_a_generated_name_in_documents(admin_client, media_root):
    pdf = SimpleUploadedFile("Final report (IOM, 2007).PDF", b"%PDF-1.4 the report")
    data = document_data(admin_client, workshop=WorkshopFactory().pk, file=pdf)

    assert admin_client.post(admin_url(Document, "add"), data).status_code == 302
    name = Document.objects.get().file.name
    assert re.fullmatch(r"documents/[0-9a-f]{32}\.pdf", name)
    assert stored_files(media_root) == [name]
    assert (media_root / name).read_bytes() == b"%PDF-1.4 the report"


def conflict(model):
    return (
        f"Someone else saved this {model._meta.verbose_name} while you were editing it, so it "
        "was not saved yet. Their changes are marked below: check them, then save again."
    )


def both_changed(value):
    return f"Saved meanwhile as: {value}. Your version is kept here: saving again keeps it."


THEIRS = "Changed meanwhile by someone else: their version is shown here."


@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (WorkshopFactory, "title_en"),
        (WorkshopFactory, "summary_fr"),
        (SessionFactory, "title_en"),
        (SessionFactory, "title_es"),
        (SpeakerFactory, "full_name"),
        (SpeakerFactory, "position_fr"),
        (OrganizationFactory, "name_en"),
        (PolicyExampleFactory, "title_en"),
        (GuidingQuestionFactory, "text_en"),
        (DocumentFactory, "title_en"),
    ],
    ids=lambda value: value._meta.model._meta.model_name if hasattr(value, "_meta") else value,
)
def test_second_editor_saving_a_page_someone_saved_meanwhile_keeps_the_typed_text_and_the_stored(
    admin_client, client, editor, factory, field
):
    item = factory()
    model = type(item)
    url = admin_url(model, "change", item.pk)
    first, second = form_data(admin_client.get(url)), form_data(client.get(url))
    first[field], second[field] = "Saved first", "Saved second"

    assert admin_client.post(url, first).status_code == 302
    response = client.post(url, second)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.non_field_errors() == [conflict(model)]
    assert form.errors[field] == [both_changed("Saved first")]
    item.refresh_from_db()
    assert (getattr(item, field), item.version) == ("Saved first", 2)

    # Saving the refused page again is the editor's choice to keep their version.
    again = form_data(response)
    assert again[field] == "Saved second"
    assert client.post(url, again).status_code == 302
    item.refresh_from_db()
    assert (getattr(item, field), item.version) == ("Saved second", 3)


@pytest.mark.parametrize("model", [Workshop, Session, Speaker, Organization, PolicyExample])
def test_add_page_saved_as_a_browser_sends_it_with_the_version_input_empty(admin_client, model):
    values = new_values(model)
    data = form_data(admin_client.get(admin_url(model, "add")))
    assert data["version"] == ""
    data.update(values)

    response = admin_client.post(admin_url(model, "add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert model.objects.get().version == 1


def test_question_changed_on_a_session_page_after_its_own_page_was_saved_is_refused_on_its_row(
    admin_client, client, editor
):
    question = GuidingQuestionFactory(text="What works?")
    session_url = admin_url(Session, "change", question.session.pk)
    question_url = admin_url(GuidingQuestion, "change", question.pk)
    session_page = form_data(client.get(session_url))
    own_page = form_data(admin_client.get(question_url))
    own_page["text_en"] = "What works for migrants?"
    session_page["guiding_questions-0-text_en"] = "What works best?"

    assert admin_client.post(question_url, own_page).status_code == 302
    response = client.post(session_url, session_page)

    assert inline_errors(response, "guiding_questions") == [
        {
            "__all__": [conflict(GuidingQuestion)],
            "text_en": [both_changed("What works for migrants?")],
        }
    ]
    question.refresh_from_db()
    assert question.text == "What works for migrants?"


def row_of_a_page(kind):
    """(the page, the row on it, a field of the row, two values an editor may type) for the
    rows that have no page of their own."""
    workshop = WorkshopFactory()
    if kind == "objective":
        row = workshop.objectives.create(text="More jobs", order=1)
        return workshop, row, "text_fr", ["Plus d'emplois", "Des emplois"]
    if kind == "partner":
        row = WorkshopPartner.objects.create(workshop=workshop, organization=OrganizationFactory())
        return workshop, row, "role", ["funder", "collaborator"]
    if kind == "speaker":
        row = SessionSpeakerFactory(session=SessionFactory(workshop=workshop))
        return row.session, row, "title_fr", ["Directrice", "Directrice générale"]
    publication = build_publication(workshop)
    return publication, publication.credits.get(), "name", ["Ana Autora", "Ana A. Author"]


@pytest.mark.parametrize("kind", ["objective", "partner", "speaker", "credit"])
def test_a_row_changed_by_two_editors_at_once_is_refused_to_the_second_one(
    admin_client, client, editor, kind
):
    """Rows edited only on their parent's page: a workshop's objectives and partners, a
    session's speakers, a publication's credits."""
    page, row, field, (first_value, second_value) = row_of_a_page(kind)
    url = admin_url(type(page), "change", page.pk)
    loaded = admin_client.get(url)
    (prefix,) = [
        inline.formset.prefix
        for inline in loaded.context["inline_admin_formsets"]
        if inline.formset.model is type(row)
    ]
    first, second = form_data(loaded), form_data(client.get(url))
    first[f"{prefix}-0-{field}"], second[f"{prefix}-0-{field}"] = first_value, second_value

    assert admin_client.post(url, first).status_code == 302
    response = client.post(url, second)

    row.refresh_from_db()
    assert getattr(row, field) == first_value
    assert inline_errors(response, prefix) == [
        {"__all__": [conflict(type(row))], field: [both_changed(displayed(row, field))]}
    ]


def test_session_page_leaves_alone_the_questions_saved_meanwhile_that_its_editor_did_not_touch(
    admin_client, client, editor
):
    question = GuidingQuestionFactory(text="What works?")
    session = question.session
    session_url = admin_url(Session, "change", session.pk)
    question_url = admin_url(GuidingQuestion, "change", question.pk)
    session_page = form_data(client.get(session_url))
    own_page = form_data(admin_client.get(question_url))
    own_page["text_en"] = "What works for migrants?"

    assert admin_client.post(question_url, own_page).status_code == 302
    session_page["description_en"] = "Ministers discuss circular migration."
    assert client.post(session_url, session_page).status_code == 302

    question.refresh_from_db()
    session.refresh_from_db()
    assert (question.text, session.description) == (
        "What works for migrants?",
        "Ministers discuss circular migration.",
    )


def test_a_refused_page_takes_in_what_the_other_editor_changed_and_saving_it_keeps_both(
    admin_client, client, editor
):
    session = SessionFactory(title="Opening", description="")
    url = admin_url(Session, "change", session.pk)
    first, second = form_data(admin_client.get(url)), form_data(client.get(url))
    first["description_en"] = "Ministers discuss circular migration."
    second["title_en"] = "Opening remarks"

    assert admin_client.post(url, first).status_code == 302
    response = client.post(url, second)

    form = response.context["adminform"].form
    assert form.non_field_errors() == [conflict(Session)]
    assert form.errors["description_en"] == [THEIRS]
    assert "title_en" not in form.errors  # only this editor changed it
    again = form_data(response)
    assert (again["title_en"], again["description_en"]) == (
        "Opening remarks",
        "Ministers discuss circular migration.",
    )
    assert client.post(url, again).status_code == 302
    session.refresh_from_db()
    assert (session.title, session.description) == (
        "Opening remarks",
        "Ministers discuss circular migration.",
    )


def test_a_save_that_changed_nothing_the_page_shows_does_not_refuse_it(
    admin_client, client, editor
):
    session = SessionFactory(title="Opening")
    url = admin_url(Session, "change", session.pk)
    first, second = form_data(admin_client.get(url)), form_data(client.get(url))
    second["title_en"] = "Opening remarks"

    assert admin_client.post(url, first).status_code == 302  # saved unchanged
    assert client.post(url, second).status_code == 302

    session.refresh_from_db()
    assert (session.title, session.version) == ("Opening remarks", 3)


def test_editor_can_save_a_page_again_after_reloading_it(admin_client):
    session = SessionFactory()
    url = admin_url(Session, "change", session.pk)
    for title in ["Opening", "Opening remarks"]:
        data = form_data(admin_client.get(url))
        data["title_en"] = title
        assert admin_client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert (session.title, session.version) == ("Opening remarks", 3)


def test_session_changed_on_the_agenda_after_its_own_page_was_saved_gets_an_error_on_its_row(
    admin_client, client, editor
):
    session = SessionFactory(title="Opening")
    agenda_url = admin_url(Workshop, "change", session.workshop.pk)
    session_url = admin_url(Session, "change", session.pk)
    agenda, page = form_data(admin_client.get(agenda_url)), form_data(client.get(session_url))
    page["title_en"] = "Welcome"
    agenda["sessions-0-title_en"] = "Opening remarks"

    assert client.post(session_url, page).status_code == 302
    response = admin_client.post(agenda_url, agenda)

    assert inline_errors(response, "sessions") == [
        {"__all__": [conflict(Session)], "title_en": [both_changed("Welcome")]}
    ]
    session.refresh_from_db()
    assert session.title == "Welcome"


def test_agenda_saves_when_a_session_was_saved_meanwhile_in_fields_the_agenda_does_not_show(
    admin_client, client, editor
):
    session = SessionFactory()
    agenda_url = admin_url(Workshop, "change", session.workshop.pk)
    session_url = admin_url(Session, "change", session.pk)
    agenda, page = form_data(admin_client.get(agenda_url)), form_data(client.get(session_url))
    page["description_en"] = "Ministers discuss circular migration."
    agenda["summary_en"] = "Two days on labour mobility."

    assert client.post(session_url, page).status_code == 302
    assert admin_client.post(agenda_url, agenda).status_code == 302

    session.refresh_from_db()
    assert (session.description, session.workshop.summary) == (
        "Ministers discuss circular migration.",
        "Two days on labour mobility.",
    )


def test_publishing_from_the_list_makes_an_open_workshop_page_stale(admin_client):
    workshop = WorkshopFactory(status=Workshop.Status.DRAFT)
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))

    run_action(admin_client, "publish", [workshop])
    response = admin_client.post(url, data)

    assert response.context["adminform"].form.non_field_errors() == [conflict(Workshop)]
    workshop.refresh_from_db()
    assert workshop.status == Workshop.Status.PUBLISHED


def test_moving_a_cited_session_to_a_draft_workshop_gets_a_form_error_and_changes_nothing(
    admin_client,
):
    session = SessionFactory()
    workshop = session.workshop
    PolicyExampleFactory.create_batch(2, workshop=workshop, session=session)
    DocumentFactory(workshop=workshop, session=session)
    draft = WorkshopFactory(status=Workshop.Status.DRAFT)
    url = admin_url(Session, "change", session.pk)
    data = form_data(admin_client.get(url))
    data["workshop"] = draft.pk

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["workshop"] == [
        "This session is cited by 2 policy examples and 1 document: "
        "unlink them before moving the session to another workshop."
    ]
    session.refresh_from_db()
    assert (session.workshop, session.version) == (workshop, 1)
    assert (
        list(PolicyExample.objects.values_list("session__workshop", flat=True)) == [workshop.pk] * 2
    )


def test_workshop_saved_as_its_own_related_workshop_gets_a_form_error(admin_client):
    workshop = WorkshopFactory()
    other = WorkshopFactory()
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    data["related_workshops"] = [other.pk, workshop.pk]

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "related_workshops": ["A workshop cannot be related to itself."]
    }
    assert not workshop.related_workshops.exists()


def test_document_whose_file_is_missing_from_storage_can_be_saved_with_a_new_title(
    admin_client, media_root
):
    document = DocumentFactory(file="documents/lost.pdf")
    url = admin_url(Document, "change", document.pk)
    data = form_data(admin_client.get(url))
    data["title_en"] = "Final report, revised"

    assert admin_client.post(url, data).status_code == 302
    document.refresh_from_db()
    assert (document.title, document.file.name) == ("Final report, revised", "documents/lost.pdf")


def zip_archive():
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return content.getvalue()


def test_zip_renamed_pdf_gets_a_form_error_and_is_not_stored(admin_client, media_root):
    renamed = SimpleUploadedFile("report.pdf", zip_archive())
    data = document_data(admin_client, workshop=WorkshopFactory().pk, file=renamed)

    response = admin_client.post(admin_url(Document, "add"), data)

    assert response.context["adminform"].form.errors == {
        "file": ["The content of this file does not match its extension, .pdf."]
    }
    assert (Document.objects.count(), stored_files(media_root)) == (0, [])


def test_the_sessions_list_shows_times_and_each_agenda_in_order_newest_workshop_first(
    admin_client,
):
    older, newer = WorkshopFactory(), WorkshopFactory()
    Workshop.objects.filter(pk=older.pk).update(
        start_date=datetime.date(2029, 3, 10), end_date=datetime.date(2029, 3, 11)
    )
    agenda_session(older, "Old opening", (9, 0), (10, 0))
    agenda_session(newer, "Afternoon", (15, 0), (16, 0))
    agenda_session(newer, "Morning", (9, 0), (10, 0))
    agenda_session(newer, "Next day", (9, 0), (10, 0), day=1)
    Session.objects.filter(title="Old opening").update(date=datetime.date(2029, 3, 10))

    response = admin_client.get(admin_url(Session, "changelist"))

    changelist = response.context["cl"]
    assert [session.title for session in changelist.result_list] == [
        "Morning",
        "Afternoon",
        "Next day",
        "Old opening",
    ]
    assert {"date", "time"} <= set(changelist.list_display)
    assert "09:00\N{EN DASH}10:00" in response.text


@pytest.mark.parametrize("value", ["99999999999999999999", "abc", "-1"])
def test_a_value_that_is_no_key_in_a_multiple_choice_box_is_a_form_error(admin_client, value):
    workshop = WorkshopFactory()
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    data["related_workshops"] = [value]

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["related_workshops"]


def test_the_documents_list_shortens_long_titles_and_keeps_them_whole_on_hover(admin_client):
    """A few lines of a title pick a row; the list then fits a laptop's screen."""
    session = SessionFactory(title=" ".join(["Towards More Effective Labour Migration"] * 3))
    title = " ".join(["A paper on circular migration and the skills of workers abroad"] * 2)
    DocumentFactory(workshop=session.workshop, session=session, title=title)
    DocumentFactory(workshop=session.workshop, title="Agenda")

    response = admin_client.get(admin_url(Document, "changelist"))
    sorted_by_session = admin_client.get(admin_url(Document, "changelist") + "?o=3")

    assert f'<span title="{title}">A paper on circular migration and the skills of workers…' in (
        response.text
    )
    assert f'<span title="{session.title}">Towards More Effective Labour Migration' in (
        response.text
    )
    assert ">Agenda</a>" in response.text
    assert sorted_by_session.status_code == 200
