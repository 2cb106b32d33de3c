"""What editors see in the admin, in a real browser: pages that fit a laptop's screen."""

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from speakers.models import Organization, Speaker
from workshops.models import (
    DialogueYear,
    Document,
    Footnote,
    GuidingQuestion,
    PolicyExample,
    Publication,
    PublicationPart,
    Section,
    Session,
    Topic,
    Workshop,
)

from .browser import emulate, language

pytestmark = pytest.mark.browser

# A common laptop screen, the narrowest the editors work on.
SCREEN = (1366, 768)
# The admin's languages: French and Spanish labels and choices are longer than English ones.
LANGUAGES = ["en", "fr", "es"]
MODELS = [
    Workshop,
    Session,
    Speaker,
    Organization,
    PolicyExample,
    Document,
    GuidingQuestion,
    Topic,
    DialogueYear,
    Publication,
    PublicationPart,
    Section,
    Footnote,
]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def editor(browser, site, django_user_model):
    """The browser logged in as a member of the Editors group (session cookie of a test
    client's login: the login page itself is Django's)."""
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(user)
    browser.get(site("/admin/login/"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": cookie, "path": "/"})
    return user


def admin_pages():
    """Every list and change page of the content, the seed's richest rows on them: the
    workshop with its agenda and partners, Session II with its speakers and documents, the
    report with its sections and notes."""
    pages = [admin_url(model, "changelist") for model in MODELS]
    session = Session.objects.get(slug="session-ii")
    items = [
        Workshop.objects.get(),
        session,
        session.speakers.first(),
        Organization.objects.order_by("-name").first(),
        PolicyExample.objects.first(),
        session.documents.first(),
        session.guiding_questions.first(),
        Topic.objects.first(),
        DialogueYear.objects.get(),
        Publication.objects.get(),
        PublicationPart.objects.get(kind="report"),
        Section.objects.get(anchor="conclusion"),
        Footnote.objects.first(),
    ]
    pages += [admin_url(type(item), "change", item.pk) for item in items]
    pages += [admin_url(model, "add") for model in (Workshop, Session, Document)]
    return pages


# What the page takes across, and on a change list its results: Django's admin puts them in a
# box that scrolls sideways, so a page may fit while its table does not.
WIDTHS = """
const results = document.querySelector('#changelist-form .results');
return {
    language: document.documentElement.lang,
    page: document.documentElement.scrollWidth,
    results: results && results.scrollWidth,
    box: results && results.clientWidth,
    filter: Boolean(document.getElementById('changelist-filter')),
};
"""


@pytest.mark.slow
def test_admin_pages_fit_a_1366_pixel_screen_in_each_language(browser, site, editor):
    """Each page, and each change list's results beside the filter, in each language.

    The filter shows as it does by default; a second IDM year makes the lists that filter by
    year show it too (a filter with a single choice is not shown).
    """
    pages = admin_pages()
    DialogueYear.objects.create(year=2008)
    registry = admin.site._registry
    filtered = {admin_url(m, "changelist") for m in MODELS if registry[m].get_list_filter(None)}
    emulate(browser, *SCREEN)
    too_wide, results_too_wide = {}, {}
    for code in LANGUAGES:
        with language(browser, code):
            for path in pages:
                browser.get(site(path))
                assert browser.find_elements("id", "content"), f"{path} did not open"
                assert "login" not in browser.current_url, path
                width = browser.execute_script(WIDTHS)
                assert width["language"] == code, path
                if width["page"] > SCREEN[0]:
                    too_wide[f"{code} {path}"] = width["page"]
                if width["results"] is None:
                    continue
                assert width["filter"] == (path in filtered), f"{code} {path}: the filter"
                if width["results"] > width["box"]:
                    results_too_wide[f"{code} {path}"] = f"{width['results']} in {width['box']}"
    assert {"pages": too_wide, "results": results_too_wide} == {"pages": {}, "results": {}}


def test_session_page_says_once_that_times_are_geneva_time_in_another_time_zone(
    browser, site, editor
):
    """Django's date and time inputs would each say "Note: You are 6 hours behind server
    time." in New York: the page says once that every time is Geneva time instead."""
    browser.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": "America/New_York"})
    try:
        session = Session.objects.get(slug="session-ii")
        browser.get(site(admin_url(Session, "change", session.pk)))
        content = browser.find_element("id", "content").text
        warnings = [
            warning.is_displayed()
            for warning in browser.find_elements("css selector", ".timezonewarning")
        ]
        start = browser.find_element("id", "id_start_time").get_attribute("value")
    finally:
        browser.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": ""})

    assert content.count("All dates and times are Geneva time (Europe/Zurich).") == 1
    assert "server time" not in content
    assert warnings, "DateTimeShortcuts.js no longer adds its note: drop the rule in admin.css"
    assert not any(warnings)
    assert start == f"{session.start_time:%H:%M}"
