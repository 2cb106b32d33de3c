"""A participant at the venue, on a phone: the agenda within the first screen, the times in
their own time zone too, the Now / Next line kept right without a reload, and the workshop
read with the network cut."""

import datetime
import time

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from tests.factories import DocumentFactory, SessionFactory, WorkshopFactory
from workshops.models import Workshop

from .admin import log_in
from .browser import WORKSHOP, emulate, kept_addresses, path_becomes, wait_until_kept

pytestmark = pytest.mark.browser

DASH = "\N{EN DASH}"
SESSION_I = "Session I: Towards More Effective Labour Migration Management"


def layout_shift(driver):
    """The page's cumulative layout shift so far, as Lighthouse counts it."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; let total = 0;"
        "new PerformanceObserver((list) => list.getEntries().forEach("
        "  (entry) => { if (!entry.hadRecentInput) total += entry.value; })"
        ").observe({type: 'layout-shift', buffered: true});"
        "setTimeout(() => done(total), 300);"
    )


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_first_agenda_item_is_within_a_phones_first_screen(browser, page, language):
    emulate(browser, 360, 800, mobile=True)
    driver = page(WORKSHOP.replace("/en/", f"/{language}/"))
    top, bottom = driver.execute_script(
        "const box = document.querySelector('.agenda-item .time').getBoundingClientRect();"
        "return [box.top + scrollY, box.bottom + scrollY];"
    )
    assert 0 < top < bottom <= 800
    # The overview comes after the agenda on a phone, before it on a laptop.
    overview, agenda = (
        driver.find_element(By.ID, name).rect["y"] for name in ("overview", "agenda")
    )
    assert agenda < overview
    emulate(browser, 1280, 800)
    overview, agenda = (
        driver.find_element(By.ID, name).rect["y"] for name in ("overview", "agenda")
    )
    assert overview < agenda


def test_on_a_phone_a_list_shows_its_results_first_and_the_filters_one_tap_away(browser, page):
    emulate(browser, 360, 800, mobile=True)
    driver = page("/en/policy-examples/?country=ES")
    panel = driver.find_element(By.CSS_SELECTOR, "details.filter-panel")
    assert panel.get_attribute("open") is None
    assert panel.find_element(By.TAG_NAME, "summary").text == "Filters (Country)"
    assert not driver.find_element(By.NAME, "topic").is_displayed()
    first_result = driver.find_element(By.CSS_SELECTOR, "main article h2 a")
    assert first_result.rect["y"] + first_result.rect["height"] <= 800
    assert layout_shift(driver) == 0

    panel.find_element(By.TAG_NAME, "summary").click()
    assert driver.find_element(By.NAME, "topic").is_displayed()

    emulate(browser, 1280, 800)
    driver = page("/en/policy-examples/?country=ES")
    assert driver.find_element(By.NAME, "topic").is_displayed()


@pytest.fixture
def time_zone(browser):
    def use(name):
        browser.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": name})

    yield use
    use("")


def test_a_visitor_in_another_time_zone_also_sees_their_own_time(page, time_zone):
    time_zone("America/New_York")
    driver = page(WORKSHOP)
    times = [t.text for t in driver.find_elements(By.CSS_SELECTOR, ".agenda-item .time")]
    assert times[0] == f"09:00{DASH}10:00\n03:00{DASH}04:00 your time"
    assert layout_shift(driver) == 0  # shown with the page, not added under the reader's eyes

    time_zone("Asia/Tokyo")
    driver = page(WORKSHOP)
    times = [t.text for t in driver.find_elements(By.CSS_SELECTOR, ".agenda-item .time")]
    assert times[-1] == f"17:50{DASH}18:00\nWed 00:50{DASH}01:00 your time"

    driver = page(WORKSHOP + "sessions/session-i/")
    assert (
        f"11:00{DASH}13:00 (Geneva time)\n18:00{DASH}20:00 your time"
        in driver.find_element(By.CSS_SELECTOR, "main .meta").text
    )
    assert layout_shift(driver) == 0

    time_zone("Europe/Zurich")
    driver = page(WORKSHOP)
    assert driver.find_elements(By.CSS_SELECTOR, ".local-time") == []


def test_the_now_and_next_line_changes_at_the_end_of_a_session_without_a_reload(page, site):
    now = timezone.localtime().replace(microsecond=0)
    if (now.replace(hour=23, minute=59, second=59) - now).total_seconds() < 30:
        time.sleep(31)  # the two sessions below must fall on one day
        now = timezone.localtime().replace(microsecond=0)
    change = (now + datetime.timedelta(seconds=4)).time()
    workshop = WorkshopFactory(
        title="Held today", slug="held-today", start_date=now.date(), end_date=now.date()
    )
    SessionFactory(
        workshop=workshop, title="Opening panel",
        start_time=(now - datetime.timedelta(minutes=10)).time() if now.hour else datetime.time(),
        end_time=change,
    )  # fmt: skip
    SessionFactory(
        workshop=workshop, title="Second panel", start_time=change,
        end_time=min(now + datetime.timedelta(hours=1), now.replace(hour=23, minute=59)).time(),
    )  # fmt: skip

    driver = page(workshop.get_absolute_url())
    line = driver.find_element(By.CSS_SELECTOR, ".now-next")
    assert line.text.startswith("Now: Opening panel\nNext: ")
    driver.execute_script("window.notReloaded = true")

    WebDriverWait(driver, 15).until(
        lambda d: d.find_element(By.CSS_SELECTOR, ".now-next").text == "Now: Second panel",
        "the line follows the agenda",
    )
    assert driver.execute_script("return window.notReloaded") is True
    running = driver.find_elements(By.CSS_SELECTOR, ".agenda-item[aria-current=true] .title a")
    assert [item.text for item in running] == ["Second panel"]


def test_a_workshop_opened_once_is_read_with_the_network_cut(browser, cable):
    emulate(browser, 360, 800, mobile=True)
    WorkshopFactory(title="Another workshop", slug="another-workshop")
    browser.get(cable.url + WORKSHOP)
    browser.find_element(By.CSS_SELECTOR, "#session-session-i button.star").click()
    wait_until_kept(browser)
    assert WORKSHOP + "sessions/session-i/" in kept_addresses(browser)["idm-pages"]
    # The star is kept after the workshop: the worker does one thing at a time.
    WebDriverWait(browser, 10).until(
        lambda d: any(a.startswith("/en/my-agenda/?s=") for a in kept_addresses(d)["idm-pages"]),
        "the starred agenda is kept",
    )

    cable.cut()

    browser.get(cable.url + WORKSHOP + "sessions/session-ii/")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Session II: Key Policy")
    assert "Carlos López" in browser.find_element(By.ID, "people").find_element(By.XPATH, "..").text

    browser.get(cable.url + "/en/speakers/ibrahim-awad/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Ibrahim Awad"
    assert SESSION_I in browser.find_element(By.ID, "sessions").find_element(By.XPATH, "..").text

    browser.get(cable.url + WORKSHOP)
    browser.find_element(By.CSS_SELECTOR, "nav a[data-my-agenda]").click()
    path_becomes(browser, "/en/my-agenda/")
    starred = browser.find_elements(By.CSS_SELECTOR, "main .agenda-item .title a")
    assert [item.text for item in starred] == [
        SESSION_I + ": Assessing Labour Market Needs and Labour Force Skills Profiles"
    ]

    browser.get(cable.url + "/en/workshops/another-workshop/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "You are offline"
    assert browser.find_elements(By.CSS_SELECTOR, "header.site-header nav.language-switcher")
    kept_list = browser.find_element(By.CSS_SELECTOR, "[data-kept-workshops]")
    WebDriverWait(browser, 10).until(
        lambda d: kept_list.is_displayed(), "the kept workshops are listed"
    )
    assert kept_list.find_element(By.TAG_NAME, "a").text == (
        "Making Global Labour Mobility a Catalyst for Development"
    )


def test_the_service_worker_keeps_nothing_of_an_editors_drafts_or_the_admin(
    browser, site, editor, cable
):
    draft = WorkshopFactory(title="Secret plans", slug="secret-plans", status=Workshop.Status.DRAFT)
    SessionFactory(workshop=draft, slug="secret-session")

    def url(path):
        return cable.url + path

    log_in(browser, url, editor.username)
    browser.get(url(WORKSHOP))  # registers the worker, which keeps the published workshop
    wait_until_kept(browser)
    browser.get(url(draft.get_absolute_url()))
    assert browser.find_element(By.CSS_SELECTOR, ".draft-banner")
    browser.get(url("/admin/workshops/workshop/"))
    browser.get(url(WORKSHOP + "sessions/session-i/"))
    time.sleep(1)  # what the worker does after a page came from the network

    kept = [address for addresses in kept_addresses(browser).values() for address in addresses]
    assert WORKSHOP + "sessions/session-i/" in kept  # asked for without cookies
    assert [address for address in kept if "secret" in address or "/admin/" in address] == []
    browser.delete_all_cookies()


def test_a_workshops_documents_are_kept_only_when_the_visitor_asks(browser, cable, media_root):
    DocumentFactory(
        workshop=Workshop.objects.get(slug=WORKSHOP.split("/")[-2]),
        title="Opening slides",
        file=ContentFile(b"%PDF-1.4 the slides", name="slides.pdf"),
    )
    browser.get(cable.url + WORKSHOP)
    wait_until_kept(browser)
    assert kept_addresses(browser).get("idm-files", []) == []

    offer = browser.find_element(By.CSS_SELECTOR, "[data-offline-files]")
    WebDriverWait(browser, 10).until(lambda d: offer.is_displayed(), "the button is offered")
    offer.find_element(By.TAG_NAME, "button").click()
    WebDriverWait(browser, 20).until(
        lambda d: (
            offer.find_element(By.CSS_SELECTOR, "[role=status]").text
            == "Saved on this device: the documents can be opened offline."
        ),
        "the documents are saved",
    )
    address = browser.find_element(By.LINK_TEXT, "Opening slides").get_attribute("href")

    cable.cut()

    read = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then((r) => r.text()).then(done, (error) => done(String(error)));",
        address,
    )
    assert read == "%PDF-1.4 the slides"
