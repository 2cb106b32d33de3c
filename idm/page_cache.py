"""Whole public pages kept in the cache, never served once the content has changed.

One value, the content version, changes with every save, delete or many-to-many change of the
content (the models of the speakers and workshops apps: see `watch`). Pages are stored under a
key made of that version and of what the page depends on: scheme, host, path, the query
parameters that the view reads (sorted), the language and, for the API, the media type it
answers in. After a change the next request computes a new key, misses, and renders the page
again; pages stored under an old version are never read again and expire.

Only views that say which query parameters they read are cached (`query_parameters`); the
others are dropped from the request before the view sees it, so that any number of addresses
that differ only by them are one page, kept once, and the page never repeats them (in its
links). The API's views choose their media type from the Accept header and `?format=`: the
request's Accept header becomes the type they would choose, and that type is in the key, not
whatever header was sent. Pages larger than settings.PAGE_CACHE_MAX_SIZE are not kept; in
each process's memory (locmem://), the least recently used pages go once all of them take
more than its MAX_BYTES (idm.caches.ProcessMemoryCache): the values a view reads can be spelt
in endless ways (`?p=13`, `?p=013`), each a key of its own.

The version changes twice: at once, and again when the transaction commits, so that a page
rendered between the two, from the data as it was before the commit, is not found afterwards.

A hit costs two cache reads (version, page) and neither the database nor a template. A hit
for a request with a session cookie costs a query more: if the cookie names a live session
(an editor's, who may preview drafts), the request goes to the view; a made-up one gets the
page. Pages rendered for a request with a session cookie are never stored; nor are answers
other than 200, answers that set a cookie, vary on a header the key does not cover, or ask
not to be cached (drafts are sent with never-cache headers).
A page that shows what is current (the session running now, upcoming workshops) says until
when it may be kept with `keep_until`.

Keys also carry the release (settings.RELEASE): pages rendered by the code of an earlier
deployment are not served by the next one.

When the cache cannot be reached (Redis down), pages are rendered and served without it; a
save, which must change the version, fails instead, as a 503 (idm.middleware), and its
transaction is rolled back: otherwise the cache, once back, could serve pages older than it.
"""

import hashlib
import logging
import math
import time
from importlib import import_module
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re, get_max_age, set_response_etag
from django.utils.encoding import escape_uri_path
from redis.exceptions import RedisError
from rest_framework.exceptions import NotAcceptable
from rest_framework.request import Request
from rest_framework.views import APIView

VERSION_KEY = "idm:content-version"
# Headers a cached page may vary on: the key covers them (Cookie: only the language cookie
# matters to an anonymous request, and the language is in the key).
COVERED_VARY = {"accept", "accept-language", "cookie"}
PRIVATE = {"private", "no-cache", "no-store"}
# What the cache backends raise when their store cannot be reached or written: Redis's errors,
# and the file system's for the file-based "versions" cache of a single server.
CACHE_ERRORS = (RedisError, OSError)
# After a failure, this process leaves that cache alone for so many seconds: a Redis that does
# not answer would otherwise cost every request a timeout for each cache call.
PAUSE_AFTER_FAILURE = 5

logger = logging.getLogger(__name__)


class CacheUnavailable(Exception):
    """The cache could not be reached, now or a moment ago (see cache_call)."""


def cache_call(cache, method, *args, **kwargs):
    """`cache.<method>(*args, **kwargs)`, or CacheUnavailable when the store cannot be reached.

    The pause is kept on the cache object, which Django makes for each thread (and anew when
    the settings change, as in tests).
    """
    if time.monotonic() < getattr(cache, "idm_paused_until", 0.0):
        raise CacheUnavailable("paused after a failure")
    try:
        return getattr(cache, method)(*args, **kwargs)
    except CACHE_ERRORS as error:
        cache.idm_paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
        raise CacheUnavailable(error) from error


def content_version():
    """The current version; kept in the "versions" cache, which all app processes share."""
    versions = caches["versions"]
    version = cache_call(versions, "get", VERSION_KEY)
    if version is None:
        # First request, or the cache lost it: a value no earlier version can have had.
        cache_call(versions, "add", VERSION_KEY, time.time_ns(), timeout=None)
        version = cache_call(versions, "get", VERSION_KEY)
    return version


def new_version():
    cache_call(caches["versions"], "set", VERSION_KEY, time.time_ns(), timeout=None)


def content_changed(**kwargs):
    """Receiver of the content's save, delete and m2m signals; also called after bulk writes.

    A failure at once refuses the change; after the commit, it is only logged: the change is
    saved and the first new version hides the pages from before it.
    """
    new_version()
    transaction.on_commit(new_version_after_commit)


def new_version_after_commit():
    try:
        new_version()
    except CacheUnavailable as error:
        logger.error("Content version not changed after a commit: %s", error)


def watch(*app_labels):
    """Change the version whenever a model of these apps, or one of their m2m, changes."""
    for label in app_labels:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            uid = f"page-cache-{model._meta.label}"
            post_save.connect(content_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
            # Sent with the through model as sender, its own or one Django made: add() to a
            # relation with its own through model saves the rows without post_save.
            m2m_changed.connect(content_changed, sender=model, dispatch_uid=uid)


def keep_until(response, moment):
    """The page shows what is current until `moment` (an aware datetime): keep it no longer."""
    earlier = getattr(response, "keep_until", None)
    response.keep_until = moment if earlier is None else min(earlier, moment)


def reads(*parameters):
    """Says which query parameters a view function reads (see query_parameters)."""

    def declare(view):
        view.query_parameters = parameters
        return view

    return declare


def query_parameters(view):
    """The query parameters that `view` reads, as it declares them in `query_parameters`: the
    view function (`reads`), or its class (Django's `view_class`, DRF's `cls`). None when it
    declares nothing: its pages are not cached."""
    for owner in (view, getattr(view, "view_class", None), getattr(view, "cls", None)):
        parameters = getattr(owner, "query_parameters", None)
        if parameters is not None:
            return frozenset(parameters)
    return None


def resolved(request, language):
    """The URL's match, as Django will resolve it (in the request's language), or None."""
    with translation.override(language):
        try:
            return resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None


def keep_only(request, parameters):
    """Drops the query parameters that the view does not read from the request; returns the
    others as sorted (name, value) pairs (by name: the order of repeated ones is kept)."""
    if set(request.GET) - parameters:
        kept = QueryDict(mutable=True)
        for name in sorted(parameters & set(request.GET)):
            kept.setlist(name, request.GET.getlist(name))
        request.META["QUERY_STRING"] = kept.urlencode()
        request.GET = QueryDict(request.META["QUERY_STRING"])
    return [(name, value) for name in sorted(request.GET) for value in request.GET.getlist(name)]


def answer_type(request, match):
    """The media type that the view will answer in: for the API's views, the one that DRF
    picks from the Accept header and `?format=` (None if none fits: the view refuses the
    request); "" for the others, whose answer does not depend on them."""
    view_class = getattr(match.func, "cls", None)
    if view_class is None or not issubclass(view_class, APIView):
        return ""
    view = view_class(**getattr(match.func, "initkwargs", {}))
    negotiator = view.get_content_negotiator()
    try:
        renderer, _accepted = negotiator.select_renderer(
            Request(request), view.get_renderers(), match.kwargs.get("format")
        )
    except (NotAcceptable, Http404):
        return None
    return renderer.media_type


def page_key(request, version, language, query, media_type):
    url = (
        f"{request.scheme}://{request.get_host()}{escape_uri_path(request.path)}?{urlencode(query)}"
    )
    digest = hashlib.md5(f"{url}\n{language}\n{media_type}".encode(), usedforsecurity=False)
    return f"idm:page:{settings.RELEASE}:{version}:{digest.hexdigest()}"


def has_a_session(request):
    """Whether the request's session cookie names a live session with something in it (an
    editor's login): one query. A made-up cookie must not make a request skip the cache: anyone
    could then have any page rendered anew. When the database cannot say, the answer is no:
    the page in the cache is public, and the view would fail too."""
    store = import_module(settings.SESSION_ENGINE).SessionStore(
        request.COOKIES[settings.SESSION_COOKIE_NAME]
    )
    try:
        return bool(store.load())
    except DatabaseError:
        return False


def timeout_for(response):
    """Seconds to keep the response, DEFAULT_TIMEOUT, or None when it must not be kept."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return None
    if len(response.content) > settings.PAGE_CACHE_MAX_SIZE:
        return None
    cache_control = {
        directive.split("=")[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & PRIVATE or get_max_age(response) == 0:
        return None
    vary = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", ""))}
    if vary - {""} - COVERED_VARY:
        return None
    until = getattr(response, "keep_until", None)
    if until is None:
        return DEFAULT_TIMEOUT
    seconds = math.floor((until - timezone.now()).total_seconds())
    return seconds if seconds > 0 else None


class PageCacheMiddleware:
    """Answers from the page cache before the session, the user and the view are looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET":
            return self.get_response(request)
        language = translation.get_language_from_request(request, check_path=True)
        match = resolved(request, language)
        parameters = None if match is None else query_parameters(match.func)
        if parameters is None:
            return self.get_response(request)
        query = keep_only(request, parameters)
        media_type = answer_type(request, match)
        if media_type is None:
            return self.get_response(request)
        if media_type:
            # What the view then answers is what the key says, whatever else the header asked
            # (DRF's JSON takes an indent from it). `request.headers` read the header once.
            request.META["HTTP_ACCEPT"] = media_type
            vars(request).pop("headers", None)
        pages = caches["default"]
        try:
            key = page_key(request, content_version(), language, query, media_type)
            response = cache_call(pages, "get", key)
        except CacheUnavailable as error:
            logger.warning("Page cache unavailable: %s", error)
            return self.get_response(request)
        session_cookie = settings.SESSION_COOKIE_NAME in request.COOKIES
        if response is not None and not (session_cookie and has_a_session(request)):
            return response
        response = self.get_response(request)
        # Pages rendered for a session (an editor's, who may see drafts) are never kept.
        timeout = None if session_cookie else timeout_for(response)
        if timeout is not None:
            # What ConditionalGetMiddleware would compute on every hit, computed once.
            if not response.has_header("ETag"):
                set_response_etag(response)
            try:
                cache_call(pages, "set", key, response, timeout)
            except CacheUnavailable as error:
                logger.warning("Page cache unavailable: %s", error)
        return response
