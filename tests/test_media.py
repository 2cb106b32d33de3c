"""Uploaded files: served only when what they belong to is public (drafts to editors), and
deleted from storage once replaced, cleared or deleted with their row (idm/media.py,
idm/uploads.py)."""

import io
import re
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image, PngImagePlugin

from speakers.models import Speaker
from tests.admin_forms import admin_url, form_data, run_action
from tests.factories import (
    DocumentFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    WorkshopFactory,
)
from workshops.models import Document, Workshop

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

PDF = b"%PDF-1.4 the final report"
DRAFT = Workshop.Status.DRAFT


@pytest.fixture
def accel_redirect(settings):
    settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"


def stored_files(media_root):
    return sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*.*"))


def document(status=Workshop.Status.PUBLISHED, content=PDF, name="Report (final).PDF", **values):
    workshop = WorkshopFactory(status=status)
    return DocumentFactory(
        workshop=workshop, slug="final-report", file=SimpleUploadedFile(name, content), **values
    )


def png(colour="red"):
    content = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(content, "PNG")
    return content.getvalue()


def speaker_with_photo(status=Workshop.Status.PUBLISHED, **values):
    speaker = SpeakerFactory(photo=SimpleUploadedFile("me.png", png()))
    session = SessionFactory(workshop=WorkshopFactory(status=status))
    SessionSpeakerFactory(session=session, **{"speaker": speaker, **values})
    return speaker


def status(client, url):
    response = client.get(url)
    body(response)
    return response.status_code


def body(response):
    """The content; read to the end, a FileResponse closes its file. (Not with close(): the test
    client's reading of it does that, without Django closing the test's database connection.)"""
    return b"".join(response.streaming_content) if response.streaming else response.content


# Who gets which file ------------------------------------------------------------------------


def test_published_workshops_document_is_a_download_named_after_its_slug(client):
    report = document()
    url = report.file.url

    response = client.get(url)

    assert re.fullmatch(r"/media/documents/[0-9a-f]{32}\.pdf", url)
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="final-report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "public, no-cache"
    assert "Cookie" not in response.get("Vary", "")


def test_the_document_link_on_the_session_page_downloads_it(client):
    report = document()
    report.session = SessionFactory(workshop=report.workshop)
    report.save()

    page = client.get(report.session.get_absolute_url()).content.decode()

    assert f'href="{report.link}"' in page
    assert body(client.get(report.link)) == PDF


def test_draft_workshops_document_is_not_found(client):
    response = client.get(document(status=DRAFT).file.url)

    assert response.status_code == 404
    assert PDF not in response.content


@pytest.mark.parametrize("mode", ["django", "nginx"])
def test_document_is_not_found_once_its_workshop_is_unpublished(
    client, admin_client, mode, settings
):
    if mode == "nginx":
        settings.MEDIA_ACCEL_REDIRECT = "/protected-media/"
    report = document()
    assert status(client, report.file.url) == 200

    run_action(admin_client, "unpublish", [report.workshop])

    assert status(client, report.file.url) == 404


def test_editor_gets_a_drafts_document_never_cached(client, editor):
    response = client.get(document(status=DRAFT).file.url)

    assert response.status_code == 200
    assert body(response) == PDF
    assert {"private", "no-store"} <= set(re.split(r",\s*", response["Cache-Control"]))
    assert "public" not in response["Cache-Control"]


def test_user_who_may_change_documents_gets_a_drafts_document(client, django_user_model):
    user = django_user_model.objects.create_user("clerk", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_document"))
    client.force_login(user)

    assert status(client, document(status=DRAFT).file.url) == 200


def test_staff_without_the_permissions_gets_no_drafts_document(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("staff", is_staff=True))

    assert status(client, document(status=DRAFT).file.url) == 404


def test_photo_of_a_person_in_a_published_workshop_is_shown_inline(client):
    speaker = speaker_with_photo()

    response = client.get(speaker.photo.url)

    assert re.fullmatch(r"/media/speakers/[0-9a-f]{32}\.png", speaker.photo.url)
    assert response.status_code == 200
    assert body(response) == png()
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, no-cache"


def test_photo_of_a_person_represented_in_a_published_workshop_is_shown(client):
    represented = SpeakerFactory(photo=SimpleUploadedFile("me.jpg", b"\xff\xd8\xff photo"))
    SessionSpeakerFactory(on_behalf_of=represented)

    response = client.get(represented.photo.url)

    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")
    body(response)


def test_photo_of_a_person_only_in_drafts_is_not_found(client):
    speaker = speaker_with_photo(status=DRAFT)

    assert status(client, speaker.photo.url) == 404


def test_editor_gets_the_photo_of_a_person_only_in_drafts(client, editor):
    response = client.get(speaker_with_photo(status=DRAFT).photo.url)

    assert (response.status_code, body(response)) == (200, png())
    assert "no-store" in response["Cache-Control"]


def test_photo_in_a_format_not_shown_inline_is_a_download(client, media_root):
    speaker = speaker_with_photo()
    Speaker.objects.filter(pk=speaker.pk).update(photo="speakers/portrait.svg")
    (media_root / "speakers" / "portrait.svg").write_bytes(b"<svg/>")

    response = client.get("/media/speakers/portrait.svg")

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    body(response)


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/0123456789abcdef0123456789abcdef.pdf",
        "/media/documents/..%2F..%2Fidm%2Fsettings.py",
        "/media/documents/../../idm/settings.py",
        "/media/..%2Fidm%2Fsettings.py",
        "/media/%2Fetc%2Fpasswd",
        "/media//etc/passwd",
        "/media/documents/%00.pdf",
        "/media/documents/report.pdf%00",
        "/media/documents/%FF%FE.pdf",
        "/media/documents/%0A.pdf",
        "/media/documents\\..\\x.pdf",
        "/media/documents/.hidden",
        "/media/documents/",
        "/media/documents",
        "/media/",
        "/media/other/report.pdf",
    ],
)
def test_unknown_or_odd_names_are_not_found(client, path):
    document()  # something to find, were the checks loose

    assert status(client, path) == 404


def test_stored_name_whose_file_is_missing_is_not_found(client, media_root):
    report = document()
    (media_root / report.file.name).unlink()

    assert status(client, report.file.url) == 404


def test_files_are_only_read(client):
    report = document()

    assert client.post(report.file.url).status_code == 405


def test_with_nginx_the_answer_names_the_file_for_nginx_to_send(client, accel_redirect):
    report = document()

    response = client.get(report.file.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{report.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="final-report.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "public, no-cache"


def test_with_nginx_a_draft_is_not_handed_over(client, accel_redirect):
    response = client.get(document(status=DRAFT).file.url)

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


@pytest.mark.parametrize("documents", [1, 20])
def test_a_file_costs_one_query_whatever_the_data(client, django_assert_num_queries, documents):
    published = [document() for _ in range(documents)]
    draft = document(status=DRAFT)
    speaker = speaker_with_photo()

    for url in (published[-1].file.url, draft.file.url, speaker.photo.url):
        with django_assert_num_queries(1):
            body(client.get(url))


# Files leave storage with their row ---------------------------------------------------------


def test_replacing_a_documents_file_in_the_admin_deletes_the_old_one(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    report = document()
    old = report.file.name
    url = admin_url(Document, "change", report.pk)
    data = form_data(admin_client.get(url))
    data["file"] = SimpleUploadedFile("revised.pdf", b"%PDF-1.4 revised")

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302

    report.refresh_from_db()
    assert report.file.name != old
    assert stored_files(media_root) == [report.file.name]
    assert stored_content(report) == b"%PDF-1.4 revised"


def stored_content(document):
    with document.file.open("rb") as file:
        return file.read()


def test_clearing_a_documents_file_in_the_admin_deletes_it(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    report = document()
    url = admin_url(Document, "change", report.pk)
    data = form_data(admin_client.get(url))
    data["file-clear"] = "on"

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302

    report.refresh_from_db()
    assert (report.file.name, stored_files(media_root)) == ("", [])


def test_saving_a_document_without_touching_its_file_keeps_it(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    report = document()
    url = admin_url(Document, "change", report.pk)
    data = form_data(admin_client.get(url))
    data["title_en"] = "Final report, revised"

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302

    assert stored_files(media_root) == [report.file.name]


def test_deleting_a_document_in_the_admin_deletes_its_file(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    report = document()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(admin_url(Document, "delete", report.pk), {"post": "yes"})

    assert response.status_code == 302
    assert (Document.objects.count(), stored_files(media_root)) == (0, [])


def test_deleting_a_workshop_deletes_its_documents_files(
    media_root, django_capture_on_commit_callbacks
):
    report = document()

    with django_capture_on_commit_callbacks(execute=True):
        report.workshop.delete()

    assert stored_files(media_root) == []


def test_a_rolled_back_save_keeps_the_file(media_root, django_capture_on_commit_callbacks):
    report = document()
    old = report.file.name

    # A file and a link: the database's check refuses the row, after the new upload was written.
    report.file = SimpleUploadedFile("revised.pdf", b"%PDF-1.4 revised")
    report.url = "https://example.org/report.pdf"
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(IntegrityError),
        transaction.atomic(),
    ):
        report.save()

    assert callbacks == []
    assert old in stored_files(media_root)
    assert Document.objects.get().file.name == old


def test_a_file_another_row_refers_to_is_kept(media_root, django_capture_on_commit_callbacks):
    report = document()
    copy = DocumentFactory(workshop=report.workshop, file=report.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        report.delete()
    assert stored_files(media_root) == [copy.file.name]

    with django_capture_on_commit_callbacks(execute=True):
        copy.delete()
    assert stored_files(media_root) == []


def test_replacing_or_clearing_a_photo_in_the_admin_deletes_the_old_one(
    admin_client, media_root, django_capture_on_commit_callbacks
):
    speaker = speaker_with_photo()
    old = speaker.photo.name
    url = admin_url(Speaker, "change", speaker.pk)
    data = form_data(admin_client.get(url))
    data["photo"] = SimpleUploadedFile("new.png", png("blue"))

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302

    speaker.refresh_from_db()
    assert speaker.photo.name != old
    assert stored_files(media_root) == [speaker.photo.name]

    data = form_data(admin_client.get(url))
    data["photo-clear"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, data).status_code == 302

    assert stored_files(media_root) == []


# What an upload may be, sent through the admin as an editor does -----------------------------

NOT_AN_IMAGE = "File extension “{}” is not allowed. Allowed extensions are: jpg, jpeg, png, webp."
WEB_PAGE = "This file contains web page code (HTML), which an upload may not hold."


def save_photo(client, speaker, upload):
    url = admin_url(Speaker, "change", speaker.pk)
    return client.post(url, {**form_data(client.get(url)), "photo": upload})


@pytest.mark.parametrize("extension", ["pdf", "ps", "mpeg"])
def test_a_png_photo_named_as_another_type_is_refused(admin_client, media_root, extension):
    """Pillow reads these extensions too, and the file would be served as that type."""
    speaker = SpeakerFactory()

    response = save_photo(admin_client, speaker, SimpleUploadedFile(f"me.{extension}", png()))

    assert response.context["adminform"].form.errors == {"photo": [NOT_AN_IMAGE.format(extension)]}
    speaker.refresh_from_db()
    assert (speaker.photo.name, stored_files(media_root)) == ("", [])


def test_a_photo_carrying_a_web_page_is_refused(admin_client, media_root):
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "<script>alert(document.cookie)</script>")
    content = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(content, "PNG", pnginfo=text)
    speaker = SpeakerFactory()

    response = save_photo(admin_client, speaker, SimpleUploadedFile("me.png", content.getvalue()))

    assert response.context["adminform"].form.errors == {"photo": [WEB_PAGE]}
    assert stored_files(media_root) == []


def test_a_cameras_photo_is_stored_upright_small_and_without_where_it_was_taken(
    admin_client, media_root
):
    """The speaker page shows photos 160 pixels wide: a camera's 6,000 would cost a phone
    megabytes, and its EXIF may hold the place it was taken."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turned a quarter; the picture is upright once turned
    exif[0x8825] = {1: "N", 2: (46.0, 13.0, 0.0)}  # GPS: Geneva
    content = io.BytesIO()
    Image.new("RGB", (2000, 1000), "red").save(content, "JPEG", exif=exif)
    speaker = SpeakerFactory()

    response = save_photo(admin_client, speaker, SimpleUploadedFile("me.jpg", content.getvalue()))

    assert response.status_code == 302
    speaker.refresh_from_db()
    with Image.open(speaker.photo.path) as stored:
        assert (stored.format, stored.size) == ("JPEG", (320, 640))
        assert not stored.getexif()
    assert stored_files(media_root) == [speaker.photo.name]


def test_a_photo_smaller_than_the_limit_keeps_its_size(admin_client, media_root):
    speaker = SpeakerFactory()

    save_photo(admin_client, speaker, SimpleUploadedFile("me.png", png()))

    speaker.refresh_from_db()
    with Image.open(speaker.photo.path) as stored:
        assert (stored.format, stored.size) == ("PNG", (4, 4))


def save_document(client, upload):
    data = form_data(client.get(admin_url(Document, "add")))
    data.update(title_en="Report", slug="report", kind="report", workshop=WorkshopFactory().pk)
    return client.post(admin_url(Document, "add"), {**data, "file": upload})


def office_document(*entries, compression=zipfile.ZIP_DEFLATED):
    content = io.BytesIO()
    with zipfile.ZipFile(content, "w", compression) as archive:
        for name, text in entries:
            archive.writestr(name, text)
    return content.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.pdf", b"%PDF-1.4\n%<html><script>alert(1)</script>"),
        ("report.pdf", b"%PDF-1.7\n" + b"1 0 obj << >> endobj\n" * 200 + b"<!DOCTYPE html>"),
        ("notes.rtf", b"{\\rtf1\\ansi <ScRiPt src=//example.org/x.js>"),
        ("sheet.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1<IFRAME/src=//example.org>"),
        (
            "slides.pptx",
            office_document(("index.html", "<html><body>"), compression=zipfile.ZIP_STORED),
        ),
    ],
)
def test_a_document_that_goes_on_as_a_web_page_is_refused(admin_client, media_root, name, content):
    response = save_document(admin_client, SimpleUploadedFile(name, content))

    assert response.context["adminform"].form.errors == {"file": [WEB_PAGE]}
    assert (Document.objects.count(), stored_files(media_root)) == (0, [])


def test_an_office_document_with_its_xml_is_accepted(admin_client, media_root):
    docx = office_document(
        ("[Content_Types].xml", '<?xml version="1.0"?><Types/>'),
        ("word/document.xml", '<?xml version="1.0"?><w:document><w:body/></w:document>'),
        compression=zipfile.ZIP_STORED,
    )

    response = save_document(admin_client, SimpleUploadedFile("paper.docx", docx))

    assert response.status_code == 302
    assert stored_files(media_root) == [Document.objects.get().file.name]
