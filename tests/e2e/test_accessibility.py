"""axe-core finds nothing serious or critical on the main pages, at desktop width and (a few
of them) at phone width, in English, French and Spanish (where the English texts that have no
translation are marked as such), and on those read offline."""

import pytest
from selenium.webdriver.common.by import By

from .browser import WORKSHOP, axe_violations, describe, emulate, wait_until_kept

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/en/",
    "workshop": WORKSHOP,
    "session": WORKSHOP + "sessions/session-i/",
    "speakers": "/en/speakers/",
    "speaker": "/en/speakers/ibrahim-awad/",
    "organizations": "/en/organizations/",
    "organization": "/en/organizations/iom/",
    "policy examples": "/en/policy-examples/",
    "policy examples, filtered": "/en/policy-examples/?country=ES&topic=remittances",
    "policy example": "/en/policy-examples/spain-ecuador-remittance-costs-agreement/",
    "guiding questions": "/en/guiding-questions/",
    "search": "/en/search/?q=remittances",
    "my agenda": "/en/my-agenda/",
    "report": WORKSHOP + "publications/red-book/report/",
    "about": "/en/about/",
    "offline": "/en/offline/",
    "page not found": "/en/no-such-page/",
}


SLUG = WORKSHOP.split("/")[-2]
PHONE_PAGES = [
    "home",
    "workshop",
    "session",
    "policy examples, filtered",
    "guiding questions",
    "report",
]


def check_pages(page, names=PAGES, language="en"):
    found = {}
    for name in names:
        path = PAGES[name].replace("/en/", f"/{language}/", 1)
        driver = page(path)
        assert "Page not found" not in driver.title or name == "page not found", path
        if violations := axe_violations(driver):
            found[name] = describe(violations)
    return found


@pytest.mark.slow
def test_main_pages_have_no_serious_accessibility_violations(page):
    found = check_pages(page)
    assert found == {}, "\n".join(f"{name}:\n{report}" for name, report in found.items())


@pytest.mark.slow
@pytest.mark.parametrize("language", ["fr", "es"])
def test_main_pages_in_french_and_spanish_have_no_serious_accessibility_violations(page, language):
    found = check_pages(page, language=language)
    assert found == {}, "\n".join(f"{name}:\n{report}" for name, report in found.items())


@pytest.mark.slow
def test_main_pages_at_phone_width_have_no_serious_accessibility_violations(browser, page):
    emulate(browser, 360, 740, mobile=True)
    found = check_pages(page, PHONE_PAGES)
    assert found == {}, "\n".join(f"{name}:\n{report}" for name, report in found.items())


@pytest.mark.slow
def test_pages_read_offline_have_no_serious_accessibility_violations(browser, cable):
    """Kept pages as the service worker gives them back, and the offline page for the others."""
    emulate(browser, 360, 740, mobile=True)
    browser.get(cable.url + WORKSHOP)
    wait_until_kept(browser)
    cable.cut()
    found = {}
    for name in ["workshop", "session", "speaker", "guiding questions", "policy examples"]:
        path = PAGES[name] if name != "guiding questions" else f"{PAGES[name]}?workshop={SLUG}"
        browser.get(cable.url + path)
        offline = browser.find_element(By.TAG_NAME, "h1").text == "You are offline"
        assert offline == (name == "policy examples"), path  # never kept: the offline page
        if violations := axe_violations(browser):
            found[name] = describe(violations)
    assert found == {}, "\n".join(f"{name}:\n{report}" for name, report in found.items())


def test_axe_reports_a_form_control_without_a_label(page):
    """The check can fail: an input without a label is a critical 'label' violation."""
    driver = page("/en/")
    driver.execute_script(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input>')"
    )
    assert [v["id"] for v in axe_violations(driver)] == ["label"]
