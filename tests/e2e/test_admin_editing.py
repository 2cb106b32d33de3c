"""What editors do in the admin, in a real browser: the scripts that fill fields as they type."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from workshops.models import Workshop

pytestmark = pytest.mark.browser


@pytest.fixture
def editor_page(browser, site, django_user_model):
    """Opens an admin path in the browser as a member of the Editors group."""
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    browser.get(site("/admin/login/"))
    browser.add_cookie(
        {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        }
    )

    def open_path(path):
        browser.get(site(path))
        return browser

    return open_path


def value(driver, name):
    return driver.find_element(By.NAME, name).get_attribute("value")


def test_sort_name_follows_the_full_name_until_the_editor_types_one(editor_page):
    driver = editor_page("/admin/speakers/speaker/add/")
    full_name = driver.find_element(By.NAME, "full_name")
    sort_name = driver.find_element(By.NAME, "sort_name")

    full_name.send_keys("Amina Diallo")
    assert value(driver, "sort_name") == "Diallo, Amina"

    sort_name.send_keys(Keys.CONTROL, "a")
    sort_name.send_keys("Diallo Keita, Amina")
    full_name.send_keys(" Keita")
    assert value(driver, "full_name") == "Amina Diallo Keita"
    assert value(driver, "sort_name") == "Diallo Keita, Amina"


def test_seed_speaker_written_family_name_first_keeps_its_sort_name(editor_page):
    driver = editor_page("/admin/speakers/speaker/?q=Jung+Mino")
    driver.find_element(By.LINK_TEXT, "Jung Mino").click()
    assert value(driver, "sort_name") == "Jung, Mino"

    driver.find_element(By.NAME, "full_name").send_keys(" Jr")
    assert value(driver, "sort_name") == "Jung, Mino"


def test_duplicated_workshops_slug_follows_the_new_title(editor_page):
    original = Workshop.objects.get(slug="making-global-labour-mobility-a-catalyst-for-development")
    copy = original.duplicate_as_draft()
    driver = editor_page(f"/admin/workshops/workshop/{copy.pk}/change/")
    assert value(driver, "slug") == f"{original.slug}-2008"

    title = driver.find_element(By.NAME, "title_en")
    title.send_keys(Keys.CONTROL, "a")
    title.send_keys("Skills Partnerships for Development")
    assert value(driver, "slug") == "skills-partnerships-for-development"
