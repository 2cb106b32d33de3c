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


def test_production_without_secret_key_refuses_to_start_with_a_clear_message():
    result = manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="idm.example.org",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_local_defaults_need_no_configuration():
    assert settings.TIME_ZONE == "Europe/Zurich"
    assert settings.USE_TZ
    result = manage("check")
    assert result.returncode == 0, result.stderr


def test_a_version_cache_directory_others_can_write_to_is_refused(tmp_path):
    """The file-based cache loads the pickles it finds: a directory another local user made
    (in /tmp, under the name the app would use) could make the app run their code."""
    shared = tmp_path / "versions"
    shared.mkdir()
    shared.chmod(0o777)
    result = manage("check", DJANGO_VERSION_CACHE_DIR=str(shared))
    assert result.returncode != 0
    assert "is not a directory of this user that only it can write to" in result.stderr

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "link").symlink_to(elsewhere)
    assert manage("check", DJANGO_VERSION_CACHE_DIR=str(tmp_path / "link")).returncode != 0


def test_a_missing_version_cache_directory_is_made_for_this_user_alone(tmp_path):
    directory = tmp_path / "versions"
    result = manage("check", DJANGO_VERSION_CACHE_DIR=str(directory))
    assert result.returncode == 0, result.stderr
    assert directory.stat().st_mode & 0o777 == 0o700
