import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

from idm.page_cache import CacheUnavailable

API_PREFIX = "/api/"
ADMIN_PREFIX = "/admin/"
# A request that cannot reach the database: it is down, restarting, or refusing connections.
# Also a statement that PostgreSQL cancelled (the statement timeout of web requests, idm/wsgi.py).
DATABASE_ERRORS = (OperationalError, InterfaceError)
# PostgreSQL's error code for a cancelled statement (query_canceled), which Django keeps as the
# error's cause.
STATEMENT_CANCELLED = "57014"
# How long clients are asked to wait before trying again, in seconds.
RETRY_AFTER = 30

logger = logging.getLogger(__name__)


def head_without_body(get_response):
    """A HEAD answer carries GET's headers, Content-Length included, and no body (RFC 9110).
    Django writes the body; gunicorn drops it, with a warning in the log for each request."""

    def middleware(request):
        response = get_response(request)
        if request.method == "HEAD" and not response.streaming:
            response.content = b""
        return response

    return middleware


def api_headers(get_response):
    """Let any web page read the public API and let caches keep its answers for a minute.

    Listed before ConditionalGetMiddleware so that its 304 answers get the headers too.
    No credentials are involved: the API uses neither cookies nor authentication, nor the
    site's language cookie (the API's language is `?lang=` or Accept-Language, which its
    answers vary on; by a cookie, a shared cache would hand one visitor's language to all).
    Server errors are not for caches to keep: the next request may well succeed.
    """

    def middleware(request):
        if request.path.startswith(API_PREFIX):
            request.COOKIES.pop(settings.LANGUAGE_COOKIE_NAME, None)
        response = get_response(request)
        if request.path.startswith(API_PREFIX) and request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            if request.method != "OPTIONS" and response.status_code < 500:
                patch_cache_control(response, public=True, max_age=60)
        return response

    return middleware


def public_pages(get_response):
    """Say which answers are the same for everyone: "Cache-Control: public, no-cache" on a
    successful GET of a page by a visitor without a session, which sets no cookie and says
    nothing of caching itself.

    Caches may then keep a copy, to be checked with the site before each use (no-cache), as
    browsers did without the header. The site's service worker keeps only such answers for
    reading offline (templates/sw.js): the admin, a draft or a page an editor previews
    (never-cache headers), anything asked for with a session cookie and errors are never
    public. Listed before the page cache, so that what it stores and serves gets the header
    from here; the API has its own (api_headers).
    """

    def middleware(request):
        response = get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not response.cookies
            and not response.has_header("Cache-Control")
            and not request.path.startswith((API_PREFIX, ADMIN_PREFIX))
        ):
            patch_cache_control(response, public=True, no_cache=True)
        return response

    return middleware


def content_security_policy(get_response):
    """Send the Content-Security-Policy of settings.SECURE_CSP with every response.

    Except Django's own error pages in debug mode, which use inline styles and scripts, and
    answers that bring their own (uploaded files, idm/media.py).
    """
    policy = "; ".join(
        f"{directive} {' '.join(sources)}" for directive, sources in settings.SECURE_CSP.items()
    )

    def middleware(request):
        response = get_response(request)
        if not (settings.DEBUG and response.status_code >= 400):
            response.setdefault("Content-Security-Policy", policy)
        return response

    return middleware


class ServiceUnavailableMiddleware(MiddlewareMixin):
    """Answer 503 with a Retry-After header when the database cannot be reached or took too
    long (the statement timeout), or when a change cannot be saved because the page cache
    cannot be told (idm/page_cache.py).

    Pages get a short page in the site's layout (templates/503.html, which renders without
    the database: it never looks at the user or the session), the API a JSON error. Nothing
    else is needed to recover: with CONN_HEALTH_CHECKS, Django drops a broken connection at
    the next request and connects again. The transaction of a refused save is rolled back.
    """

    def process_exception(self, request, exception):
        error_code = getattr(exception.__cause__, "pgcode", None)
        if isinstance(exception, DATABASE_ERRORS) and error_code == STATEMENT_CANCELLED:
            service = "timeout"
            detail = _("This request took too long and was stopped. Please try again in a moment.")
        elif isinstance(exception, DATABASE_ERRORS):
            service = "database"
            detail = _("The database is unavailable. Please try again in a moment.")
        elif isinstance(exception, CacheUnavailable):
            service = "cache"
            detail = _("Changes cannot be saved while the cache is unavailable.")
        else:
            return None
        logger.error("Unavailable %s: %s", service, exception, extra={"request": request})
        if request.path.startswith(API_PREFIX):
            response = JsonResponse({"detail": detail}, status=503)
        else:
            response = render(request, "503.html", {"service": service}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        add_never_cache_headers(response)
        return response
