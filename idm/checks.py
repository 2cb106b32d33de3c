"""The project's own system checks (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_MEMORY = "idm.caches.ProcessMemoryCache"


@register(Tags.caches, deploy=True)
def page_cache_is_shared(app_configs, **kwargs):
    """In production, the page cache in each process's memory (DJANGO_CACHE_URL=locmem://, the
    default) serves one app server only, keeping a copy of the pages in every worker."""
    if settings.DEBUG or settings.CACHES["default"]["BACKEND"] != LOCAL_MEMORY:
        return []
    return [
        Warning(
            "The page cache is in each process's memory (DJANGO_CACHE_URL=locmem://).",
            hint="Set DJANGO_CACHE_URL to one Redis that every app server shares, e.g. "
            "redis://cache.internal:6379/0: with locmem:// each worker keeps its own copy of "
            "the pages, and an edit made through one app server is not seen on the pages of "
            "another.",
            id="idm.W001",
        )
    ]
