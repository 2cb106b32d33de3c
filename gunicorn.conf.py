"""Gunicorn settings for idm, read by `gunicorn` run in the project directory (README: Deployment).

GUNICORN_BIND, GUNICORN_WORKERS and GUNICORN_TIMEOUT override the defaults. The Django
settings come from the DJANGO_* variables and DATABASE_URL as usual.
"""

import multiprocessing
import os

wsgi_app = "idm.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, one request each at a time; each keeps its own database connection, so
# workers x app servers must stay below PostgreSQL's max_connections.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
# A request still running after this many seconds is cut off (its worker restarted).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = timeout
# Load the app once, in the master, before forking the workers: settings errors (a missing
# DJANGO_SECRET_KEY) stop the start at once, and the workers share the loaded code.
# A new release needs a restart of gunicorn, not a HUP.
preload_app = True
# No `gunicornc` control socket: each instance on a machine (tests, `make serve`) would
# otherwise take the same default path; stop and restart through the service manager.
control_socket_disable = True

# Gunicorn's own log and its access log as JSON lines on stdout, like the app's (the app's
# settings.LOGGING then takes over the root logger).
accesslog = "-"
access_log_format = '"%(r)s" %(s)s %(b)s %(M)sms'
logconfig_dict = {
    "formatters": {"json": {"()": "idm.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
    "root": {"level": "INFO", "handlers": ["stdout"]},
}
