#!/usr/bin/env python3
"""The production topology on loopback (README: Deployment): nginx from Debian with
deploy/nginx/idm.conf in front of two Gunicorn app servers, which share one PostgreSQL
database (DATABASE_URL) and one Redis.

    scripts/with-postgres .venv/bin/python scripts/topology.py   # serves until Ctrl-C

`Topology` is used by tests/test_topology.py (`make topology`) and by scripts/bench.py's soak.
The nginx site is the shipped one with only its machine lines changed: the app servers'
addresses, the ports, the certificate (self-signed, made here) and the media directory. The
app servers run with the production settings. Everything lives in a temporary directory;
leaving the `with` block stops every process and removes the directory, however it is left
(SIGTERM included).
nginx and redis-server must be installed (`make proxy-and-cache`).
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_SITE = ROOT / "deploy" / "nginx" / "idm.conf"
HOST = "idm.example.org"
NGINX = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin") or "nginx"
APP_SERVERS = ("A", "B")
# Gunicorn workers of each app server: the machines that run this have 2 cores.
WORKERS = 2
# How long a process may take to start or stop before it counts as broken.
START_TIMEOUT = 60
STOP_TIMEOUT = 40


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(ready, process, what, log):
    """Polls `ready()` until it is true; fails if `process` exits or START_TIMEOUT passes, with
    the end of its log (which goes with the temporary directory)."""
    deadline = time.monotonic() + START_TIMEOUT
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            lines = log.read_text().splitlines()[-30:] if log.exists() else []
            raise RuntimeError("\n".join([f"{what} did not start; the end of {log}:", *lines]))
        time.sleep(0.2)


def accepts_connections(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def stop_processes(processes, stop_signal=signal.SIGTERM):
    """Sends `stop_signal` to each process, then waits for them to end; kills those that take
    too long. Leaves alone those that never started (`None`) or have ended."""
    running = [process for process in processes if process is not None and process.poll() is None]
    for process in running:
        process.send_signal(stop_signal)
    deadline = time.monotonic() + STOP_TIMEOUT
    for process in running:
        try:
            process.wait(timeout=max(deadline - time.monotonic(), 0))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def site_config(shipped, upstreams, http_port, https_port, certificate, key, media_root):
    """The shipped nginx site with its machine-specific lines replaced for this machine.

    Each replaced line must be found as many times as expected: if the shipped file changes
    shape, this fails rather than test something else.
    """

    def app_servers(match):
        """One line per app server, with the parameters of the shipped first line."""
        first = match.group(0).splitlines(keepends=True)[0]
        return "".join(re.sub(r"\S+:8000", f"127.0.0.1:{port}", first) for port in upstreams)

    text = shipped
    replacements = [
        (r"(?:^ *server \S+:8000 .*\n)+", app_servers, 1),
        (r"^( *)listen 80;$", rf"\1listen 127.0.0.1:{http_port};", 1),
        (r"^( *)listen 443 ssl;$", rf"\1listen 127.0.0.1:{https_port} ssl;", 1),
        # Loopback over IPv4 only: a CI machine may have no IPv6.
        (r"^ *listen \[::\]:.*\n", "", 2),
        (r"^( *ssl_certificate) \S+;", rf"\1 {certificate};", 1),
        (r"^( *ssl_certificate_key) \S+;", rf"\1 {key};", 1),
        (r"^( *alias) /srv/idm/media/;", rf"\1 {media_root}/;", 1),
    ]
    for pattern, replacement, count in replacements:
        text, found = re.subn(pattern, replacement, text, flags=re.M)
        if found != count:
            raise RuntimeError(f"{SHIPPED_SITE}: {pattern!r} found {found} times, not {count}")
    return text


def main_config(directory, site):
    """nginx's main configuration: the site, and every file nginx writes, in `directory`."""
    temp = directory / "nginx"
    # Started as root, nginx runs its workers as Debian's web server user, as in production:
    # they must be able to read the media directory.
    user = "user www-data;" if os.geteuid() == 0 else ""
    return f"""{user}
worker_processes 2;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    ssl_protocols TLSv1.2 TLSv1.3;
    access_log {directory}/nginx-access.log;
    client_body_temp_path {temp}/client_body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {site};
}}
"""


def self_signed_certificate(directory):
    """A certificate for HOST and 127.0.0.1, good for two days, and its key."""
    certificate, key = directory / "cert.pem", directory / "key.pem"
    command = ["openssl", "req", "-x509", "-nodes", "-days", "2", "-subj", f"/CN={HOST}"]
    command += ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    command += ["-addext", f"subjectAltName=DNS:{HOST},IP:127.0.0.1"]
    command += ["-keyout", str(key), "-out", str(certificate)]
    subprocess.run(command, check=True, capture_output=True)  # noqa: S603
    return certificate, key


class Redis:
    """redis-server on a free port, without persistence, with the memory limit the README asks
    for; stop() and start() again keep the port."""

    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.log = directory / "redis.log"
        self.process = None

    def client(self):
        return redis.Redis(port=self.port, socket_timeout=2, socket_connect_timeout=2)

    def ping(self):
        try:
            with self.client() as client:
                return client.ping()
        except redis.RedisError:
            return False

    def start(self):
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        command += ["--maxmemory", "64mb", "--maxmemory-policy", "allkeys-lru"]
        command += ["--logfile", str(self.log)]
        self.process = subprocess.Popen(command, start_new_session=True)  # noqa: S603
        wait_for(self.ping, self.process, "redis-server", self.log)

    def stop(self):
        stop_processes([self.process])


class AppServer:
    """gunicorn with gunicorn.conf.py on a free port of 127.0.0.1, its output in a log file."""

    def __init__(self, name, environment, directory):
        self.name = name
        self.port = free_port()
        self.environment = {
            **environment,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(WORKERS),
        }
        self.log = directory / f"gunicorn-{name}.log"
        self.process = None

    def start(self):
        with open(self.log, "a") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"],
                cwd=ROOT,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_serving(self):
        wait_for(self.answers_health_check, self.process, f"gunicorn {self.name}", self.log)

    def answers_health_check(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", "/healthz", headers={"Host": HOST})
            return connection.getresponse().status == 200
        except OSError:
            return False
        finally:
            connection.close()

    def stop(self):
        """A graceful stop, as the service manager does it: requests under way are finished."""
        stop_processes([self.process])


class Nginx:
    def __init__(self, directory, upstreams):
        self.directory = directory
        self.http_port, self.https_port = free_port(), free_port()
        self.certificate, self.key = self_signed_certificate(directory)
        self.media_root = directory / "media"
        self.site = directory / "idm.conf"
        self.site.write_text(
            site_config(
                SHIPPED_SITE.read_text(),
                upstreams,
                self.http_port,
                self.https_port,
                self.certificate,
                self.key,
                self.media_root,
            )
        )
        self.config = directory / "nginx.conf"
        self.config.write_text(main_config(directory, self.site))
        (directory / "nginx").mkdir()
        self.process = None

    def start(self):
        log = self.directory / "nginx-error.log"
        command = [NGINX, "-p", str(self.directory), "-c", str(self.config)]
        checked = subprocess.run([*command, "-t", "-q"], capture_output=True, text=True)  # noqa: S603
        if checked.returncode:
            raise RuntimeError(f"nginx refused its configuration:\n{checked.stderr}")
        self.process = subprocess.Popen(command, start_new_session=True)  # noqa: S603
        wait_for(lambda: accepts_connections(self.https_port), self.process, "nginx", log)

    def stop(self):
        stop_processes([self.process], signal.SIGQUIT)


@contextmanager
def stopped_by_sigterm():
    """SIGTERM stops the program as Ctrl-C does, so that the `with` blocks still stop what
    they started (and pytest ends the run, tearing its fixtures down)."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class Topology:
    """The whole set-up, for a `with` block: Redis, migrations and static files, the app
    servers, nginx. `environment` adds or overrides settings of the app servers."""

    def __init__(self, database_url, environment=None):
        if not database_url.startswith("postgres"):
            raise RuntimeError("The topology needs PostgreSQL: run it under scripts/with-postgres.")
        self.database_url = database_url
        self.extra_environment = environment or {}

    def __enter__(self):
        with ExitStack() as stack:
            stack.enter_context(stopped_by_sigterm())
            self.directory = Path(tempfile.mkdtemp(prefix="idm-topology-"))
            stack.callback(shutil.rmtree, self.directory, ignore_errors=True)
            # nginx's workers, another user when started as root, read the media under it.
            self.directory.chmod(0o755)

            self.redis = Redis(self.directory)
            stack.callback(self.redis.stop)
            self.redis.start()

            self.environment = self.production_environment()
            (self.directory / "media").mkdir()
            self.deploy()

            self.app_servers = [
                AppServer(name, self.environment, self.directory) for name in APP_SERVERS
            ]
            # At the end, no need to wait for the workers (SIGINT: gunicorn's quick shutdown).
            stack.callback(
                lambda: stop_processes([s.process for s in self.app_servers], signal.SIGINT)
            )
            for server in self.app_servers:
                server.start()
            for server in self.app_servers:
                server.wait_until_serving()

            self.nginx = Nginx(self.directory, [server.port for server in self.app_servers])
            stack.callback(self.nginx.stop)
            self.nginx.start()
            self.https = f"https://127.0.0.1:{self.nginx.https_port}"
            self._stack = stack.pop_all()
        return self

    def __exit__(self, *exc):
        self._stack.close()

    def production_environment(self):
        own = ("DJANGO_", "GUNICORN_", "DATABASE_URL")
        inherited = {name: value for name, value in os.environ.items() if not name.startswith(own)}
        return {
            **inherited,
            "DATABASE_URL": self.database_url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
            "DJANGO_CACHE_URL": self.redis.url,
            "DJANGO_MEDIA_ROOT": str(self.directory / "media"),
            "DJANGO_MEDIA_ACCEL_REDIRECT": "/protected-media/",
            "DJANGO_STATIC_ROOT": str(self.directory / "static"),
            "DJANGO_TRUSTED_PROXY_COUNT": "1",
            **self.extra_environment,
        }

    def deploy(self):
        """What a release runs before the app servers start: collectstatic meanwhile."""
        collectstatic = self.manage_process("collectstatic", "--noinput", "-v0")
        self.manage("migrate", "--noinput", "-v0")
        if collectstatic.wait():
            raise RuntimeError("collectstatic failed")

    def manage_process(self, *args, **kwargs):
        return subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.environment, **kwargs
        )

    def manage(self, *args):
        """Runs a management command with the app servers' settings; returns its output."""
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.environment,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout


def main():
    with Topology(os.environ.get("DATABASE_URL", "")) as topology:
        topology.manage("load_fixtures", "idm_2007", "-v0")
        servers = ", ".join(f"{s.name} on 127.0.0.1:{s.port}" for s in topology.app_servers)
        print(
            f"nginx: {topology.https} (https, Host {HOST}; self-signed certificate), "
            f"http on 127.0.0.1:{topology.nginx.http_port}\n"
            f"app servers: {servers}\nredis: {topology.redis.url}\n"
            f"logs and configuration: {topology.directory}\n"
            f"try: curl -k -H 'Host: {HOST}' {topology.https}/en/\n"
            "Ctrl-C stops it all.",
            flush=True,
        )
        with suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()
