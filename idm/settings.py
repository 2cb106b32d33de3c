"""Settings for idm, read from environment variables (prefix DJANGO_, plus DATABASE_URL).

Safe by default: debug is off unless DJANGO_DEBUG=1 (which `make run` and the tests set), and
the app then refuses to start without DJANGO_SECRET_KEY. Local use needs nothing else: an
SQLite file in the project.
"""

import datetime
import hashlib
import os
import stat
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email
from django.utils.text import format_lazy
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'); "
            "for local development, set DJANGO_DEBUG=1 instead."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105 (debug only)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    # Before the admin, which must see the fields it adds (title_en, title_fr, title_es...).
    "modeltranslation",
    "idm.apps.EditorsAdminConfig",  # django.contrib.admin
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "django_countries",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "speakers",
    "workshops",
]

MIDDLEWARE = [
    "idm.middleware.head_without_body",
    # The security headers (nosniff, Referrer-Policy, CSP, X-Frame-Options) on every answer:
    # static files and error pages included.
    "django.middleware.security.SecurityMiddleware",
    "idm.middleware.content_security_policy",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # In production, the collected static files (see STORAGES), before anything else runs.
    *([] if DEBUG else ["whitenoise.middleware.WhiteNoiseMiddleware"]),
    "idm.middleware.api_headers",
    "idm.middleware.ServiceUnavailableMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Marks the answers everyone gets alike as public, cached ones included.
    "idm.middleware.public_pages",
    # Before the session and the user are looked at: a hit touches no database.
    "idm.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An admin form refused because the login expired is kept for after the login.
    "idm.kept_forms.keep_forms_refused_for_login",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "idm.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "idm.context_processors.language_links",
                "idm.context_processors.site",
            ],
            # {% text %}: a text in the page's language, else in English, marked as such.
            "libraries": {"languages": "idm.languages"},
        },
    },
]

WSGI_APPLICATION = "idm.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast when the server is down (the page then answers 503) instead of hanging;
    # a connect_timeout in DATABASE_URL (?connect_timeout=10) wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    # No JIT compilation of query plans: these queries take milliseconds, and PostgreSQL
    # compiles any it estimates as costly (the API's count of public speakers).
    # Kept: it saves over half of /api/v1/speakers/'s time (README: Performance).
    # `?options=...` in DATABASE_URL wins.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")
# Web requests only (idm/wsgi.py): on PostgreSQL, a statement still running after so many
# seconds is cancelled and the request answers 503; 0 turns it off. Below GUNICORN_TIMEOUT.
STATEMENT_TIMEOUT = float(os.environ.get("DJANGO_STATEMENT_TIMEOUT", "5"))


def private_directory(path):
    """`path`, created for this user alone if missing. Refused if it is not a directory of this
    user that no one else can write to: the file-based cache loads the pickles it finds there."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022:
        raise ImproperlyConfigured(
            f"{path} is not a directory of this user that only it can write to; remove it, or "
            "name another in DJANGO_VERSION_CACHE_DIR."
        )
    return path


def cache_settings(url):
    """CACHES from DJANGO_CACHE_URL: "default" keeps the pages, "versions" the content version
    (see idm/page_cache.py), which every process serving pages must share."""
    scheme = url.partition("://")[0]
    if scheme == "locmem":
        # Pages in each process's memory; the version in a file that all processes read.
        directory = os.environ.get("DJANGO_VERSION_CACHE_DIR") or (
            Path(tempfile.gettempdir()) / f"idm-content-version-{os.geteuid()}"
        )
        return {
            "default": {
                "BACKEND": "idm.caches.ProcessMemoryCache",
                "TIMEOUT": 24 * 60 * 60,
                "OPTIONS": {
                    "MAX_ENTRIES": 5000,
                    "MAX_BYTES": int(
                        os.environ.get("DJANGO_PAGE_CACHE_MAX_MEMORY", 32 * 1024 * 1024)
                    ),
                },
            },
            "versions": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(private_directory(Path(directory))),
            },
        }
    backends = {
        "redis": "django.core.cache.backends.redis.RedisCache",
        "rediss": "django.core.cache.backends.redis.RedisCache",
        "dummy": "django.core.cache.backends.dummy.DummyCache",
    }
    if scheme not in backends:
        raise ImproperlyConfigured(
            f"DJANGO_CACHE_URL: unknown cache {url!r} (use locmem://, redis://host:port/db or "
            "dummy://)."
        )
    cache = {"BACKEND": backends[scheme], "LOCATION": url, "TIMEOUT": 24 * 60 * 60}
    if scheme != "dummy":
        # A Redis that does not answer costs a page one second, not a worker for good.
        cache["OPTIONS"] = {"socket_connect_timeout": 1, "socket_timeout": 1}
    return {"default": cache, "versions": cache}


def code_release():
    """A digest of what pages are made of: the code, templates, static files, translations and
    pinned packages. Cached pages carry it: a deployment never serves the previous one's."""
    digest = hashlib.blake2b(digest_size=8)
    for pattern in [
        "idm/**/*.py",
        "workshops/**/*.py",
        "speakers/**/*.py",
        "templates/**/*.*",
        "static/**/*.*",
        "locale/**/*.mo",
        "requirements.txt",
    ]:
        for path in sorted(BASE_DIR.glob(pattern)):
            if path.is_file() and not path.name.startswith("."):  # no editors' swap files
                digest.update(path.relative_to(BASE_DIR).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


CACHES = cache_settings(os.environ.get("DJANGO_CACHE_URL", "locmem://"))
# Larger pages are not kept in the page cache (idm/page_cache.py), in bytes: with the cache's
# number of entries, a bound on its memory. The sitemaps' pages, the largest, weigh 800 KB.
PAGE_CACHE_MAX_SIZE = int(os.environ.get("DJANGO_PAGE_CACHE_MAX_SIZE", 1024 * 1024))
# Part of every page cache key (idm/page_cache.py); DJANGO_RELEASE names it instead, e.g. with
# the deployed commit, when the code is the same on every server.
RELEASE = os.environ.get("DJANGO_RELEASE") or code_release()
# The address every page's footer gives for questions; none by default.
CONTACT_EMAIL = os.environ.get("DJANGO_CONTACT_EMAIL", "").strip()
if CONTACT_EMAIL:
    try:
        validate_email(CONTACT_EMAIL)
    except ValidationError as error:
        raise ImproperlyConfigured(
            f"DJANGO_CONTACT_EMAIL: not an e-mail address, {CONTACT_EMAIL!r}."
        ) from error
# /bench/trivial/, the ceiling that scripts/bench.py compares the pages with; off by default.
BENCH_VIEW = env_bool("DJANGO_BENCH_VIEW", False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a login that is locked out before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Against password guessing: after 5 failed logins, a user name is locked out for an hour
# from that address (other people, and the same person elsewhere, can still log in); after 50
# from one address, whatever the user names (one password tried on many), the address is
# (idm.logins): editors behind one office address do not lock each other out with typos.
# A successful login clears the count. Behind reverse proxies, DJANGO_TRUSTED_PROXY_COUNT says
# how many: the address is then the one the outermost proxy saw (idm.proxies.client_ip).
LOGIN_FAILURES_PER_USER = 5
LOGIN_FAILURES_PER_ADDRESS = 50
AXES_FAILURE_LIMIT = "idm.logins.failure_limit"
AXES_COOLOFF_TIME = datetime.timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# No start-up banner in every command's output; failures and lockouts are still logged.
AXES_VERBOSE = False
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("DJANGO_TRUSTED_PROXY_COUNT: a number of proxies, 0 or more.")
AXES_CLIENT_IP_CALLABLE = "idm.proxies.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The content in the same three languages (django-modeltranslation: a column per language,
# translation.py in each app names the fields). English is required: a French or Spanish page
# shows the English text where its own is missing, marked as English (idm/languages.py).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
MODELTRANSLATION_REQUIRED_LANGUAGES = ("en",)
# Slugs come from the English title: one address per object, the same in every language.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "en"


def verbose_name_in(verbose_name, language):
    """The admin's label of a field's column for `language`: "title (French)"."""
    return format_lazy("{} ({})", verbose_name, get_language_info(language)["name_translated"])


MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = verbose_name_in
# The workshops take place in Geneva: times are entered and shown in Geneva time.
TIME_ZONE = "Europe/Zurich"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production, collectstatic writes each file under a name with a hash of its content,
    # and a gzip copy; WhiteNoise serves them and lets browsers keep them for good.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploads keep their addresses under MEDIA_URL, but only idm.media serves them: the files of
# drafts are for editors alone.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Behind nginx: the internal location that sends the files (deploy/nginx/idm.conf), e.g.
# "/protected-media/"; the app then answers with X-Accel-Redirect instead of the file itself.
MEDIA_ACCEL_REDIRECT = os.environ.get("DJANGO_MEDIA_ACCEL_REDIRECT", "")
if MEDIA_ACCEL_REDIRECT and not (
    MEDIA_ACCEL_REDIRECT.startswith("/") and MEDIA_ACCEL_REDIRECT.endswith("/")
):
    raise ImproperlyConfigured(
        "DJANGO_MEDIA_ACCEL_REDIRECT: a path that starts and ends with /, e.g. /protected-media/."
    )
# Largest document an editor may upload, in bytes.
DOCUMENT_MAX_UPLOAD_SIZE = int(os.environ.get("DJANGO_DOCUMENT_MAX_UPLOAD_SIZE", 20 * 1024 * 1024))

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# Country names as IOM and the UN write them.
COUNTRIES_OVERRIDE = {"KR": _("Republic of Korea")}

# The read-only JSON API (/api/v1/): public data, so no authentication and no session or
# CSRF coupling; JSON only, with the documentation page at /api/v1/docs/.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "idm.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "idm.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IDM workshops API",
    "DESCRIPTION": "Published workshops of IOM's International Dialogue on Migration: agendas, "
    "speakers, organizations, guiding questions, policy examples, documents, and the texts of "
    "their publications. Read-only.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "idm.openapi.every_field_is_present",
    ],
    # The documentation page's assets are served from here, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "WorkshopKindEnum": "workshops.models.Workshop.Kind",
        "SessionKindEnum": "workshops.models.Session.Kind",
        "DocumentKindEnum": "workshops.models.Document.Kind",
        "OrganizationKindEnum": "speakers.models.Organization.Kind",
        "ParticipantRoleEnum": "workshops.models.SessionSpeaker.Role",
        "PartnerRoleEnum": "workshops.models.WorkshopPartner.Role",
    },
}

SILENCED_SYSTEM_CHECKS = [
    # SQLite cannot defer unique constraints; the order constraints exist on PostgreSQL and
    # the admin forms validate them on every backend (see workshops/forms.py).
    "models.W038",
    # HSTS for every subdomain, and the browsers' preload list, are each a choice of their own
    # (DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS, DJANGO_SECURE_HSTS_PRELOAD), not a default.
    "security.W005",
    "security.W021",
]

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    # Each commits every subdomain, or the browsers' built-in lists, for long: hard to undo.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
    # Load balancers check the app servers over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# A refused form in the site's layout (templates/403_csrf.html).
CSRF_FAILURE_VIEW = "idm.views.csrf_failure"
# Django's default of 1,000 fields refuses a workshop with some 90 agenda items in the admin,
# whose sessions are edited inline. Still a bound, against requests made to exhaust memory.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent with every response by idm.middleware.content_security_policy. Scripts and styles come
# from the site's own files only, never inline: markup injected into a page could not run.
# Same shape as Django 6.0's SECURE_CSP, whose middleware can replace ours after an upgrade.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Everything goes to the root logger's handler: on stdout, one JSON object per line in
# production (idm/logging.py), plain text in debug mode. Django's "django" logger loses its
# own handlers (debug console, mail to ADMINS, which is empty) so that nothing is said twice.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "idm.logging.JsonFormatter"},
        "text": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "text" if DEBUG else "json",
        }
    },
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}
