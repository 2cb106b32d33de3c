"""The cache of pages in each process's memory (DJANGO_CACHE_URL=locmem://, the default)."""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class ProcessMemoryCache(LocMemCache):
    """Django's local-memory cache, bounded in bytes as well as in entries: once its entries
    (pickled) take more than OPTIONS["MAX_BYTES"], the least recently used go."""

    def __init__(self, name, params):
        super().__init__(name, params)
        self.max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 32 * 1024 * 1024))

    def _set(self, key, value, timeout=DEFAULT_TIMEOUT):
        super()._set(key, value, timeout)  # under the cache's lock, as the callers hold it
        size = sum(map(len, self._cache.values()))
        while size > self.max_bytes and len(self._cache) > 1:
            old_key, old_value = self._cache.popitem()  # the least recently used
            del self._expire_info[old_key]
            size -= len(old_value)
