"""What editors do in the admin, in a real browser."""

import pytest
from selenium.webdriver.common.by import By

from tests.factories import PASSWORD
from workshops.models import Workshop

from .admin import add_inline_row, choose
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

    title = driver.find_element(By.ID, "id_title_en")
    title.clear()
    title.send_keys("Labour mobility and development")
    assert driver.execute_script(LEAVING_ASKS)
    driver.delete_cookie("sessionid")  # the login expired
    driver.find_element(By.NAME, "_save").click()

    path_becomes(driver, "/admin/login/")
    log_in(driver, editor)
    path_becomes(driver, change)
    assert driver.find_element(By.ID, "id_title_en").get_attribute("value") == (
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


@pytest.mark.parametrize(
    "change",
    ["a search box's choice", "the Today shortcut", "an added row", "a ticked delete box"],
)
def test_leaving_a_session_page_changed_in_any_way_asks_first(page, editor, change):
    session = Workshop.objects.get(title=TITLE).sessions.get(slug="session-i")
    url = f"/admin/workshops/session/{session.pk}/change/"
    driver = page(f"/admin/login/?next={url}")
    log_in(driver, editor)
    path_becomes(driver, url)
    assert not driver.execute_script(LEAVING_ASKS)

    if change == "a search box's choice":
        choose(driver, "participants-0-speaker", "Brunson McKinley")
    elif change == "the Today shortcut":
        driver.find_element(By.CSS_SELECTOR, ".datetimeshortcuts a").click()
    elif change == "an added row":
        add_inline_row(driver, "guiding_questions-group")
    else:
        driver.find_element(By.NAME, "guiding_questions-0-DELETE").click()

    assert driver.execute_script(LEAVING_ASKS)
