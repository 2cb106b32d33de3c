#!/usr/bin/env python3
"""Load test of idm with a large data set: `make bench` (README: Performance).

    scripts/with-postgres .venv/bin/python scripts/bench.py   # PostgreSQL, at DATABASE_URL
    .venv/bin/python scripts/bench.py                          # SQLite, in a temporary file

Into the database: migrations, the seed workshop and `manage.py generate_data` (scale 1).
Then, for a fixed list of URLs: the SQL queries each request runs (Django's test client, page
cache off), and throughput and latency under wrk (8 connections, 2 threads) against gunicorn
(gunicorn.conf.py, 2 sync workers, debug off, persistent database connections) on 127.0.0.1,
twice: page cache off (DJANGO_CACHE_URL=dummy://) and on (locmem://). Each URL's throughput
is also given as a share of /bench/trivial/, a view that answers "ok" without the database.
Then, in both modes, two runs of searches that are each different (2,000 of each, from the
data), which the page cache cannot answer: the filtered policy examples and the site search.
Then, in both modes, the probes: requests that any visitor can make costly, each different
(the last pages of the API's policy examples, by cursor; a search of 200 characters of
one-letter words on the search page, the list and the API; a sitemap page with a different
made-up parameter each time), whose p99 must stay under 1 s (the made-up parameters: with the
cache on). On PostgreSQL, a 32-connection soak of the agenda and session pages follows, through
nginx in front of two app servers (the production set-up of scripts/topology.py, page cache
off), which must end without a single error or non-2xx/3xx answer. Last, on a new server with
the cache on, the memory of each gunicorn worker once it has served each page, then after
10,000 requests with random parameters: it must not grow by more than 50 MB.

Prints one table and writes it to bench/results-<backend>.md (--quick: smaller data, shorter
runs, bench/results-<backend>-quick.md). Exits non-zero on any error.
"""

import argparse
import os
import random
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote_plus

from topology import HOST, Topology

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = Path(PYTHON).parent / "gunicorn"
CONNECTIONS = 8
THREADS = 2
SOAK_CONNECTIONS = 32
TIMEOUT = "10s"
MODES = [("off", "dummy://"), ("on", "locmem://")]
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# The ceiling: a view that answers "ok" without the database (idm.views.bench_trivial).
TRIVIAL = "/bench/trivial/"
# Different searches per varied run: more than wrk asks for in one (see paths_script).
VARIED = 2000
# p99 targets, in ms: the probes (at the full size, on PostgreSQL), and the 2,000 different
# searches of the policy examples (the first of `varied_searches`).
PROBE_TARGET = 1000
SEARCH_TARGET = 300
# Requests with random parameters after which each worker's memory is measured again, and by
# how much it may have grown, in MB.
MEMORY_REQUESTS = 10_000
MEMORY_TARGET = 50


def settings_env(database_url, static_root):
    """The environment of every Django process: production-like settings."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_CONN_MAX_AGE": "600",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_BENCH_VIEW": "1",
    }


def manage(env, *args):
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603
    return time.monotonic() - started


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_urls():
    """The URLs to measure, found in the generated data (Django set up in this process)."""
    from workshops.models import PolicyExample, Workshop

    workshop = (
        Workshop.objects.published().filter(slug__startswith="gen-").order_by("-start_date")[0]
    )
    session = workshop.sessions.get(slug="session-i")
    speaker = session.participants.order_by("order")[1].speaker
    example = PolicyExample.objects.published().filter(workshop=workshop).order_by("pk")[0]
    country, topic = example.countries.all()[0], example.topics.all()[0]
    word = max(example.title.split(": ", 1)[1].split(), key=len)
    base = workshop.get_absolute_url()
    return [
        TRIVIAL,
        "/en/",
        base,
        session.get_absolute_url(),
        "/en/speakers/",
        speaker.get_absolute_url(),
        f"/en/policy-examples/?country={country.code}&topic={topic.slug}&q={word}",
        "/en/search/?q=remittances",
        *[
            f"/api/v1/{name}/"
            for name in [
                "workshops",
                "sessions",
                "speakers",
                "organizations",
                "guiding-questions",
                "policy-examples",
                "documents",
                "topics",
                "years",
            ]
        ],
        f"{base}schedule.xml",
        f"{base}calendar.ics",
    ]


def vacuum_analyze():
    """Leaves autovacuum nothing to do after the bulk load: it would run during the first URLs."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def count_queries(urls):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        counts[url] = len(queries)
    return counts


def milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def wrk(base, path, seconds, connections=CONNECTIONS, script=None, host=None):
    """Runs wrk; returns requests/s, p50 and p99 in ms, the request and error counts."""
    command = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", TIMEOUT]
    command += ["-H", f"Host: {host}"] if host else []
    command += ["--latency", *(["-s", str(script)] if script else []), base + path]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.M))
    if len(latency) != 2:
        raise SystemExit(f"Unexpected output of {shlex.join(command)}:\n{output}")
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(latency["50"]),
        "p99": milliseconds(latency["99"]),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": sum(map(int, sockets.groups())) if sockets else 0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


class Gunicorn:
    """gunicorn with gunicorn.conf.py and two workers, on a free port, for a `with` block."""

    def __init__(self, env, log):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": "2"}
        self.log = log

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603
            [GUNICORN, "-c", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + TRIVIAL, timeout=2):  # noqa: S310 (our server)
                    return self
            except OSError:
                time.sleep(0.2)
        self.process.kill()
        raise SystemExit(f"gunicorn did not start: see {self.log.name}")

    def warm_up(self, path):
        """A few requests, so that both workers have their connection, code and cache warm."""
        for _ in range(6):
            with urllib.request.urlopen(self.base + path, timeout=30) as response:  # noqa: S310
                response.read()

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def paths_script(script, paths):
    """A wrk script that asks for `paths` in turn, each thread from its own share of them.

    With as many paths as requests, no path is asked for twice.
    """
    quoted = ", ".join(f'"{path}"' for path in paths)
    script.write_text(
        f"paths = {{{quoted}}}\ncount = 0\nthreads = 0\n"
        "function setup(thread)\n"
        f'  thread:set("start", threads * math.floor(#paths / {THREADS}))\n'
        "  threads = threads + 1\nend\n"
        "request = function()\n  count = count + 1\n"
        '  return wrk.format("GET", paths[(start + count) % #paths + 1])\nend\n'
    )
    return script


def measure(server, paths, seconds, directory):
    """wrk, after a warm-up, against one URL or against several in turn (paths_script)."""
    server.warm_up(paths[0])
    script = paths_script(Path(directory) / "paths.lua", paths) if len(paths) > 1 else None
    return wrk(server.base, paths[0], seconds, script=script)


def varied_searches(count):
    """Searches as researchers make them, each one different, so the page cache cannot answer.

    From the generated policy examples, titled "<country>: <what was done>": their first
    country and topic with the longest word of what was done for the filtered list; the
    country's name with one of those words for the site search.
    """
    from workshops.models import PolicyExample

    lists, searches = {}, {}
    examples = (
        PolicyExample.objects.published()
        .filter(workshop__slug__startswith="gen-")
        .prefetch_related("countries", "topics")
        .order_by("pk")
    )
    for example in examples[: 2 * count]:
        place, done = example.title.split(": ", 1)
        words = re.findall(r"[a-z]{4,}", done.lower())
        country, topic = example.countries.all()[0], example.topics.all()[0]
        query = f"country={country.code}&topic={topic.slug}&q={max(words, key=len)}"
        lists[f"/en/policy-examples/?{query}"] = None
        for word in words:
            searches[f"/en/search/?q={quote_plus(place)}+{word}"] = None
    return {
        f"policy examples, {count:,} different country + topic + text": list(lists)[:count],
        f"site search, {count:,} different texts (a country and a word)": list(searches)[:count],
    }


def soak_through_nginx(database_url, paths, seconds, directory):
    """`paths` in turn with SOAK_CONNECTIONS connections, over HTTPS to nginx in front of two
    app servers of two workers each; the page cache off, so that every request is rendered."""
    environment = {"DJANGO_CACHE_URL": "dummy://", "DJANGO_CONN_MAX_AGE": "600"}
    with Topology(database_url, environment=environment) as topology:
        script = paths_script(Path(directory) / "soak.lua", paths)
        return wrk(topology.https, "/", seconds, SOAK_CONNECTIONS, script, host=HOST)


def one_letter_words(rng, last_word, length=200):
    """As many one-letter words as fit in `length` characters with `last_word` at the end."""
    words = []
    while len(" ".join([*words, "x", last_word])) <= length:
        words.append(rng.choice("abcdefghijklmnopqrstuvwxyz"))
    return " ".join([*words, last_word])


def costly_requests(count):
    """Requests that any visitor can make costly, `count` different ones of each kind, so
    that the page cache cannot answer for them.

    The last pages of the API's policy examples, of 50 as the first: each starts 50 to
    50 + `count` examples before the end of the list, at its cursor as the `next` links give
    it. Searches of
    200 characters of one-letter words and a word of the data, on the search page, the list
    and the API.
    """
    from idm.pagination import Cursor, Pagination, keyed, ordered
    from workshops.api import PolicyExampleViewSet
    from workshops.models import PolicyExample

    rng = random.Random(1)  # noqa: S311 (the same probes each run)
    view = PolicyExampleViewSet(action="list")
    pagination = Pagination()
    pagination.base_url = "/api/v1/policy-examples/"
    examples, pagination.columns = keyed(view.get_queryset().prefetch_related(None))
    last = ordered(examples, pagination.columns, reverse=True)
    starts = last[pagination.page_size : pagination.page_size + count]
    deep = [
        pagination.encode_cursor(Cursor(False, None, pagination.position(example)))
        for example in starts
    ]
    titles = PolicyExample.objects.published().values_list("title", flat=True)[: 10 * count]
    words = list(dict.fromkeys(re.findall(r"[a-z]{4,}", " ".join(titles).lower())))
    texts = [quote_plus(one_letter_words(rng, rng.choice(words))) for _ in range(count)]
    return {
        f"API, {count:,} different pages among the last of the policy examples (cursor)": deep,
        f"site search, {count:,} different texts of 200 one-letter words": [
            f"/en/search/?q={text}" for text in texts
        ],
        f"policy examples, {count:,} different texts of 200 one-letter words": [
            f"/en/policy-examples/?q={text}" for text in texts
        ],
        f"API policy examples, {count:,} different texts of 200 one-letter words": [
            f"/api/v1/policy-examples/?q={text}" for text in texts
        ],
    }


def last_sitemap_page():
    """The last page of the policy examples' sitemap, the section with the most pages."""
    from idm.sitemaps import SITEMAPS

    return f"/sitemap-policy-examples.xml?p={SITEMAPS['policy-examples']().paginator.num_pages}"


def parameter_flood(page, count):
    """A sitemap page, each time with a made-up parameter of its own: with the page cache on,
    each was a new entry (README: The page cache)."""
    rng = random.Random(3)  # noqa: S311 (the same probes each run)
    return {
        f"`{page}`, a different made-up parameter each time": [
            f"{page}&x{rng.getrandbits(32):x}={number}" for number in range(count)
        ]
    }


def random_parameters(urls, count):
    """`count` requests for `urls` in turn, each with made-up parameters of its own; every
    other request for a sitemap page spells its number another way (`?p=000281`): the same
    page, under a key of its own."""
    rng = random.Random(2)  # noqa: S311 (the same requests each run)
    paths = []
    for number in range(count):
        url = urls[number % len(urls)]
        if number % 2 and "?p=" in url:
            url = url.replace("?p=", f"?p={'0' * rng.randint(1, 60)}")
        made_up = "&".join(
            f"{rng.choice('abcdefghijklmnopqrstuvwxyz')}{rng.getrandbits(24):x}="
            f"{rng.getrandbits(40):x}"
            for _ in range(rng.randint(1, 3))
        )
        paths.append(f"{url}{'&' if '?' in url else '?'}{made_up}")
    return paths


def worker_memory(server):
    """The resident memory of each of the server's workers, in MB, by process id."""
    master = server.process.pid
    workers = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    memory = {}
    for pid in workers:
        status = Path(f"/proc/{pid}/status").read_text()
        memory[int(pid)] = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1)) / 1024
    return memory


def ask_each_once(base, paths):
    """Asks for each path once, CONNECTIONS at a time; returns the number of failed requests
    (no answer, or not 2xx/3xx) and the requests per second."""

    def ask(path):
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
                response.read()
        except OSError:
            return 1
        return 0

    started = time.monotonic()
    with ThreadPoolExecutor(CONNECTIONS) as pool:
        failed = sum(pool.map(ask, paths))
    return failed, len(paths) / (time.monotonic() - started)


def measure_memory(server, urls):
    """Each worker's memory once the server has served `urls` (a few times each, so that both
    workers have), then after MEMORY_REQUESTS requests for them in turn, each with random
    parameters of its own: {pid: (before, after)}, the failed requests and the requests per
    second."""
    paths = random_parameters(urls, MEMORY_REQUESTS)
    for url in urls:
        server.warm_up(url)
    before = worker_memory(server)
    failed, rate = ask_each_once(server.base, paths)
    after = worker_memory(server)
    return {pid: (before[pid], after.get(pid)) for pid in before}, failed, rate


def probes_report(costly, flood, searches, results, memory, memory_rate, sitemap_page, judged):
    """The probes' p99 against their targets (the flood's with the page cache on, which it
    used to fill), then the workers' memory. `judged`: whether the run is one the targets are
    for (PostgreSQL, full size)."""

    def verdict(met):
        if not judged:
            return "not judged (for PostgreSQL at the full size)"
        return "met" if met else "MISSED"

    lines = [
        "| probe | p99 ms (cache off) | p99 ms (cache on) | target |",
        "| --- | ---: | ---: | --- |",
    ]
    for label in [*costly, *flood]:
        off, on = results["off"][label]["p99"], results["on"][label]["p99"]
        checked = on if label in flood else max(off, on)
        met = verdict(checked < PROBE_TARGET)
        lines.append(f"| {label} | {off:.0f} | {on:.0f} | under {PROBE_TARGET} ms: {met} |")
    worst = max(results[mode][searches]["p99"] for mode, _ in MODES)
    lines += [
        "",
        f"{searches}: p99 {worst:.0f} ms with the cache off or on, whichever is more; target "
        f"under {SEARCH_TARGET} ms: {verdict(worst < SEARCH_TARGET)}.",
        "",
        f"Memory of each worker of a new server (cache on) once it has served the pages of the "
        f"first table and `{sitemap_page}`, then after {MEMORY_REQUESTS:,} requests for them "
        f"in turn ({CONNECTIONS} at a time, {memory_rate:.0f} req/s), each with one to three "
        "made-up parameters of its own, and every other sitemap page number spelt with leading "
        "zeros (the same page under another key):",
    ]
    for pid, (before, after) in memory.items():
        if after is None:
            lines.append(f"- worker {pid}: {before:.0f} MB, then gone (restarted)")
            continue
        lines.append(
            f"- worker {pid}: {before:.0f} MB, then {after:.0f} MB ({after - before:+.0f} MB; "
            f"target within {MEMORY_TARGET} MB: {verdict(after - before <= MEMORY_TARGET)})"
        )
    return "\n".join(lines)


def table(urls, queries, results):
    trivial = {mode: results[mode][TRIVIAL]["rps"] for mode, _ in MODES}
    lines = [
        "| URL | SQL queries | req/s (cache off) | p50 ms | p99 ms | vs trivial "
        "| req/s (cache on) | p50 ms | p99 ms | vs trivial |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for url in urls:
        cells = [f"`{url}`" if url.startswith("/") else url, str(queries[url])]
        for mode, _ in MODES:
            run = results[mode][url]
            share = 100 * run["rps"] / trivial[mode]
            cells += [
                f"{run['rps']:.0f}",
                f"{run['p50']:.1f}",
                f"{run['p99']:.1f}",
                f"{share:.0f}%",
            ]
        lines.append(f"| {' | '.join(cells)} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="scale 0.05, 1 s per URL, 5 s soak")
    args = parser.parse_args()
    scale, seconds, soak_seconds = (0.05, 1, 5) if args.quick else (1, 5, 60)
    started, load_before = datetime.now(UTC), os.getloadavg()

    with tempfile.TemporaryDirectory(prefix="idm-bench-") as directory:
        database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{directory}/bench.sqlite3"
        backend = "postgresql" if database_url.startswith("postgres") else "sqlite"
        env = settings_env(database_url, Path(directory) / "static")
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "loaddata", "idm_2007", "-v0")
        generation = manage(env, "generate_data", "--scale", str(scale))
        manage(env, "collectstatic", "--noinput", "-v0")

        os.environ.update({**env, "DJANGO_CACHE_URL": "dummy://"})
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "idm.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        if backend == "postgresql":
            vacuum_analyze()
        urls = bench_urls()
        varied = varied_searches(VARIED)
        searches = next(iter(varied))
        sitemap_page = last_sitemap_page()
        costly, flood = costly_requests(VARIED), parameter_flood(sitemap_page, VARIED)
        varied |= costly | flood
        queries = count_queries(urls) | {
            label: count_queries(paths[:1])[paths[0]] for label, paths in varied.items()
        }

        results, problems = {}, []
        with open(Path(directory) / "gunicorn.log", "w") as log:
            for mode, cache_url in MODES:
                results[mode] = {}
                with Gunicorn({**env, "DJANGO_CACHE_URL": cache_url}, log) as server:
                    for label in [*urls, *varied]:
                        paths = varied.get(label, [label])
                        run = results[mode][label] = measure(server, paths, seconds, directory)
                        if run["errors"] or run["non_2xx"]:
                            problems.append(f"{label} (cache {mode}): {run}")
                        print(f"cache {mode}: {run['rps']:8.0f} req/s  {label}", flush=True)
                    # The ceiling once more, after the pages: the faster of its two runs counts.
                    server.warm_up(TRIVIAL)  # after the requests still queued, if any
                    again = wrk(server.base, TRIVIAL, seconds)
                    print(f"cache {mode}: {again['rps']:8.0f} req/s  {TRIVIAL} (again)", flush=True)
                    if again["rps"] > results[mode][TRIVIAL]["rps"]:
                        results[mode][TRIVIAL] = again
            if backend == "postgresql":
                soak = soak_through_nginx(database_url, urls[2:4], soak_seconds, directory)
                if soak["errors"] or soak["non_2xx"]:
                    problems.append(f"soak: {soak}")
            # Memory: workers of their own, which have served each page once.
            with Gunicorn({**env, "DJANGO_CACHE_URL": "locmem://"}, log) as server:
                memory, failed, memory_rate = measure_memory(server, [*urls[1:], sitemap_page])
                print(f"cache on: worker memory {memory}", flush=True)
                if failed:
                    problems.append(f"memory run: {failed} failed requests")
        load_after = os.getloadavg()

    sizes = (
        "200 workshops (2,400 sessions), 1,000 organizations, 5,000 speakers, 20,000 guiding "
        "questions, 100,000 policy examples"
        if scale == 1
        else f"{scale:.0%} of the full size"
    )
    report = [
        f"# Benchmark: {backend}{' (quick)' if args.quick else ''}",
        "",
        f"- When: {started:%Y-%m-%d %H:%M} UTC, on {os.cpu_count()} cores; load average "
        f"(1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after.",
        f"- Command: `{shlex.join(['make', 'bench', *(['BENCH_QUICK=1'] if args.quick else [])])}`"
        f" (`scripts/bench.py{' --quick' if args.quick else ''}`).",
        f"- Data: the seed workshop plus `generate_data --scale {scale}`: {sizes}; generated in "
        f"{generation:.0f} s.",
        f"- Load: wrk, 2 threads, {CONNECTIONS} connections, {seconds} s per URL, after a warm-up;"
        " gunicorn, 2 sync workers, on the same 2 cores as the database and wrk. The trivial"
        " view runs first and last in each mode; the faster run is the 100 %.",
        "",
        table([*urls, *varied], queries, results),
    ]
    report += [
        "",
        *(
            f"{label}: {results['off'][label]['requests']} requests with the cache off, "
            f"{results['on'][label]['requests']} with it on, from {len(paths)} different URLs"
            f" (the first for the SQL queries), half of them for each wrk thread."
            for label, paths in varied.items()
        ),
    ]
    judged = backend == "postgresql" and not args.quick
    probes = probes_report(
        costly, flood, searches, results, memory, memory_rate, sitemap_page, judged
    )
    report += ["", "## Probes", "", probes]
    if backend == "postgresql":
        report += [
            "",
            f"Soak: {SOAK_CONNECTIONS} connections for {soak_seconds} s over HTTPS to nginx in "
            "front of two app servers (2 sync workers each), agenda and session pages in turn, "
            f"cache off: {soak['requests']} requests, {soak['rps']:.0f} req/s, "
            f"p99 {soak['p99']:.0f} ms, {soak['errors']} socket errors, "
            f"{soak['non_2xx']} non-2xx/3xx answers.",
        ]
    text = "\n".join(report) + "\n"
    print("\n" + text)
    output = ROOT / "bench" / f"results-{backend}{'-quick' if args.quick else ''}.md"
    output.parent.mkdir(exist_ok=True)
    output.write_text(text)
    print(f"Written to {output.relative_to(ROOT)}")
    if problems:
        raise SystemExit("Errors:\n" + "\n".join(problems))


if __name__ == "__main__":
    main()
