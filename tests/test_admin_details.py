"""Details of the admin that editors tripped over: times, branding, uploads, positions, years."""

import datetime
import re

import pytest

from tests.factories import (
    SessionFactory,
)
from tests.test_admin import (
    admin_url,
    form_data,
)
from workshops.models import Session, Workshop

pytestmark = pytest.mark.django_db

GENEVA_TIME = "All dates and times are Geneva time (Europe/Zurich)."


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


# Branding


def test_admin_is_named_for_the_editors(admin_client):
    response = admin_client.get("/admin/")

    assert "<title>Workshop content | IDM editors</title>" in response.text
    assert '<a href="/admin/">IDM editors</a>' in response.text
    assert "Django" not in response.text
