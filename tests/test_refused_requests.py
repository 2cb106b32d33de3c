"""Requests the site refuses: the status that says why, in the site's layout or in JSON under
the API, never a server error, and nothing stored."""

import datetime

import pytest
from django.test import Client

from speakers.models import Speaker
from tests.admin_forms import admin_url, form_data
from tests.factories import SessionFactory, WorkshopFactory
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/healthz", "/robots.txt", "/sitemap.xml", "/sitemap-workshops.xml"]
)
@pytest.mark.parametrize("method", ["post", "put", "delete", "trace"])
def test_addresses_that_only_give_something_refuse_other_methods(url, method):
    """They change nothing: no CSRF token is asked for, the method is refused."""
    response = getattr(Client(enforce_csrf_checks=True), method)(url)
    assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")


def test_asking_the_api_documentation_page_for_its_options_is_refused_not_an_error(client):
    response = client.options("/api/v1/docs/")
    assert response.status_code == 405


def test_a_form_sent_without_its_token_gets_a_page_in_the_site_layout_and_language():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/fr/", {"q": "x"})

    assert response.status_code == 403
    assert [template.name for template in response.templates] == ["403_csrf.html", "base.html"]
    page = response.content.decode()
    assert '<html lang="fr">' in page
    assert "<h1>Formulaire refusé</h1>" in page


def test_sending_to_an_unknown_api_address_answers_in_json_whatever_the_method():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/v1/nothing/", {})
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_a_form_too_large_to_read_gets_a_page_that_says_so_and_changes_nothing(admin_client):
    session = SessionFactory(description="Short.")
    url = admin_url(Session, "change", session.pk)
    data = form_data(admin_client.get(url)) | {"description": "x" * 3_000_000}

    response = admin_client.post(url, data)

    assert response.status_code == 400
    assert "<h1>Request not understood</h1>" in response.content.decode()
    session.refresh_from_db()
    assert session.description == "Short."


@pytest.mark.slow
def test_a_workshop_with_a_hundred_agenda_items_can_be_saved_in_the_admin(admin_client):
    """Its sessions are edited inline: over Django's default limit of 1,000 fields."""
    workshop = WorkshopFactory(title="Council session")
    for index in range(100):
        # 50 a day, a quarter of an hour each: overlapping ones would be refused.
        start = datetime.datetime.combine(workshop.start_date, datetime.time(8, 0))
        start += datetime.timedelta(days=index // 50, minutes=15 * (index % 50))
        end = start + datetime.timedelta(minutes=15)
        SessionFactory(
            workshop=workshop, date=start.date(), start_time=start.time(), end_time=end.time()
        )
    url = admin_url(Workshop, "change", workshop.pk)
    data = form_data(admin_client.get(url)) | {"title_en": "Council session, 2007"}
    assert len(data) > 1000

    response = admin_client.post(url, data)

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.title == "Council session, 2007"


@pytest.mark.parametrize("value", ["abc", "1.5", "9" * 30])
def test_an_admin_value_that_is_no_key_gets_a_form_error_not_a_server_error(admin_client, value):
    """Autocomplete boxes never send such values; a hand-edited link or request can."""
    for link in [
        f"/admin/workshops/session/add/?workshop={value}",
        f"/admin/workshops/policyexample/add/?organizations={value}",
        f"/admin/workshops/document/add/?speaker={value}",
    ]:
        assert admin_client.get(link).status_code == 200, link
    url = "/admin/speakers/speaker/add/"

    data = {"full_name": "Ana Lopez", "sort_name": "Lopez, Ana", "slug": "ana-lopez"}
    response = admin_client.post(url, data | {"organization": value})

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["organization"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert not Speaker.objects.exists()
