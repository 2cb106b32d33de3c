"""An admin form refused because the login or the CSRF token expired keeps what was typed: after
logging in again, the editor finds it on the page, not saved (idm/kept_forms.py)."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from idm import kept_forms
from tests.admin_forms import admin_url, form_data, shown_messages
from tests.factories import PASSWORD, WorkshopFactory, editor_account
from workshops.models import Document, Workshop

pytestmark = pytest.mark.django_db

RESTORED = (
    "Your changes from before you had to sign in again are restored below. Check them and "
    "press Save."
)
LOGIN = "/admin/login/"


def login_expires(client):
    """The session ends as an expired login does: its cookie goes, the browser's others stay."""
    client.session.flush()
    del client.cookies[settings.SESSION_COOKIE_NAME]


def log_in(client, user, url):
    response = client.post(f"{LOGIN}?next={url}", {"username": user.username, "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, url)


def page_data(client, url, **changes):
    """What the browser sends when the form on `url` is saved with `changes`."""
    response = client.get(url)
    assert response.status_code == 200
    editor = response.wsgi_request.user.pk
    assert f'<input type="hidden" name="_editor" value="{editor}">' in response.content.decode()
    return form_data(response) | {"_editor": editor, "_save": "Save"} | changes


def restored_form(response):
    assert response.status_code == 200
    return response.context["adminform"].form


def test_a_change_refused_because_the_login_expired_comes_back_after_logging_in(client, editor):
    workshop = WorkshopFactory(title="Council session")
    url = admin_url(Workshop, "change", workshop.pk)
    client.force_login(editor)
    data = page_data(client, url, title_en="Council session, 2007")
    login_expires(client)

    response = client.post(url, data)

    assert (response.status_code, response["Location"]) == (302, f"{LOGIN}?next={url}")
    log_in(client, editor, url)
    history = LogEntry.objects.count()
    response = client.get(url)
    form = restored_form(response)
    assert form.is_bound
    assert form["title_en"].value() == "Council session, 2007"
    assert 'value="Council session, 2007"' in response.content.decode()
    assert shown_messages(response) == [RESTORED]
    workshop.refresh_from_db()
    assert workshop.title == "Council session"
    assert LogEntry.objects.count() == history
    # Once: the next visit shows the stored workshop.
    response = client.get(url)
    assert not restored_form(response).is_bound
    assert restored_form(response)["title_en"].value() == "Council session"
    assert shown_messages(response) == []

    # Saved when the editor presses Save.
    response = client.post(url, page_data(client, url, title_en="Council session, 2007"))
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.title == "Council session, 2007"


def test_the_inline_rows_come_back_too(client, editor):
    workshop = WorkshopFactory()
    workshop.objectives.create(text="Share practices.", order=1)
    url = admin_url(Workshop, "change", workshop.pk)
    client.force_login(editor)
    data = page_data(client, url, **{"objectives-0-text_en": "Share good practices."})
    data |= {"objectives-TOTAL_FORMS": 2, "objectives-1-order": 2, "objectives-1-text_en": "Learn."}
    login_expires(client)
    client.post(url, data)
    log_in(client, editor, url)

    response = client.get(url)

    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "objectives"
    ]
    assert [form["text_en"].value() for form in formset.forms] == [
        "Share good practices.",
        "Learn.",
    ]
    assert list(workshop.objectives.values_list("text", flat=True)) == ["Share practices."]


def test_an_add_page_comes_back_and_nothing_is_created_until_save(client, editor):
    workshop = WorkshopFactory()
    url = admin_url(Workshop, "add")
    client.force_login(editor)
    data = page_data(client, url) | {
        "title_en": "New workshop",
        "slug": "new-workshop",
        "dialogue_year": workshop.dialogue_year.pk,
        "kind": workshop.kind,
        "status": Workshop.Status.DRAFT,
        "start_date": "2030-03-12",
        "end_date": "2030-03-13",
    }
    login_expires(client)
    client.post(url, data)
    log_in(client, editor, url)

    response = client.get(url)

    form = restored_form(response)
    assert form["title_en"].value() == "New workshop"
    assert shown_messages(response) == [RESTORED]
    assert not Workshop.objects.filter(slug="new-workshop").exists()
    response = client.post(url, form_data(response) | {"_editor": editor.pk})
    assert response.status_code == 302
    assert Workshop.objects.get(slug="new-workshop").title == "New workshop"


def test_a_restored_form_shows_its_errors_and_the_version_check_still_applies(client, editor):
    workshop = WorkshopFactory(title="Council session")
    url = admin_url(Workshop, "change", workshop.pk)
    client.force_login(editor)
    data = page_data(client, url, title_en="Council session, 2007", end_date="2030-03-01")
    login_expires(client)
    client.post(url, data)
    meanwhile = Workshop.objects.get(pk=workshop.pk)  # someone else saves in between
    meanwhile.summary = "Two days on labour mobility."
    meanwhile.save()
    log_in(client, editor, url)

    response = client.get(url)

    form = restored_form(response)
    assert "end_date" in form.errors or form.non_field_errors()
    assert any("Someone else saved" in error for error in form.non_field_errors())
    response = client.post(url, form_data(response) | {"_editor": editor.pk})
    assert response.status_code == 200
    workshop.refresh_from_db()
    assert workshop.title == "Council session"


def test_someone_else_logging_in_next_in_the_browser_does_not_get_the_form(
    client, editor, django_user_model
):
    workshop = WorkshopFactory(title="Council session")
    url = admin_url(Workshop, "change", workshop.pk)
    client.force_login(editor)
    data = page_data(client, url, title_en="Council session, 2007")
    login_expires(client)
    client.post(url, data)

    log_in(client, editor_account("other"), url)
    response = client.get(url)

    assert not restored_form(response).is_bound
    assert shown_messages(response) == []
    assert kept_forms.SESSION_KEY not in client.session


def test_files_are_not_kept_and_the_message_says_so(client, editor):
    url = admin_url(Document, "add")
    client.force_login(editor)
    data = page_data(client, url, title_en="Report", slug="report", kind=Document.Kind.PAPER)
    data["file"] = SimpleUploadedFile("report.pdf", b"%PDF-1.4 report", "application/pdf")
    login_expires(client)
    client.post(url, data)
    log_in(client, editor, url)

    response = client.get(url)

    assert restored_form(response)["title_en"].value() == "Report"
    assert shown_messages(response) == [
        f"{RESTORED} Files you had chosen were not kept: choose them again."
    ]
    assert not Document.objects.exists()


def test_a_form_too_large_to_keep_is_not_kept(client, editor, monkeypatch):
    monkeypatch.setattr(kept_forms, "MAX_SIZE", 2_000)
    workshop = WorkshopFactory()
    url = admin_url(Workshop, "change", workshop.pk)
    client.force_login(editor)
    data = page_data(client, url, summary_en="x" * 3_000)
    login_expires(client)

    response = client.post(url, data)

    assert response.status_code == 302
    assert kept_forms.SESSION_KEY not in client.session


def csrf_refused(client, url, data, **headers):
    """The form sent with a token that is no longer the one of the browser's cookie."""
    return client.post(url, data | {"csrfmiddlewaretoken": "x" * 32}, headers=headers)


def test_a_form_refused_for_its_csrf_token_is_kept_and_the_page_links_to_it(editor):
    client = Client(enforce_csrf_checks=True)
    workshop = WorkshopFactory(title="Council session")
    url = admin_url(Workshop, "change", workshop.pk)
    client.force_login(editor)
    data = page_data(client, url, title_en="Council session, 2007")

    response = csrf_refused(client, url, data, origin="http://testserver")

    assert response.status_code == 403
    page = response.content.decode()
    assert "Your changes were kept. Continue to the form to check them and save again." in page
    assert f'<a href="{url}">Continue to the form</a>' in page
    response = client.get(url)
    assert restored_form(response)["title_en"].value() == "Council session, 2007"
    assert shown_messages(response) == [RESTORED]
    workshop.refresh_from_db()
    assert workshop.title == "Council session"


def test_a_form_refused_for_its_csrf_token_with_a_referer_of_the_site_is_kept(editor):
    client = Client(enforce_csrf_checks=True)
    url = admin_url(Workshop, "change", WorkshopFactory().pk)
    client.force_login(editor)

    response = csrf_refused(client, url, page_data(client, url), referer=f"http://testserver{url}")

    assert "Continue to the form" in response.content.decode()
    assert url in client.session[kept_forms.SESSION_KEY]


@pytest.mark.parametrize(
    "headers",
    [{"origin": "https://attacker.example"}, {"referer": "https://attacker.example/"}, {}],
)
def test_a_form_that_another_site_sent_is_not_kept(editor, headers):
    client = Client(enforce_csrf_checks=True)
    url = admin_url(Workshop, "change", WorkshopFactory().pk)
    client.force_login(editor)

    response = csrf_refused(client, url, page_data(client, url, title_en="Planted"), **headers)

    assert response.status_code == 403
    page = response.content.decode()
    assert "Go back, reload the page and send the form again." in page
    assert "Continue to the form" not in page
    assert kept_forms.SESSION_KEY not in client.session
    assert not restored_form(client.get(url)).is_bound


def test_a_form_kept_in_a_session_is_gone_when_another_user_logs_in_there(
    editor, django_user_model
):
    client = Client(enforce_csrf_checks=True)
    url = admin_url(Workshop, "change", WorkshopFactory().pk)
    client.force_login(editor)
    csrf_refused(client, url, page_data(client, url, title_en="Mine"), origin="http://testserver")
    assert url in client.session[kept_forms.SESSION_KEY]

    client.force_login(editor_account("other"))

    assert kept_forms.SESSION_KEY not in client.session


def test_a_form_refused_elsewhere_than_the_admin_forms_is_not_kept(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    for url in ["/en/", "/admin/workshops/workshop/", "/admin/auth/user/add/"]:
        response = csrf_refused(
            client, url, {"q": "x", "_editor": editor.pk}, origin="http://testserver"
        )
        assert response.status_code == 403
        assert kept_forms.SESSION_KEY not in client.session


def test_every_admin_page_of_the_site_keeps_refused_forms():
    """Not the users' and groups' pages (Django's): a password is never kept."""
    project = [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"workshops", "speakers"}
    ]
    assert len(project) == 14
    assert all(isinstance(model_admin, kept_forms.KeepRefusedFormsMixin) for model_admin in project)


def test_the_change_form_loads_the_script_that_asks_before_leaving_unsaved_changes(client, editor):
    client.force_login(editor)
    url = admin_url(Workshop, "change", WorkshopFactory().pk)

    page = client.get(url).content.decode()

    assert '<script src="/static/js/admin-unsaved-changes.js"></script>' in page
    response = client.post(url, page_data(client, url, title_en=""))
    assert '<script src="/static/js/admin-unsaved-changes.js" data-unsaved></script>' in (
        response.content.decode()
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_versioned_form_comes_back_outside_a_test_transaction(client, django_user_model):
    """Django opens no transaction for a GET; the version check locks the row
    (SELECT ... FOR UPDATE), which PostgreSQL refuses outside of one."""
    editor = editor_account()
    workshop = WorkshopFactory(title="Council session")
    url = admin_url(Workshop, "change", workshop.pk)
    client.force_login(editor)
    data = page_data(client, url, title_en="Council session, 2007")
    login_expires(client)
    client.post(url, data)
    log_in(client, editor, url)

    response = client.get(url)

    assert restored_form(response)["title_en"].value() == "Council session, 2007"


def test_a_visitor_without_an_account_cannot_have_a_form_kept(client):
    """Posting to an admin form with a forged user id: the browser has no editor cookie."""
    url = admin_url(Workshop, "add")
    client.get("/admin/login/")  # a CSRF cookie and token, as anyone can get

    response = client.post(url, {"title_en": "x" * 1000, "_editor": "1", "_save": "Save"})

    assert response.status_code == 302
    assert kept_forms.SESSION_KEY not in client.session


def test_a_kept_form_that_cannot_be_shown_is_gone_after_the_error(client, editor, monkeypatch):
    workshop = WorkshopFactory()
    url = admin_url(Workshop, "change", workshop.pk)
    data = page_data(client, url, title_en="Council session, 2007")
    login_expires(client)
    client.post(url, data)
    log_in(client, editor, url)
    monkeypatch.setattr(
        kept_forms.KeepRefusedFormsMixin, "may_save", lambda *args: 1 / 0, raising=True
    )

    client.raise_request_exception = False
    assert client.get(url).status_code == 500

    monkeypatch.undo()
    response = client.get(url)
    assert not restored_form(response).is_bound
