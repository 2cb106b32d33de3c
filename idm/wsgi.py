"""The WSGI application: what Gunicorn serves (gunicorn.conf.py), and runserver.

Web requests only get a statement timeout (settings.STATEMENT_TIMEOUT): every database
connection that this process opens is told to cancel a statement that runs longer, and the
request then answers 503 (idm.middleware). Management commands never import this module, so
`migrate`, `generate_data` and the others run their long statements to the end.
"""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db.backends.signals import connection_created

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idm.settings")

application = get_wsgi_application()


def limit_statement_time(sender, connection, **kwargs):
    """On PostgreSQL, once per connection (SQLite has no such limit).

    Through the driver's own cursor, as Django sets the connection's time zone: the query
    counts of tests and of the debug toolbar are the requests' own.
    """
    if connection.vendor == "postgresql" and settings.STATEMENT_TIMEOUT:
        milliseconds = round(settings.STATEMENT_TIMEOUT * 1000)
        with connection.connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, false)", [str(milliseconds)])


connection_created.connect(limit_statement_time, dispatch_uid="idm.wsgi.limit_statement_time")
