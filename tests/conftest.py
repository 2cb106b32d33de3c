import os

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.test import override_settings
from django.utils import translation

from tests.factories import editor_account
from tests.seed import WORKSHOP_SLUG, load_seed
from workshops.models import Workshop

_MEMORY = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
# The caches of the tests: the pages and the content version in this process's memory.
TEST_CACHES = {
    "default": {**_MEMORY, "LOCATION": "test-pages"},
    "versions": {**_MEMORY, "LOCATION": "test-versions"},
}


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in English: a request under /fr/ or /es/ leaves its language active
    in the thread, so code run outside a request would otherwise speak French or Spanish."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def page_cache(settings):
    """An empty page cache of this process for each test. By default the content version is in
    a file that every process on the machine shares, other test runs included."""
    settings.CACHES = TEST_CACHES
    caches["default"].clear()
    caches["versions"].clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Accounts with a password: the default hasher would take a second a login."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(client, db):
    """The test client logged in as a member of the Editors group."""
    user = editor_account()
    client.force_login(user)
    return user


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# The seed workshop, loaded once for the tests that ask for it (`seed`) and only read it.
#
# Tests that ask for `seed` run one after another (pytest_collection_modifyitems). Before the
# first, the seed is loaded in a transaction that stays open; each test runs inside it in a
# savepoint of its own (pytest-django's TestCase), so what a test writes is rolled back as
# usual. The transaction is rolled back before the first test that did not ask for the seed:
# no other test sees it. A test that runs in no transaction (transactional_db, live_server:
# they flush the database) cannot share it and loads the seed itself.


def uses_shared_seed(item):
    if item is None or "seed" not in getattr(item, "fixturenames", ()):
        return False
    names = item.fixturenames
    marker = item.get_closest_marker("django_db")
    flushes = marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )
    return not (flushes or "transactional_db" in names or "live_server" in names)


class SharedSeed:
    """The seed in a transaction left open across the tests that share it."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomic = None

    def open(self):
        # The test caches: loading changes the content version, which the default settings
        # keep in a file that other processes share.
        with self.blocker.unblock(), override_settings(CACHES=TEST_CACHES):
            self.atomic = transaction.atomic()
            # As Django's TestCase marks its own: `atomic(durable=True)` inside still works.
            self.atomic._from_testcase = True
            self.atomic.__enter__()
            load_seed()

    def close(self):
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


_shared_seed = {"seed": None, "item": None}


@pytest.fixture(scope="session")
def shared_seed(django_db_setup, django_db_blocker):
    """Set up before the function-scoped fixtures of the first test that asks for the seed,
    so before pytest-django opens that test's transaction."""
    shared = _shared_seed["seed"] = SharedSeed(django_db_blocker)
    if uses_shared_seed(_shared_seed["item"]):
        shared.open()
    yield shared
    if shared.atomic is not None:
        shared.close()
    _shared_seed["seed"] = None


@pytest.fixture
def seed(shared_seed, db):
    """The 2007 seed workshop (fixtures/idm_2007.json) in the database; returns the Workshop.
    For tests that read it: what they write is rolled back, but the seed is loaded once."""
    if shared_seed.atomic is None:
        load_seed()
    return Workshop.objects.get(slug=WORKSHOP_SLUG)


def on_sqlite():
    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def uses_database(item):
    """pytest-django lets a test reach the test database only through its marker or one of
    its fixtures (they all need `_django_db_helper`)."""
    return bool(item.get_closest_marker("django_db")) or "_django_db_helper" in item.fixturenames


def leave_out(config, items, left_out):
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Leaves out the tests marked `topology` unless `-m` names them (`make topology`): they
    start the production set-up, a step of its own after `make test`. On SQLite, leaves out the
    tests marked `postgresql`, which need what only PostgreSQL has. When `make test` runs
    the suite on both databases (TESTS_ONCE=1), the tests that use no database run on SQLite
    only: on PostgreSQL they would run the very same code again.

    Then puts the tests that share the seed together, where the first of them was: after
    pytest-django's sort, so among the tests that run in a transaction."""
    if "topology" not in config.option.markexpr:
        leave_out(config, items, [item for item in items if item.get_closest_marker("topology")])
    if on_sqlite():
        leave_out(config, items, [item for item in items if item.get_closest_marker("postgresql")])
    elif os.environ.get("TESTS_ONCE") == "1":
        leave_out(config, items, [item for item in items if not uses_database(item)])
    sharing = [item for item in items if uses_shared_seed(item)]
    if not sharing:
        return
    position = items.index(sharing[0])
    rest = [item for item in items if not uses_shared_seed(item)]
    items[:] = rest[:position] + sharing + rest[position:]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    _shared_seed["item"] = item
    shared = _shared_seed["seed"]
    if shared is not None and shared.atomic is None and uses_shared_seed(item):
        shared.open()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        shared = _shared_seed["seed"]
        if shared is not None and shared.atomic is not None and not uses_shared_seed(nextitem):
            shared.close()
