"""What editors do in the admin, in a real browser."""

import pytest
from selenium.webdriver.common.by import By

from tests.factories import PASSWORD
from workshops.models import Workshop

from .browser import path_becomes

pytestmark = pytest.mark.browser

TITLE = "Making Global Labour Mobility a Catalyst for Development"
# Whether leaving the page now would ask first (what the browser does on beforeunload).
LEAVING_ASKS = (
    "const event = new Event('beforeunload', {cancelable: true});"
    "window.dispatchEvent(event); return event.defaultPrevented;"
)


def log_in(driver, user):
    driver.find_element(By.NAME, "username").send_keys(user.username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "#login-form [type=submit]").click()


@pytest.mark.slow
def test_an_editor_whose_login_expired_gets_the_typed_text_back_after_logging_in(page, editor):
    workshop = Workshop.objects.get(title=TITLE)
    change = f"/admin/workshops/workshop/{workshop.pk}/change/"
    driver = page(f"/admin/login/?next={change}")
    log_in(driver, editor)
    path_becomes(driver, change)
    assert not driver.execute_script(LEAVING_ASKS)

    title = driver.find_element(By.ID, "id_title")
    title.clear()
    title.send_keys("Labour mobility and development")
    assert driver.execute_script(LEAVING_ASKS)
    driver.delete_cookie("sessionid")  # the login expired
    driver.find_element(By.NAME, "_save").click()

    path_becomes(driver, "/admin/login/")
    log_in(driver, editor)
    path_becomes(driver, change)
    assert driver.find_element(By.ID, "id_title").get_attribute("value") == (
        "Labour mobility and development"
    )
    assert "restored below" in driver.find_element(By.CSS_SELECTOR, ".messagelist").text
    assert driver.execute_script(LEAVING_ASKS)  # not saved yet
    workshop.refresh_from_db()
    assert workshop.title == TITLE

    driver.find_element(By.NAME, "_save").click()
    path_becomes(driver, "/admin/workshops/workshop/")
    workshop.refresh_from_db()
    assert workshop.title == "Labour mobility and development"
