"""The statement timeout of web requests (idm/wsgi.py): a statement that runs too long in a
request is cancelled and the request answers 503; management commands are not limited."""

import os
import subprocess
import sys
from contextlib import suppress
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import DatabaseError, OperationalError, connection, connections
from django.db.backends.signals import connection_created

from idm import wsgi
from tests.test_faults import wsgi_get

# SQLite has no statement timeout.
pytestmark = pytest.mark.postgresql

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 0.3
TIMEOUT_DISPATCH_UID = "idm.wsgi.limit_statement_time"


@pytest.fixture
def web_process(settings):
    """This process as an app server: its next connections get the statement timeout."""
    settings.STATEMENT_TIMEOUT = TIMEOUT
    connection_created.connect(wsgi.limit_statement_time, dispatch_uid=TIMEOUT_DISPATCH_UID)
    connections.close_all()
    yield
    connection_created.disconnect(dispatch_uid=TIMEOUT_DISPATCH_UID)
    connections.close_all()


@pytest.fixture
def workshops_locked():
    """Another connection holds a lock on the workshops' table: a request reading it waits,
    as behind a statement that runs too long. For 3 seconds at most: then PostgreSQL ends
    that connection, and a request that no timeout stopped would be answered."""
    other = connections.create_connection("default")
    other.set_autocommit(False)
    with other.cursor() as cursor:
        cursor.execute("SET idle_in_transaction_session_timeout = '3s'")
        cursor.execute("LOCK TABLE workshops_workshop IN ACCESS EXCLUSIVE MODE")
    yield
    with suppress(DatabaseError):
        other.rollback()
        other.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_statement_that_runs_too_long_in_a_request_answers_503(web_process, workshops_locked):
    status, headers, body = wsgi_get("/en/")
    assert (status, headers["Retry-After"]) == (503, "30")
    assert '<header class="site-header">' in body
    assert "This page took too long to prepare and was stopped." in body

    status, _headers, body = wsgi_get("/api/v1/workshops/")
    assert status == 503
    assert "This request took too long and was stopped." in body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_requests_after_a_cancelled_statement_are_served(web_process):
    with connection.cursor() as cursor, pytest.raises(OperationalError, match="statement timeout"):
        cursor.execute("SELECT pg_sleep(%s)", [TIMEOUT * 3])
    assert wsgi_get("/en/")[0] == 200


SLEEP = (
    "from django.db import connection; "
    f"connection.cursor().execute('SELECT pg_sleep({TIMEOUT * 3:.1f})')"
)


def run_on_test_database(*command):
    """`command` in a process of its own, on the test database, with the statement timeout."""
    database = connection.settings_dict
    user, password = quote(database["USER"]), quote(database["PASSWORD"] or "")
    env = os.environ | {
        "DATABASE_URL": f"postgres://{user}:{password}@{database['HOST']}:{database['PORT']}"
        f"/{database['NAME']}",
        "DJANGO_SETTINGS_MODULE": "idm.settings",
        "DJANGO_STATEMENT_TIMEOUT": str(TIMEOUT),
    }
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.mark.django_db
def test_management_commands_are_not_limited():
    command = run_on_test_database(sys.executable, "manage.py", "shell", "-c", SLEEP)
    assert command.returncode == 0, command.stderr


@pytest.mark.django_db
def test_a_process_that_loaded_the_web_application_is_limited():
    """As Gunicorn's workers, which load idm.wsgi (gunicorn.conf.py)."""
    web = run_on_test_database(sys.executable, "-c", f"import idm.wsgi; {SLEEP}")
    assert web.returncode != 0
    assert "canceling statement due to statement timeout" in web.stderr
