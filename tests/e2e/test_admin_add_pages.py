"""Every add page of the admin saves from a real browser, as a member of the Editors group.

A browser sends every input of a form, the hidden and empty ones too; Django's test client
sends only the fields a test gives it. Both kinds of test are needed.
"""

import itertools

import pytest
from django.contrib import admin
from selenium.webdriver.common.by import By

from .admin import choose, form_errors, log_in, save, server_error, success_messages

pytestmark = pytest.mark.browser

# Registered in the admin, and not for editors to add: a visible decision, not an accident of
# the group's permissions. Countries come from ISO 3166-1 (loaded by a migration), accounts
# and groups are the administrators', django-axes' records are written by logins.
NOT_ADDED_BY_EDITORS = {
    "auth.Group",
    "auth.User",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "speakers.Country",
}


def test_the_models_editors_cannot_add_are_the_ones_decided(editor):
    addable = {
        model._meta.label
        for model in admin.site._registry
        if editor.has_perm(f"{model._meta.app_label}.add_{model._meta.model_name}")
    }
    registered = {model._meta.label for model in admin.site._registry}
    assert registered - addable == NOT_ADDED_BY_EDITORS


counter = itertools.count(1)


def fill_required_fields(driver):
    """What a hurried editor does: every required field, nothing else, with plain values."""
    form = driver.find_element(By.CSS_SELECTOR, "#content-main form")
    for field in form.find_elements(By.CSS_SELECTOR, "[required]"):
        name = field.get_attribute("name")
        if "__prefix__" in name or field.get_attribute("value"):
            continue
        classes = field.get_attribute("class") or ""
        number = next(counter)
        if "admin-autocomplete" in classes:
            choose(driver, name)
        elif field.tag_name == "select":
            options = [
                o for o in field.find_elements(By.TAG_NAME, "option") if o.get_attribute("value")
            ]
            options[0].click()
        elif "vDateField" in classes:
            field.send_keys("2007-10-08")
        elif "vTimeField" in classes:
            field.send_keys("07:00" if "start" in name else "07:30")
        elif field.get_attribute("type") == "number":
            field.send_keys(str(90 + number))
        elif "slug" in name:
            field.send_keys(f"added-in-a-browser-{number}")
        else:
            field.send_keys(f"Added in a browser {number}")


@pytest.mark.slow
def test_every_add_page_of_the_admin_index_saves_or_says_why(browser, site, editor):
    log_in(browser, site, "editor")
    browser.get(site("/admin/"))
    add_links = [
        a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "a.addlink")
    ]
    assert len(add_links) == len(admin.site._registry) - len(NOT_ADDED_BY_EDITORS)

    outcomes = {}
    for link in add_links:
        browser.get(link)
        fill_required_fields(browser)
        save(browser)
        page = link.removeprefix(site("/admin/"))
        if server_error(browser):
            outcomes[page] = "server error"
        elif success_messages(browser):
            outcomes[page] = "saved"
        else:
            outcomes[page] = "form error: " + "; ".join(form_errors(browser))
    assert outcomes == {page: "saved" for page in outcomes}
