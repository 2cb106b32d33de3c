"""Settings come from the environment and fail loudly when production needs a value."""

import os
import secrets
import subprocess
import sys

from django.conf import settings


def manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**environment, **env},
        capture_output=True,
        text=True,
        check=False,
    )


# What the README's Deployment section lists, but the database (`check` does not connect).
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "idm.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://idm.example.org",
    "DJANGO_MEDIA_ACCEL_REDIRECT": "/protected-media/",
    "DJANGO_CACHE_URL": "redis://cache.internal:6379/0",
    "DJANGO_TRUSTED_PROXY_COUNT": "1",
}


def test_production_without_secret_key_refuses_to_start_with_a_clear_message():
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_without_configuration_debug_is_off_and_a_secret_key_is_asked_for():
    result = manage("check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr
    assert "for local development, set DJANGO_DEBUG=1 instead" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_with_the_page_cache_in_each_process_gets_a_warning():
    result = manage("check", "--deploy", **{**PRODUCTION, "DJANGO_CACHE_URL": "locmem://"})
    assert result.returncode == 0, result.stderr
    assert "(idm.W001) The page cache is in each process's memory" in result.stderr
    assert "Set DJANGO_CACHE_URL to one Redis that every app server shares" in result.stderr


def strict_transport_security(**env):
    """The HSTS header of a page requested over HTTPS with these settings."""
    show = (
        "from django.test import Client; "
        "print(Client().get('/robots.txt', secure=True)['Strict-Transport-Security'])"
    )
    environment = {
        **PRODUCTION,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_CACHE_URL": "dummy://",
    }
    result = manage("shell", "--no-imports", "-c", show, **environment, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_hsts_covers_subdomains_and_asks_for_preloading_only_when_told():
    assert strict_transport_security() == "max-age=31536000"
    assert (
        strict_transport_security(
            DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS="1", DJANGO_SECURE_HSTS_PRELOAD="1"
        )
        == "max-age=31536000; includeSubDomains; preload"
    )


def test_local_use_needs_debug_mode_only():
    assert settings.TIME_ZONE == "Europe/Zurich"
    assert settings.USE_TZ
    result = manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_a_version_cache_directory_others_can_write_to_is_refused(tmp_path):
    """The file-based cache loads the pickles it finds: a directory another local user made
    (in /tmp, under the name the app would use) could make the app run their code."""
    shared = tmp_path / "versions"
    shared.mkdir()
    shared.chmod(0o777)
    result = manage("check", DJANGO_DEBUG="1", DJANGO_VERSION_CACHE_DIR=str(shared))
    assert result.returncode != 0
    assert "is not a directory of this user that only it can write to" in result.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "link").symlink_to(elsewhere)
    link = str(tmp_path / "link")
    assert manage("check", DJANGO_DEBUG="1", DJANGO_VERSION_CACHE_DIR=link).returncode != 0


def test_a_missing_version_cache_directory_is_made_for_this_user_alone(tmp_path):
    directory = tmp_path / "versions"
    result = manage("check", DJANGO_DEBUG="1", DJANGO_VERSION_CACHE_DIR=str(directory))
    assert result.returncode == 0, result.stderr
    assert directory.stat().st_mode & 0o777 == 0o700


def test_a_contact_address_that_is_not_one_is_refused():
    result = manage("check", DJANGO_DEBUG="1", DJANGO_CONTACT_EMAIL="write to us")
    assert result.returncode != 0
    assert "DJANGO_CONTACT_EMAIL: not an e-mail address" in result.stderr
