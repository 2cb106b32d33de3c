"""An organizer enters a whole workshop in the admin, in Chromium, as a member of the Editors
group: people, a topic, the workshop and its agenda, who speaks, questions, a document and a
policy example; publishes it, sees it on the site, unpublishes it and prepares next year's."""

import pytest
from PIL import Image
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select

from speakers.models import Speaker
from workshops.models import Document, Session, Workshop

from .admin import (
    add_inline_row,
    choose,
    fill,
    form_errors,
    log_in,
    press,
    save,
    server_error,
    success_messages,
    wait,
)

pytestmark = pytest.mark.browser

TITLE = "Migration and Climate Change"
# Typed by the editor beside the English title.
TITLE_FR = "Migrations et changement climatique"
SLUG = "migration-and-climate-change"
PUBLIC = f"/en/workshops/{SLUG}/"


@pytest.fixture
def files(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "amina-diallo.png"
    Image.new("RGB", (60, 60), (30, 90, 160)).save(photo)
    paper = tmp_path / "background-paper.pdf"
    paper.write_bytes(b"%PDF-1.4\n% the background paper\n")
    return {"photo": str(photo), "paper": str(paper)}


def saved(driver):
    """The admin answered a save with its success message (not a form error, not a 500)."""
    assert not server_error(driver), driver.current_url
    assert success_messages(driver), form_errors(driver)
    return success_messages(driver)[0]


def add_session_row(driver, date, start, end, kind, title, number=""):
    row = add_inline_row(driver, "sessions-group")
    fill(driver, f"{row}-date", date)
    fill(driver, f"{row}-start_time", start)
    fill(driver, f"{row}-end_time", end)
    Select(driver.find_element(By.NAME, f"{row}-kind")).select_by_value(kind)
    if number:
        fill(driver, f"{row}-number", number)
    fill(driver, f"{row}-title_en", title)
    slug = driver.find_element(By.NAME, f"{row}-slug")
    wait(driver, lambda d: slug.get_attribute("value"), "the slug follows the title")


def add_participant(driver, speaker, role, on_behalf_of=""):
    row = add_inline_row(driver, "participants-group")
    choose(driver, f"{row}-speaker", speaker)
    Select(driver.find_element(By.NAME, f"{row}-role")).select_by_value(role)
    if on_behalf_of:
        choose(driver, f"{row}-on_behalf_of", on_behalf_of)
    return row


def add_speaker_in_popup(driver, row, full_name, sort_name):
    """The "+" next to a session row's speaker box: a new person in a popup window."""
    main = driver.current_window_handle
    driver.find_element(By.ID, f"add_id_{row}-speaker").click()
    wait(driver, lambda d: len(d.window_handles) == 2, "the popup opened")
    driver.switch_to.window(next(h for h in driver.window_handles if h != main))
    fill(driver, "full_name", full_name)
    fill(driver, "sort_name", sort_name)
    driver.find_element(By.CSS_SELECTOR, "input[name=_save]").click()
    wait(driver, lambda d: len(d.window_handles) == 1, "the popup closed after saving")
    driver.switch_to.window(main)
    wait(
        driver,
        lambda d: full_name in d.find_element(By.ID, f"select2-id_{row}-speaker-container").text,
        "the new person is chosen in the row",
    )


def status_of(driver, url):
    """The HTTP status of a GET from the page, as the visitor's browser would get it."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then((response) => done(response.status), () => done(0));",
        url,
    )


def add_year_in_popup(driver, year, theme):
    """The "+" next to the IDM year: a year not in the list yet, added in a popup window."""
    main = driver.current_window_handle
    driver.find_element(By.ID, "add_id_dialogue_year").click()
    wait(driver, lambda d: len(d.window_handles) == 2, "the popup opened")
    driver.switch_to.window(next(h for h in driver.window_handles if h != main))
    fill(driver, "year", year)
    fill(driver, "theme_en", theme)
    driver.find_element(By.CSS_SELECTOR, "input[name=_save]").click()
    wait(driver, lambda d: len(d.window_handles) == 1, "the popup closed after saving")
    driver.switch_to.window(main)
    chosen = Select(driver.find_element(By.NAME, "dialogue_year")).first_selected_option
    assert chosen.text.startswith(year)


def run_action(driver, url, action, title):
    driver.get(url("/admin/workshops/workshop/"))
    row = driver.find_element(By.XPATH, f"//tr[.//a[normalize-space()='{title}']]")
    row.find_element(By.CSS_SELECTOR, "input.action-select").click()
    Select(driver.find_element(By.NAME, "action")).select_by_value(action)
    press(driver, driver.find_element(By.CSS_SELECTOR, "button[name=index]"))
    return saved(driver)


@pytest.mark.slow
def test_organizer_enters_publishes_unpublishes_and_duplicates_a_whole_workshop(
    browser, site, editor, files
):
    driver = browser
    log_in(driver, site, "editor")

    # People and a topic.
    driver.get(site("/admin/speakers/organization/add/"))
    fill(driver, "name_en", "Ministry of Labour and Employment")
    fill(driver, "acronym_en", "MLE")
    save(driver)
    saved(driver)

    driver.get(site("/admin/speakers/speaker/add/"))
    fill(driver, "full_name", "Amina Diallo")
    fill(driver, "sort_name", "Diallo, Amina")
    choose(driver, "organization", "Ministry of Labour and")
    driver.find_element(By.NAME, "photo").send_keys(files["photo"])
    save(driver)
    saved(driver)
    assert Speaker.objects.get(slug="amina-diallo").photo

    driver.get(site("/admin/workshops/topic/add/"))
    fill(driver, "name_en", "Climate and migration")
    save(driver)
    saved(driver)

    # The workshop with its agenda over two days.
    driver.get(site("/admin/workshops/workshop/add/"))
    fill(driver, "title_en", TITLE)
    fill(driver, "title_fr", TITLE_FR)
    add_year_in_popup(driver, "2031", "Human mobility in a changing climate")
    fill(driver, "start_date", "2031-05-06")
    fill(driver, "end_date", "2031-05-07")
    fill(driver, "summary_en", "Two days on the effects of climate change on human mobility.")
    add_session_row(driver, "2031-05-06", "09:00", "09:30", "registration", "Registration")
    add_session_row(driver, "2031-05-06", "09:30", "10:00", "welcome", "Welcome remarks")
    add_session_row(driver, "2031-05-06", "10:00", "12:00", "panel", "Evidence", number="1")
    add_session_row(driver, "2031-05-06", "12:00", "12:15", "break", "Coffee break")
    add_session_row(driver, "2031-05-07", "10:00", "12:00", "panel", "Policies", number="2")
    save(driver, "_continue")
    saved(driver)
    workshop = Workshop.objects.get(slug=SLUG)
    assert workshop.status == Workshop.Status.DRAFT
    assert workshop.sessions.count() == 5

    # Who speaks in Session I, its questions and a paper.
    evidence = workshop.sessions.get(number=1)
    driver.get(site(f"/admin/workshops/session/{evidence.pk}/change/"))
    add_participant(driver, "Ibrahim Awad", "moderator")
    add_participant(driver, "Amina Diallo", "speaker")
    row = add_inline_row(driver, "participants-group")
    add_speaker_in_popup(driver, row, "Kofi Mensah", "Mensah, Kofi")
    add_participant(driver, "Michele Klein Solomon", "speaker", on_behalf_of="Brunson McKinley")
    for text in ["What do we know of climate-related moves?", "Which data are missing?"]:
        question = add_inline_row(driver, "guiding_questions-group")
        fill(driver, f"{question}-text_en", text)
    document = add_inline_row(driver, "documents-group")
    fill(driver, f"{document}-title_en", "Background paper")
    Select(driver.find_element(By.NAME, f"{document}-kind")).select_by_value("background_paper")
    driver.find_element(By.NAME, f"{document}-file").send_keys(files["paper"])
    save(driver)
    saved(driver)
    assert evidence.participants.count() == 4
    assert evidence.guiding_questions.count() == 2
    assert Document.objects.get(session=evidence).file

    policies = workshop.sessions.get(number=2)
    driver.get(site(f"/admin/workshops/session/{policies.pk}/change/"))
    question = add_inline_row(driver, "guiding_questions-group")
    fill(driver, f"{question}-text_en", "Which policies help people who move?")
    save(driver)
    saved(driver)

    driver.get(site("/admin/workshops/policyexample/add/"))
    fill(driver, "title_en", "Seasonal work permits after droughts")
    fill(driver, "summary_en", "Permits for farm work offered to people from drought areas.")
    choose(driver, "workshop", TITLE)
    choose(driver, "session", "Evidence")
    choose(driver, "topics", "Climate")
    save(driver)
    saved(driver)

    # A draft is nobody's business but the editors'.
    driver.delete_all_cookies()
    driver.get(site(PUBLIC))
    assert driver.find_element(By.TAG_NAME, "h1").text != TITLE
    log_in(driver, site, "editor")

    assert "1 workshop was published." in run_action(driver, site, "publish", TITLE)
    driver.delete_all_cookies()
    driver.get(site(PUBLIC))
    assert driver.find_element(By.TAG_NAME, "h1").text == TITLE
    agenda = driver.execute_script(
        "return [...document.querySelectorAll('.agenda-item .title')]"
        ".map((title) => title.firstChild.textContent.trim())"
    )
    assert agenda == [
        "Registration",
        "Welcome remarks",
        "Session I: Evidence",
        "Coffee break",
        "Session II: Policies",
    ]
    driver.get(site(PUBLIC.replace("/en/", "/fr/")))
    heading = driver.find_element(By.TAG_NAME, "h1")
    assert (heading.text, heading.get_dom_attribute("lang")) == (TITLE_FR, None)
    assert driver.find_element(By.CSS_SELECTOR, ".language-note").is_displayed()
    driver.get(site(PUBLIC + "sessions/evidence/"))
    page = driver.find_element(By.TAG_NAME, "main").text
    for words in [
        "Ibrahim Awad",
        "Amina Diallo",
        "Kofi Mensah",
        "Michele Klein Solomon",
        "Which data are missing?",
        "Background paper",
    ]:
        assert words in page
    paper = driver.find_element(By.CSS_SELECTOR, "a[href*='/media/documents/']")
    paper_url = paper.get_attribute("href")
    assert status_of(driver, paper_url) == 200
    driver.get(site("/en/policy-examples/seasonal-work-permits-after-droughts/"))
    page = driver.find_element(By.TAG_NAME, "main").text
    assert "Session I: Evidence" in page
    assert "Climate and migration" in page
    driver.get(site("/en/speakers/amina-diallo/"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Amina Diallo"

    log_in(driver, site, "editor")
    assert "1 workshop was unpublished." in run_action(driver, site, "unpublish", TITLE)
    driver.delete_all_cookies()
    driver.get(site(PUBLIC))
    assert driver.find_element(By.TAG_NAME, "h1").text != TITLE
    assert status_of(driver, paper_url) == 404

    # Next year's edition, from a copy.
    log_in(driver, site, "editor")
    message = run_action(driver, site, "duplicate_as_draft", TITLE)
    assert message.startswith("Created the draft")
    driver.find_element(By.CSS_SELECTOR, ".messagelist .success a").click()
    wait(driver, lambda d: d.find_elements(By.NAME, "title_en"), "the copy's page")
    fill(driver, "title_en", "Migration and Climate Change: Two Years On")
    save(driver)
    saved(driver)
    copy = Workshop.objects.get(title="Migration and Climate Change: Two Years On")
    assert (copy.status, copy.start_date.year) == (Workshop.Status.DRAFT, 2032)
    assert copy.sessions.count() == Session.objects.filter(workshop=workshop).count()
