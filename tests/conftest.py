import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from tests.factories import editor_account


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
    memory = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    settings.CACHES = {
        "default": {**memory, "LOCATION": "test-pages"},
        "versions": {**memory, "LOCATION": "test-versions"},
    }
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
