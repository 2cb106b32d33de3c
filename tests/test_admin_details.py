"""Details of the admin that editors tripped over: times, branding, uploads, positions, years."""

import datetime
import io
import re

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from PIL import Image

from idm.admin import EditorFieldsMixin
from speakers.models import Speaker
from tests.admin_forms import (
    WORKSHOPS,
    add_row,
    admin_url,
    form_data,
    inline_errors,
    run_action,
    shown_messages,
)
from tests.factories import (
    DialogueYearFactory,
    DocumentFactory,
    SessionFactory,
    SpeakerFactory,
    WorkshopFactory,
)
from workshops.models import DOCUMENT_EXTENSIONS, DialogueYear, Document, Session, Workshop

pytestmark = pytest.mark.django_db

GENEVA_TIME = "All dates and times are Geneva time (Europe/Zurich)."


def morning_session(**values):
    return SessionFactory(start_time=datetime.time(9, 0), end_time=datetime.time(10, 30), **values)


def input_tag(response, name):
    (tag,) = re.findall(rf'<input[^>]* name="{re.escape(name)}"[^>]*>', response.text)
    return tag


# Times


def test_session_page_shows_times_as_hours_and_minutes_and_says_once_they_are_geneva_time(
    admin_client,
):
    session = morning_session()

    response = admin_client.get(admin_url(Session, "change", session.pk))

    assert 'value="09:00"' in input_tag(response, "start_time")
    assert 'value="10:30"' in input_tag(response, "end_time")
    assert response.text.count(GENEVA_TIME) == 1
    assert "Geneva time." not in response.text.replace(GENEVA_TIME, "")


def test_workshop_page_shows_its_sessions_times_as_hours_and_minutes(admin_client):
    session = morning_session()

    response = admin_client.get(admin_url(Workshop, "change", session.workshop.pk))

    assert 'value="09:00"' in input_tag(response, "sessions-0-start_time")
    assert 'value="10:30"' in input_tag(response, "sessions-0-end_time")
    assert response.text.count(GENEVA_TIME) == 1


def test_session_saved_with_times_typed_as_hours_and_minutes(admin_client):
    session = morning_session()
    url = admin_url(Session, "change", session.pk)
    data = form_data(admin_client.get(url))
    data.update(start_time="14:15", end_time="15:45")

    assert admin_client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert (session.start_time, session.end_time) == (datetime.time(14, 15), datetime.time(15, 45))


def test_sessions_list_shows_date_and_times_as_hours_and_minutes(admin_client):
    morning_session(date=datetime.date(2030, 3, 10))

    response = admin_client.get(admin_url(Session, "changelist"))

    assert "09:00\N{EN DASH}10:30" in response.text
    assert "March 10, 2030" in response.text
    assert "9 a.m." not in response.text


def shows_a_time_or_a_file(model_admin, request):
    fields = model_admin.get_fields(request)
    model = model_admin.model
    return any(
        isinstance(field, (models.TimeField, models.FileField))
        for field in model._meta.get_fields()
        if field.name in fields
    )


def every_admin_and_inline():
    for model, model_admin in admin.site._registry.items():
        yield model_admin
        yield from (inline(model, admin.site) for inline in model_admin.inlines)


def test_every_admin_showing_a_time_or_a_file_uses_the_shared_fields(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    showing = [
        model_admin
        for model_admin in every_admin_and_inline()
        if shows_a_time_or_a_file(model_admin, request)
    ]

    assert len(showing) == 5  # sessions, documents (page and rows of each), speakers
    assert [a for a in showing if not isinstance(a, EditorFieldsMixin)] == []


# Branding


def test_admin_is_named_for_the_editors(admin_client):
    response = admin_client.get("/admin/")

    assert "<title>Workshop content | IDM editors</title>" in response.text
    assert '<a href="/admin/">IDM editors</a>' in response.text
    assert "Django" not in response.text


# Uploads

DOCUMENT_ACCEPT = ",".join(f".{extension}" for extension in DOCUMENT_EXTENSIONS)
DOCUMENT_HELP = "PDF, office document, presentation or spreadsheet, up to 20.0\xa0MB."


def test_document_page_file_input_accepts_the_allowed_extensions_and_shows_the_limit(
    admin_client,
):
    response = admin_client.get(admin_url(Document, "add"))

    assert f'accept="{DOCUMENT_ACCEPT}"' in input_tag(response, "file")
    assert DOCUMENT_HELP in response.text


def test_session_page_document_rows_accept_the_allowed_extensions_and_show_the_limit(
    admin_client, settings
):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
    session = SessionFactory()
    DocumentFactory(workshop=session.workshop, session=session)

    response = admin_client.get(admin_url(Session, "change", session.pk))

    assert f'accept="{DOCUMENT_ACCEPT}"' in input_tag(response, "documents-0-file")
    assert f'accept="{DOCUMENT_ACCEPT}"' in input_tag(response, "documents-__prefix__-file")
    assert "PDF, office document, presentation or spreadsheet, up to 5.0\xa0MB." in response.text


def test_speaker_photo_input_accepts_the_images_browsers_show_and_shows_the_limit(admin_client):
    response = admin_client.get(admin_url(Speaker, "add"))

    assert 'accept=".jpg,.jpeg,.png,.webp"' in input_tag(response, "photo")
    assert "JPEG, PNG or WebP image, up to 20.0\xa0MB." in response.text


def image(name, format):
    content = io.BytesIO()
    Image.new("RGB", (2, 2)).save(content, format)
    return SimpleUploadedFile(name, content.getvalue())


def test_speaker_photo_in_another_image_format_gets_a_form_error(admin_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    speaker = SpeakerFactory()
    url = admin_url(Speaker, "change", speaker.pk)
    data = form_data(admin_client.get(url))

    response = admin_client.post(url, {**data, "photo": image("portrait.gif", "GIF")})
    assert list(response.context["adminform"].form.errors) == ["photo"]

    response = admin_client.post(url, {**data, "photo": image("portrait.png", "PNG")})
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.photo.name.endswith(".png")


# Document positions


def test_new_document_row_on_the_session_page_starts_empty_and_goes_after_the_workshops_last(
    admin_client,
):
    session = SessionFactory()
    DocumentFactory(workshop=session.workshop, order=4)  # of another session of the workshop
    url = admin_url(Session, "change", session.pk)
    response = admin_client.get(url)
    assert 'value="0"' not in input_tag(response, "documents-__prefix__-order")

    data = form_data(response)
    add_row(data, "documents", order="", title_en="Paper", slug="paper", kind="paper")
    add_row(data, "documents", order="", title_en="Slides", slug="slides", kind="presentation")
    response = admin_client.post(url, data)

    assert response.status_code == 302, inline_errors(response, "documents")
    assert list(session.documents.order_by("order").values_list("title", "order")) == [
        ("Paper", 5),
        ("Slides", 6),
    ]


def test_first_document_of_a_session_page_starts_at_1(admin_client):
    session = SessionFactory()
    url = admin_url(Session, "change", session.pk)
    data = form_data(admin_client.get(url))
    add_row(data, "documents", order="", title_en="Paper", slug="paper", kind="paper")

    assert admin_client.post(url, data).status_code == 302
    assert session.documents.get().order == 1


def test_document_added_on_its_page_without_a_position_goes_after_its_workshops_last(
    admin_client,
):
    workshop = WorkshopFactory()
    DocumentFactory(workshop=workshop, order=2)
    DocumentFactory(order=9)  # of another workshop
    response = admin_client.get(admin_url(Document, "add"))
    assert 'value="0"' not in input_tag(response, "order")

    data = form_data(response)
    data.update(workshop=workshop.pk, title_en="Report", slug="report", kind="report", order="")
    assert admin_client.post(admin_url(Document, "add"), data).status_code == 302
    assert Document.objects.get(slug="report").order == 3

    data.update(title_en="Agenda", slug="agenda", kind="agenda", workshop=WorkshopFactory().pk)
    assert admin_client.post(admin_url(Document, "add"), data).status_code == 302
    assert Document.objects.get(slug="agenda").order == 1


# The IDM year of a duplicated workshop


def test_duplicating_into_a_new_year_links_to_it_to_fill_in_its_theme(admin_client):
    workshop = WorkshopFactory(dialogue_year=DialogueYearFactory(year=2030))

    response = run_action(admin_client, "duplicate_as_draft", [workshop])

    year = DialogueYear.objects.get(year=2031)
    url = admin_url(DialogueYear, "change", year.pk)
    assert shown_messages(response)[1:] == [
        f'The IDM year 2031 was created without its annual theme: <a href="{url}">fill it in</a>.'
    ]
    assert [message.level_tag for message in response.context["messages"]] == [
        "success",
        "warning",
    ]


def test_duplicating_into_an_existing_year_without_a_theme_says_it_has_none(admin_client):
    DialogueYearFactory(year=2031, theme="")
    workshops = WorkshopFactory.create_batch(2, dialogue_year=DialogueYearFactory(year=2030))

    response = run_action(admin_client, "duplicate_as_draft", workshops)

    url = admin_url(DialogueYear, "change", DialogueYear.objects.get(year=2031).pk)
    assert shown_messages(response)[2:] == [
        f'The IDM year 2031 has no annual theme yet: <a href="{url}">fill it in</a>.'
    ]


def test_duplicating_into_a_year_with_its_theme_says_nothing_of_it(admin_client):
    DialogueYearFactory(year=2031, theme="Migration and development")
    workshop = WorkshopFactory(dialogue_year=DialogueYearFactory(year=2030))

    response = run_action(admin_client, "duplicate_as_draft", [workshop])

    assert len(shown_messages(response)) == 1


def test_workshop_page_warns_when_its_year_has_no_theme(admin_client):
    year = DialogueYearFactory(year=2031, theme="")
    workshop = WorkshopFactory(dialogue_year=year)
    url = admin_url(Workshop, "change", workshop.pk)

    response = admin_client.get(url)

    year_url = admin_url(DialogueYear, "change", year.pk)
    assert shown_messages(response) == [
        f'The IDM year 2031 has no annual theme yet: <a href="{year_url}">fill it in</a>.'
    ]
    year.theme = "Migration and development"
    year.save()
    assert shown_messages(admin_client.get(url)) == []
    assert admin_client.get(WORKSHOPS).status_code == 200


# Found by an editor in a browser


def test_a_photo_whose_content_is_another_format_than_its_extension_gets_a_form_error(
    admin_client, media_root
):
    speaker = SpeakerFactory()
    url = admin_url(Speaker, "change", speaker.pk)
    data = form_data(admin_client.get(url))

    response = admin_client.post(url, {**data, "photo": image("portrait.jpg", "GIF")})

    assert response.context["adminform"].form.errors == {
        "photo": ["The content of this image does not match its extension, .jpg."]
    }
    speaker.refresh_from_db()
    assert not speaker.photo


def test_a_file_just_over_the_limit_says_so_rather_than_two_equal_sizes(
    admin_client, media_root, settings
):
    settings.DOCUMENT_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
    data = form_data(admin_client.get(admin_url(Document, "add")))
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4 " + b"x" * (20 * 1024 * 1024))
    data.update(title_en="Report", slug="report", kind="report", workshop=WorkshopFactory().pk)

    response = admin_client.post(admin_url(Document, "add"), {**data, "file": pdf})

    assert response.context["adminform"].form.errors["file"] == [
        "The file is a little over the largest allowed, 20.0\xa0MB."
    ]


def test_a_date_or_time_that_cannot_be_read_gets_an_example_of_what_can(admin_client):
    session = morning_session()
    url = admin_url(Session, "change", session.pk)
    data = form_data(admin_client.get(url))

    response = admin_client.post(url, {**data, "date": "8.10.07", "start_time": "9h30"})

    errors = response.context["adminform"].form.errors
    assert errors["date"] == ["Enter it as in this example: 2007-10-08."]
    assert errors["start_time"] == ["Enter it as in this example: 09:30."]


def test_a_form_shown_again_with_errors_says_its_chosen_files_must_be_chosen_again(
    admin_client, media_root
):
    data = form_data(admin_client.get(admin_url(Document, "add")))
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4 the report")

    response = admin_client.post(admin_url(Document, "add"), {**data, "file": pdf})

    assert response.status_code == 200  # title, kind and workshop missing
    assert "Files you had chosen were not kept: choose them again." in shown_messages(response)


def test_adding_a_session_from_its_workshops_page_starts_in_that_workshop(admin_client):
    workshop = WorkshopFactory()

    response = admin_client.get(admin_url(Session, "add"), {"from_workshop": workshop.pk})

    assert response.context["adminform"].form["workshop"].value() == str(workshop.pk)


def test_workshop_boxes_name_each_workshop_with_its_year(admin_client):
    WorkshopFactory(title="Migration and Health")
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "workshops",
            "model_name": "session",
            "field_name": "workshop",
            "term": "Health",
        },
    )

    assert [choice["text"] for choice in response.json()["results"]] == [
        "Migration and Health (2030)"
    ]


def test_the_admin_names_the_apps_in_the_editors_language(admin_client):
    response = admin_client.get("/admin/", headers={"accept-language": "fr"})

    names = {app["app_label"]: app["name"] for app in response.context["app_list"]}
    assert (names["speakers"], names["workshops"]) == ("Intervenants", "Ateliers")


def test_french_page_titles_read_well_before_a_name_that_starts_with_a_vowel(admin_client):
    workshop = WorkshopFactory(title="Migration et santé")

    response = admin_client.get(
        admin_url(Workshop, "change", workshop.pk), headers={"accept-language": "fr"}
    )

    apostrophe = "\N{RIGHT SINGLE QUOTATION MARK}"
    title = f"Migration et santé | Modification : atelier | Éditeurs de l{apostrophe}IDM"
    assert f"<title>{title}</title>" in response.text


def test_the_documents_list_filters_by_the_languages_documents_have(admin_client):
    DocumentFactory(language="fr")
    DocumentFactory(language="es")

    response = admin_client.get(admin_url(Document, "changelist"))

    (languages,) = [
        spec for spec in response.context["cl"].filter_specs if spec.title == "language"
    ]
    shown = [choice["display"] for choice in languages.choices(response.context["cl"])]
    assert shown == ["All", "French", "Spanish"]


def test_a_workshop_is_filed_under_the_idm_year_it_starts_in(admin_client):
    workshop = WorkshopFactory()  # starts in 2030
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url))
    data["dialogue_year"] = DialogueYearFactory(year=2031).pk

    response = admin_client.post(url, data)

    assert response.context["adminform"].form.errors == {
        "dialogue_year": ["The workshop starts in 2030: choose the IDM year 2030."]
    }
