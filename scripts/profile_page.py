#!/usr/bin/env python3
"""Where one page's time goes, request by request, in this process (README: Performance).

    .venv/bin/python scripts/profile_page.py /en/workshops/<slug>/ [-n 30]

Runs against the database that DATABASE_URL names (e.g. one filled by `make bench`'s steps or
`generate_data`), with production-like settings and the page cache off, through Django's test
client (static files collected into a temporary directory unless DJANGO_STATIC_ROOT names
one). Prints, per request on average: the whole request, the template rendering (with any
query it runs), the time spent waiting for the database, and each query with its time.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="idm.settings",
    DJANGO_DEBUG="0",
    DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "profile-page-" + "x" * 50),
    DJANGO_ALLOWED_HOSTS="127.0.0.1",
    DJANGO_SECURE_SSL_REDIRECT="0",
    DJANGO_CONN_MAX_AGE="600",
    DJANGO_CACHE_URL="dummy://",
)
# Production settings serve hashed static files: collected once, into a temporary directory.
os.environ.setdefault("DJANGO_STATIC_ROOT", tempfile.mkdtemp(prefix="idm-profile-static-"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db.backends.utils import CursorWrapper  # noqa: E402
from django.template.response import SimpleTemplateResponse  # noqa: E402
from django.test import Client  # noqa: E402


class Timings:
    """Adds up the time of template rendering and of each query, while installed."""

    def __init__(self):
        self.render = 0.0
        self.queries = []

    def install(self):
        rendered_content = SimpleTemplateResponse.rendered_content.fget
        execute = CursorWrapper._execute

        def timed_render(response):
            start = time.perf_counter()
            try:
                return rendered_content(response)
            finally:
                self.render += time.perf_counter() - start

        def timed_execute(cursor, sql, *args):
            start = time.perf_counter()
            try:
                return execute(cursor, sql, *args)
            finally:
                self.queries.append((sql, time.perf_counter() - start))

        SimpleTemplateResponse.rendered_content = property(timed_render)
        CursorWrapper._execute = timed_execute


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("-n", type=int, default=30, help="requests to average (default 30)")
    args = parser.parse_args()

    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    for _ in range(3):
        response = client.get(args.url)
        if response.status_code != 200:
            sys.exit(f"{args.url}: {response.status_code}")
    timings = Timings()
    timings.install()
    start = time.perf_counter()
    for _ in range(args.n):
        client.get(args.url)
    total = time.perf_counter() - start

    per_request = len(timings.queries) // args.n
    waited = sum(seconds for _sql, seconds in timings.queries)
    print(f"{args.url}: {len(response.content) // 1024} KB, {per_request} queries")
    print(f"{total / args.n * 1000:8.2f} ms  request")
    print(f"{timings.render / args.n * 1000:8.2f} ms  template rendering (with its queries)")
    print(f"{waited / args.n * 1000:8.2f} ms  waiting for the database")
    for index in range(per_request):
        sql = timings.queries[index][0]
        seconds = sum(seconds for _sql, seconds in timings.queries[index::per_request])
        print(f"{seconds / args.n * 1000:8.2f} ms    {' '.join(sql.split())[:100]}")


if __name__ == "__main__":
    main()
