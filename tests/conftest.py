import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation


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
