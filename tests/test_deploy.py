"""The production set-up for real: Gunicorn with gunicorn.conf.py and debug off, static files
collected and served by WhiteNoise, JSON logs on stdout (README: Deployment).

Marked `topology`, like the whole set-up behind nginx (tests/test_topology.py): a step of its
own that `.ci/run` runs after `make test` (`make topology`)."""

import gzip
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest
from django.conf import settings

pytestmark = pytest.mark.topology


def production_environment(tmp_path, port):
    """A production server's settings, with its own SQLite database and static files."""
    own = ("DJANGO_", "GUNICORN_", "DATABASE_URL")
    environment = {name: value for name, value in os.environ.items() if not name.startswith(own)}
    return {
        **environment,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }


def set_up(environment):
    """What a deployment runs before starting the app servers; collectstatic meanwhile."""

    def manage(*args):
        return subprocess.Popen(
            [sys.executable, "manage.py", *args, "--verbosity", "0"],
            cwd=settings.BASE_DIR,
            env=environment,
        )

    collectstatic = manage("collectstatic", "--noinput")
    assert manage("migrate").wait() == 0
    assert manage("load_fixtures", "idm_2007").wait() == 0
    assert collectstatic.wait() == 0


def get(port, path, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@contextmanager
def gunicorn(environment, port):
    """Gunicorn started as in production; yields a list that gets its stdout lines once stopped."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 15
        while True:
            assert server.poll() is None, "gunicorn exited"
            try:
                get(port, "/healthz")
                break
            except ConnectionError:
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.2)
        yield output
    finally:
        server.send_signal(signal.SIGTERM)
        output += server.communicate(timeout=15)[0].splitlines()


def test_gunicorn_serves_the_site_with_debug_off_hashed_static_files_and_json_logs(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = production_environment(tmp_path, port)
    set_up(environment)

    with gunicorn(environment, port) as log_lines:
        status, _headers, body = get(port, "/en/")
        assert status == 200
        assert "Making Global Labour Mobility a Catalyst for Development" in body.decode()
        (stylesheet,) = re.findall(r"/static/css/site\.[0-9a-f]{12}\.css", body.decode())

        status, headers, plain = get(port, stylesheet)
        assert status == 200
        assert headers["Cache-Control"] == "max-age=315360000, public, immutable"
        status, headers, compressed = get(port, stylesheet, **{"Accept-Encoding": "gzip"})
        assert (status, headers["Content-Encoding"]) == (200, "gzip")
        assert gzip.decompress(compressed) == plain

        # Every answer with the security headers: the app's, its errors and WhiteNoise's.
        # Static HTML too: drf-spectacular's OAuth page, which runs an inline script.
        oauth_page = "/static/drf_spectacular_sidecar/swagger-ui-dist/oauth2-redirect.html"
        for path, expected in [
            (stylesheet, 200),
            (oauth_page, 200),
            ("/en/no-such-page/", 404),
            ("/api/v1/schema/?version=%00", 400),
        ]:
            status, headers, _body = get(port, path)
            assert status == expected, path
            assert headers["Content-Security-Policy"].startswith("default-src 'self';"), path
            assert headers["X-Frame-Options"] == "DENY", path
            assert headers["X-Content-Type-Options"] == "nosniff", path
            assert headers["Referrer-Policy"] == "same-origin", path

    entries = [json.loads(line) for line in log_lines]
    requests = [
        (entry["method"], entry["path"], entry["status"])
        for entry in entries
        if entry["logger"] == "gunicorn.access"
    ]
    assert ("GET", "/en/", 200) in requests
