"""Driving the admin in Chromium as an editor does: the login page, select2 boxes, Save."""

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.wait import WebDriverWait

from tests.factories import PASSWORD


def wait(driver, condition, message="", timeout=10):
    return WebDriverWait(driver, timeout).until(condition, message)


def log_in(driver, url, username):
    driver.get(url("/admin/login/?next=/admin/"))
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    wait(driver, lambda d: d.find_elements(By.ID, "user-tools"), "logged in")


def loaded(driver):
    return driver.execute_script("return document.readyState") == "complete"


def press(driver, button):
    """Clicks a submit button and waits for the next page to load."""
    old = driver.find_element(By.TAG_NAME, "html")
    button.click()
    wait(driver, EC.staleness_of(old), "the form was sent", timeout=20)
    wait(driver, loaded, "the next page loaded")


def save(driver, name="_save"):
    press(driver, driver.find_element(By.CSS_SELECTOR, f"#content-main input[name={name}]"))


def server_error(driver):
    return driver.title.startswith("Server error") or "Traceback" in driver.page_source


def success_messages(driver):
    return [m.text for m in driver.find_elements(By.CSS_SELECTOR, ".messagelist .success")]


def form_errors(driver):
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".errornote, .errorlist")]


def fill(driver, name, value):
    field = driver.find_element(By.NAME, name)
    field.clear()
    field.send_keys(value)
    return field


def choose(driver, select_name, search=""):
    """Picks the first option of a select2 (autocomplete) box that matches `search`."""
    select = driver.find_element(By.NAME, select_name)
    box = select.find_element(By.XPATH, "following-sibling::span[contains(@class,'select2')]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.find_element(By.CSS_SELECTOR, ".select2-selection").click()
    field = wait(
        driver,
        lambda d: d.find_element(
            By.CSS_SELECTOR, ".select2-container--open .select2-search__field"
        ),
        "the search box opened",
    )
    field.send_keys(search)

    def click_first_match(d):
        # The list is drawn again as answers arrive: until the answer to this search is in, it
        # may show other choices, and an option found may be gone before the click.
        try:
            options = d.find_elements(
                By.CSS_SELECTOR,
                ".select2-results__option:not(.loading-results):not(.select2-results__message)",
            )
            matching = [o for o in options if search.casefold() in o.text.casefold()]
            if not matching or not matching[0].text.strip():
                return False
            matching[0].click()
            return True
        except StaleElementReferenceException:
            return False

    wait(driver, click_first_match, f"a choice for {select_name!r} matching {search!r}")
    wait(
        driver,
        lambda d: d.find_element(By.NAME, select_name).get_attribute("value"),
        f"{select_name} chosen",
    )


def add_inline_row(driver, group_id):
    """Clicks "Add another …" under an inline and returns the new row's form prefix."""
    prefix = group_id.removesuffix("-group")
    group = driver.find_element(By.ID, group_id)
    index = int(driver.find_element(By.NAME, f"{prefix}-TOTAL_FORMS").get_attribute("value"))
    link = group.find_element(By.CSS_SELECTOR, ".add-row a")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    wait(driver, lambda d: d.find_elements(By.NAME, f"{prefix}-{index}-id"), "the new row")
    return f"{prefix}-{index}"
