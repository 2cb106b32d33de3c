"""What participants and researchers do on the public site, in a real browser."""

from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.wait import WebDriverWait

from .browser import WORKSHOP, emulate, path_becomes

pytestmark = pytest.mark.browser

DASH = "\N{EN DASH}"
TITLE = "Making Global Labour Mobility a Catalyst for Development"


def query_has(driver, name):
    WebDriverWait(driver, 10).until(
        lambda d: (
            name in parse_qs(urlsplit(d.current_url).query)
            and d.execute_script("return document.readyState") == "complete"
        ),
        f"expected ?{name}= in the URL",
    )


def text(driver, css="main"):
    return driver.find_element(By.CSS_SELECTOR, css).text


def test_participant_finds_the_workshop_agenda_and_a_session(page):
    driver = page("/")
    assert urlsplit(driver.current_url).path == "/en/"
    driver.find_element(By.LINK_TEXT, TITLE).click()

    path_becomes(driver, WORKSHOP)
    assert driver.find_element(By.TAG_NAME, "h1").text == TITLE
    days = [h.text for h in driver.find_elements(By.CSS_SELECTOR, ".agenda-day h3")]
    assert [day.split(":")[0] for day in days] == ["Day 1", "Day 2"]
    assert "8 October 2007" in days[0]
    times = [t.text for t in driver.find_elements(By.CSS_SELECTOR, ".agenda-item .time")]
    assert f"11:00{DASH}13:00" in times
    assert times[0] == f"09:00{DASH}10:00"

    driver.find_element(By.PARTIAL_LINK_TEXT, "Session I:").click()
    path_becomes(driver, WORKSHOP + "sessions/session-i/")
    people = text(driver, "section[aria-labelledby=people]")
    assert "Moderator:" in people
    assert "Ibrahim Awad" in people
    questions = driver.find_elements(By.CSS_SELECTOR, "section[aria-labelledby=questions] li")
    assert len(questions) == 5
    assert all(q.text.endswith("?") for q in questions)


def test_researcher_filters_policy_examples_by_country_and_topic(page):
    driver = page("/en/")
    driver.find_element(By.LINK_TEXT, "Policy examples").click()
    path_becomes(driver, "/en/policy-examples/")
    assert "22 results" in text(driver, ".result-count")

    Select(driver.find_element(By.NAME, "country")).select_by_visible_text("Spain")
    Select(driver.find_element(By.NAME, "topic")).select_by_visible_text("Remittances")
    driver.find_element(By.CSS_SELECTOR, "form.filters button[type=submit]").click()
    query_has(driver, "country")

    query = parse_qs(urlsplit(driver.current_url).query)
    assert query["country"] == ["ES"]
    assert query["topic"] == ["remittances"]
    titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "main article h2 a")]
    assert "Spain and Ecuador: agreement on the transfer costs of remittances" in titles
    count = text(driver, ".result-count")
    assert count == f"{len(titles)} result" + ("s" if len(titles) != 1 else "")
    # The form shows the filters that produced the results.
    assert Select(driver.find_element(By.NAME, "country")).first_selected_option.text == "Spain"


def test_language_switcher_keeps_the_page(page):
    driver = page(WORKSHOP + "sessions/session-i/")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"

    driver.find_element(By.CSS_SELECTOR, '.language-switcher a[hreflang="fr"]').click()

    path_becomes(driver, "/fr/" + WORKSHOP.removeprefix("/en/") + "sessions/session-i/")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert "Ibrahim Awad" in text(driver)
    current = driver.find_element(By.CSS_SELECTOR, '.language-switcher a[aria-current="page"]')
    assert current.get_attribute("lang") == "fr"
    assert current.text == "Français"
    # Links keep the language: the brand leads to the French home page.
    driver.find_element(By.CSS_SELECTOR, ".brand").click()
    path_becomes(driver, "/fr/")


def test_a_reader_follows_a_note_and_comes_back(page):
    driver = page(WORKSHOP + "publications/red-book/report/")
    driver.find_element(By.LINK_TEXT, "CONCLUSION AND KEY PRINCIPLES").click()
    assert urlsplit(driver.current_url).fragment == "conclusion"
    marker = driver.find_element(By.CSS_SELECTOR, "#knowledge-base sup.footnote-ref a")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", marker)
    marker.click()
    assert urlsplit(driver.current_url).fragment == "fn:5"
    note = driver.find_element(By.ID, "fn:5")
    assert note.text.startswith("GMG is an inter-agency group")
    note.find_element(By.CSS_SELECTOR, "a.footnote-back").click()
    assert urlsplit(driver.current_url).fragment == "fnref:5"
    assert driver.execute_script("return window.scrollY") > 0


def test_phone_width_has_no_horizontal_scroll_and_a_usable_nav(browser, page):
    emulate(browser, 360, 740, mobile=True)
    paths = [WORKSHOP, WORKSHOP + "sessions/session-i/", "/en/policy-examples/"]
    # The longest texts, with their notes' long addresses.
    paths += [WORKSHOP + "publications/red-book/report/", "/en/about/"]
    for path in paths:
        driver = page(path)
        assert driver.execute_script("return window.innerWidth") == 360
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways: {width}px"

    driver = page(WORKSHOP)
    links = driver.find_elements(By.CSS_SELECTOR, "nav.site-nav a")
    assert len(links) >= 5
    for link in links:
        box = link.rect
        assert link.is_displayed()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, link.text
        assert box["height"] >= 16, link.text
    driver.find_element(By.CSS_SELECTOR, "nav.site-nav").find_element(
        By.LINK_TEXT, "Speakers"
    ).click()
    path_becomes(driver, "/en/speakers/")


def test_skip_link_is_the_first_thing_tab_reaches(page):
    driver = page(WORKSHOP)
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    focused = driver.switch_to.active_element
    assert focused.text == "Skip to content"
    assert focused.get_attribute("href").endswith("#main")
    assert focused.is_displayed() and focused.rect["x"] >= 0

    focused.send_keys(Keys.ENTER)
    assert driver.current_url.endswith("#main")


def test_participant_stars_a_session_and_finds_it_in_my_agenda(page):
    driver = page(WORKSHOP)
    session_i = driver.find_element(
        By.XPATH, "//li[contains(@class,'agenda-item')][.//a[starts-with(., 'Session I:')]]"
    )
    star = session_i.find_element(By.CSS_SELECTOR, "button.star")
    assert star.get_attribute("aria-pressed") == "false"
    star.click()
    assert star.get_attribute("aria-pressed") == "true"
    assert star.find_element(By.CSS_SELECTOR, ".star-label").text == "Starred"
    my_agenda = driver.find_element(By.CSS_SELECTOR, "nav a[data-my-agenda]")
    assert my_agenda.text == "My agenda (1)"

    my_agenda.click()
    path_becomes(driver, "/en/my-agenda/")
    titles = [a.text for a in driver.find_elements(By.CSS_SELECTOR, "main .agenda-item .title a")]
    assert len(titles) == 1
    assert titles[0].startswith("Session I: Towards More Effective Labour Migration Management")
    assert "Ibrahim Awad" in text(driver)

    # Kept in the browser: opening "My agenda" afresh shows the same star.
    driver.get(driver.current_url.split("?")[0])
    query_has(driver, "s")
    driver.find_element(By.CSS_SELECTOR, "main button.star[aria-pressed=true]").click()
    WebDriverWait(driver, 10).until(
        lambda d: "You have not starred any sessions yet." in text(d), "unstarring empties it"
    )
