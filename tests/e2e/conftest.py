"""Browser tests: one headless Chromium for the whole session, the live server with the
2007 seed workshop loaded for each test (transactional: the server thread must see it)."""

import os
import threading
from pathlib import Path

import pytest
from django.test import testcases

from tests.conftest import leave_out, on_sqlite
from tests.factories import editor_account
from tests.seed import load_seed

from .browser import Cable, chromium, forget_the_site, missing, reset_emulation

# `make test` runs the suite on SQLite and on PostgreSQL side by side, and each browser walk on
# one of them (TESTS_ONCE=1): the public pages and the admin's layout and add pages on SQLite,
# the database of `make run`; the long editing walks (a whole workshop, two editors at once, an
# expired login) and the walks at the venue (phone, offline) on PostgreSQL, production's: the
# live server's threads share the in-memory SQLite database's one connection, which two
# browsers saving at once strain. Both halves of `make test` then take about as long.
ON_SQLITE_WHEN_ONCE = {
    "test_accessibility.py",
    "test_flows.py",
    "test_admin.py",
    "test_admin_add_pages.py",
    "test_admin_editing.py",
}


def pytest_collection_modifyitems(config, items):
    if os.environ.get("TESTS_ONCE") != "1":
        return
    here = Path(__file__).parent
    elsewhere = [
        item
        for item in items
        if item.path.parent == here and (item.path.name in ON_SQLITE_WHEN_ONCE) != on_sqlite()
    ]
    leave_out(config, items, elsewhere)


@pytest.fixture(scope="session", autouse=True)
def uploads_through_the_app():
    """Django's live server sends /media/ from MEDIA_ROOT itself, past the view that decides who
    may download a file (idm.media): the browser must get what visitors get."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(testcases._MediaFilesHandler, "_should_handle", lambda self, path: False)
        yield


@pytest.fixture(scope="session")
def browser(django_db_setup, live_server):
    """Asks for the test database and the live server first, so that they outlive the
    browser: when it quits, the live server's threads that served its kept-alive
    connections end and close their database connections before the server stops and the
    test database is dropped (PostgreSQL refuses to drop a database still in use)."""
    if problem := missing():
        pytest.fail(problem, pytrace=False)
    with chromium() as driver:
        yield driver
    for thread in threading.enumerate():
        if "process_request_thread" in thread.name:
            thread.join(timeout=5)


@pytest.fixture
def site(browser, live_server, transactional_db, django_db_serialized_rollback):
    """The live server with the seed fixture loaded; returns a function turning a path into a
    URL. Serialized rollback brings back the countries and groups that migrations created,
    which the flush after each transactional test removes."""
    load_seed()
    yield lambda path: live_server.url + path
    reset_emulation(browser)
    browser.delete_all_cookies()
    forget_the_site(browser, live_server.url)


@pytest.fixture
def editor(site):
    """A member of the Editors group, with no browser logged in yet (see admin.log_in)."""
    return editor_account()


@pytest.fixture
def page(browser, site):
    """Opens a path in the browser and returns the driver."""

    def open_path(path):
        browser.get(site(path))
        return browser

    return open_path


@pytest.fixture
def cable(browser, live_server, site):
    cable = Cable(live_server.url)
    yield cable
    forget_the_site(browser, cable.url)
    cable.cut()
