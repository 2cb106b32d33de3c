"""Details of the admin that editors tripped over: times, branding, uploads, positions, years."""

import datetime
import re

import pytest

from tests.factories import (
    SessionFactory,
)

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


# Branding


def test_admin_is_named_for_the_editors(admin_client):
    response = admin_client.get("/admin/")

    assert "<title>Workshop content | IDM editors</title>" in response.text
    assert '<a href="/admin/">IDM editors</a>' in response.text
    assert "Django" not in response.text
