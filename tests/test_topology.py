"""The production topology, run for real (README: Deployment): nginx with the shipped
deploy/nginx/idm.conf in front of two Gunicorn app servers that share one PostgreSQL database
and one Redis, all on 127.0.0.1 (scripts/topology.py).

Marked `topology`: the default run leaves these tests out (tests/conftest.py); `make topology`
runs them under scripts/with-postgres, after `make test` in CI.
"""

import itertools
import json
import os
import re
import secrets
import ssl
import threading
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from http import client as http
from http.cookies import SimpleCookie

import pytest
from PIL import Image

from scripts.topology import HOST, SHIPPED_SITE, Topology, site_config

pytestmark = pytest.mark.topology

WORKSHOP = "/en/workshops/making-global-labour-mobility-a-catalyst-for-development/"
SESSION_PAGE = f"{WORKSHOP}sessions/session-i/"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# How long a check waits for what must happen by itself (answers, Redis back in use): a bound
# for a broken set-up, not a measure.
DEADLINE = 60

SET_UP = """
import json
from django.contrib.auth.models import Group, User
from workshops.models import Workshop
editor = User.objects.create_user("editor", password={password!r}, is_staff=True)
editor.groups.add(Group.objects.get(name="Editors"))
workshop = Workshop.objects.get(slug="making-global-labour-mobility-a-catalyst-for-development")
draft = workshop.duplicate_as_draft()
question = workshop.sessions.get(slug="session-i").guiding_questions.order_by("order")[0]
print(json.dumps({{"workshop": workshop.pk, "draft": draft.pk, "question": question.pk,
                  "question_text": question.text}}))
"""


@dataclass
class Response:
    status: int
    headers: http.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode()


class Browser:
    """What the checks need of a browser: cookies, forms and their files, sent to nginx over
    HTTPS, or to one app server directly with the headers nginx would add."""

    def __init__(self, topology, app_server=None):
        self.topology = topology
        self.app_server = app_server
        self.cookies = {}

    def connection(self):
        if self.app_server is not None:
            return http.HTTPConnection("127.0.0.1", self.app_server.port, timeout=30)
        context = ssl.create_default_context(cafile=self.topology.nginx.certificate)
        return http.HTTPSConnection(
            "127.0.0.1", self.topology.nginx.https_port, context=context, timeout=30
        )

    def request(self, method, path, body=None, headers=None):
        headers = {"Host": HOST, **(headers or {})}
        if self.app_server is not None:
            headers |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = self.connection()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields, files=None):
        body, content_type = multipart(fields, files or {})
        origin = f"https://{HOST}"
        headers = {"Content-Type": content_type, "Origin": origin, "Referer": origin + path}
        return self.request("POST", path, body, headers)

    def log_in(self, password):
        page = self.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        fields = [("csrfmiddlewaretoken", token), ("username", "editor"), ("password", password)]
        response = self.post("/admin/login/?next=/admin/", [*fields, ("next", "/admin/")])
        assert response.status == 302, response.text

    def save(self, path, changes, files=None):
        """Loads the admin page at `path`, makes `changes` to its form, presses Save."""
        fields = AdminForm.fields_of(self.get(path).text)
        # A select with no option yet (the admin's search boxes) sends nothing until chosen.
        kept = [(name, value) for name, value in fields if name not in changes]
        return self.post(path, [*kept, *changes.items(), ("_save", "Save")], files)


class AdminForm(HTMLParser):
    """The fields of the admin's add or change form as a browser sends them on Save."""

    def __init__(self):
        super().__init__()
        self.inside = False
        self.fields = []
        self.select = None
        self.textarea = None

    @classmethod
    def fields_of(cls, page):
        parser = cls()
        parser.feed(page)
        parser.close()
        assert parser.fields, "no admin form on the page"
        return parser.fields

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id", "").endswith("_form")
        if not self.inside or "disabled" in attrs:
            return
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if tag == "input" and name and kind not in {"submit", "button", "reset", "image", "file"}:
            if kind not in {"checkbox", "radio"}:
                self.fields.append((name, attrs.get("value", "")))
            elif "checked" in attrs:
                self.fields.append((name, attrs.get("value", "on")))
        elif tag == "select" and name:
            self.select = (name, "multiple" in attrs, [], [])
        elif tag == "option" and self.select:
            value = attrs.get("value", "")
            self.select[2].append(value)
            if "selected" in attrs:
                self.select[3].append(value)
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            name, multiple, options, selected = self.select
            chosen = selected or ([] if multiple else options[:1])
            self.fields += [(name, value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea:
            name, text = self.textarea
            # A newline right after <textarea> is not part of the value.
            self.fields.append((name, text.removeprefix("\n")))
            self.textarea = None


def multipart(fields, files):
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields
    ]
    for name, (filename, content_type, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@pytest.fixture(scope="module")
def topology():
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        pytest.fail("The topology needs PostgreSQL: run `make topology`.")
    with Topology(database_url) as topology:
        topology.manage("load_fixtures", "idm_2007", "-v0")
        yield topology


@pytest.fixture(scope="module")
def content(topology):
    """An editor account, a draft workshop and a guiding question shown on SESSION_PAGE."""
    password = secrets.token_urlsafe(16)
    output = topology.manage("shell", "--no-imports", "-c", SET_UP.format(password=password))
    return {**json.loads(output.splitlines()[-1]), "password": password}


@pytest.fixture(scope="module")
def editor(topology, content):
    """An editor logged in through nginx."""
    browser = Browser(topology)
    browser.log_in(content["password"])
    return browser


def page_keys(topology):
    with topology.redis.client() as redis:
        return redis.keys("*idm:page:*")


def question_url(content):
    return f"/admin/workshops/guidingquestion/{content['question']}/change/"


def test_the_nginx_site_is_the_shipped_one_with_only_its_machine_lines_changed(tmp_path):
    shipped = SHIPPED_SITE.read_text()
    tested = site_config(shipped, [8001, 8002], 8080, 8443, "/c.pem", "/k.pem", tmp_path)

    changed = set(shipped.splitlines()) - set(tested.splitlines())
    machine_lines = re.compile(r"\s*(listen .*|server \S+:8000 .*|.*# adapt)")
    assert changed and all(machine_lines.fullmatch(line) for line in changed)
    added = set(tested.splitlines()) - set(shipped.splitlines())
    assert {line.strip() for line in added} == {
        "server 127.0.0.1:8001 max_fails=3 fail_timeout=10s;",
        "server 127.0.0.1:8002 max_fails=3 fail_timeout=10s;",
        "listen 127.0.0.1:8080;",
        "listen 127.0.0.1:8443 ssl;",
        "ssl_certificate /c.pem;  # adapt",
        "ssl_certificate_key /k.pem;  # adapt",
        f"alias {tmp_path}/;  # adapt",
    }


def test_nginx_redirects_to_https_and_passes_the_pages_and_their_headers_on(topology):
    connection = http.HTTPConnection("127.0.0.1", topology.nginx.http_port, timeout=10)
    try:
        connection.request("GET", "/en/", headers={"Host": HOST})
        answer = connection.getresponse()
        assert (answer.status, answer.headers["Location"]) == (301, f"https://{HOST}/en/")
    finally:
        connection.close()

    browser = Browser(topology)
    home = browser.get("/en/")
    assert home.status == 200
    assert "Making Global Labour Mobility a Catalyst for Development" in home.text
    assert home.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "default-src 'self'" in home.headers["Content-Security-Policy"]
    (stylesheet,) = re.findall(r"/static/css/site\.[0-9a-f]{12}\.css", home.text)
    assert browser.get(stylesheet).status == 200

    health = browser.get("/healthz")
    assert json.loads(health.body) == {"status": "ok", "database": "ok", "cache": "ok"}


def test_an_edit_saved_through_one_app_server_shows_at_once_through_the_other(topology, content):
    first, second = topology.app_servers
    visitor_of_first, visitor_of_second = Browser(topology, first), Browser(topology, second)
    old_text = content["question_text"]
    assert old_text in visitor_of_first.get(SESSION_PAGE).text
    assert page_keys(topology)

    # Changed behind Django's back, which the page cache is not told of: the second app
    # server answers with the page the first one stored in Redis.
    topology.manage(
        "shell",
        "--no-imports",
        "-c",
        "from workshops.models import GuidingQuestion as Q; "
        f"Q.objects.filter(pk={content['question']}).update(text='Changed behind the back.')",
    )
    assert old_text in visitor_of_second.get(SESSION_PAGE).text

    editor_of_first = Browser(topology, first)
    editor_of_first.log_in(content["password"])
    saved = editor_of_first.save(question_url(content), {"text_en": "Edited through server A."})
    assert saved.status == 302, saved.text

    page = visitor_of_second.get(SESSION_PAGE).text
    assert "Edited through server A." in page
    assert old_text not in page


def test_uploaded_documents_are_sent_by_nginx_once_the_app_allowed_them(topology, content, editor):
    for workshop, slug in [(content["workshop"], "published-paper"), (content["draft"], "draft")]:
        document = {"workshop": str(workshop), "title_en": slug, "slug": slug, "kind": "paper"}
        added = editor.save(
            "/admin/workshops/document/add/",
            document,
            files={"file": (f"{slug}.pdf", "application/pdf", PDF)},
        )
        assert added.status == 302, added.text
    names = json.loads(
        topology.manage(
            "shell",
            "--no-imports",
            "-c",
            "import json; from workshops.models import Document; print(json.dumps(dict("
            "Document.objects.filter(slug__in=['published-paper', 'draft'])"
            ".values_list('slug', 'file'))))",
        ).splitlines()[-1]
    )
    visitor = Browser(topology)
    page = visitor.get(WORKSHOP)

    published = visitor.get(f"/media/{names['published-paper']}")
    assert published.status == 200
    assert published.body == PDF
    headers = published.headers
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'attachment; filename="published-paper.pdf"'
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "sandbox"
    assert headers["Cache-Control"] == "public, no-cache"
    for name in ["Strict-Transport-Security", "Referrer-Policy", "X-Frame-Options"]:
        assert headers[name] == page.headers[name]
    assert "X-Accel-Redirect" not in headers
    # The app server itself only decided: it sent no byte of the file.
    handed_over = Browser(topology, topology.app_servers[0]).get(
        f"/media/{names['published-paper']}"
    )
    assert handed_over.headers["X-Accel-Redirect"] == f"/protected-media/{names['published-paper']}"
    assert handed_over.body == b""

    assert visitor.get(f"/media/{names['draft']}").status == 404
    drafts = editor.get(f"/media/{names['draft']}")
    assert (drafts.status, drafts.body) == (200, PDF)
    assert "private" in drafts.headers["Cache-Control"]
    assert visitor.get(f"/protected-media/{names['published-paper']}").status == 404


def test_a_public_persons_photo_is_shown_inline_through_nginx(topology):
    photo = topology.directory / "photo.png"
    Image.new("RGB", (2, 2), "teal").save(photo)
    stored = topology.manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.files import File; from speakers.models import Speaker; "
        "speaker = Speaker.objects.published().order_by('pk')[0]; "
        f"speaker.photo.save('photo.png', File(open({str(photo)!r}, 'rb'))); "
        "print(speaker.photo.name)",
    )

    shown = Browser(topology).get(f"/media/{stored.splitlines()[-1]}")
    assert (shown.status, shown.body) == (200, photo.read_bytes())
    assert shown.headers["Content-Type"] == "image/png"
    assert shown.headers["Content-Disposition"].startswith("inline")
    assert shown.headers["X-Content-Type-Options"] == "nosniff"
    assert shown.headers["Content-Security-Policy"] == "sandbox"


def test_stopping_an_app_server_gracefully_fails_no_get_or_head_sent_through_nginx(topology):
    proxied = SHIPPED_SITE.read_text().split("location / {")[1]
    assert re.findall(r"^\s*proxy_next_upstream .*$", proxied, re.M) == [
        "        proxy_next_upstream error;"
    ]
    stopped = topology.app_servers[0]
    paths = [
        "/en/",
        SESSION_PAGE,
        "/api/v1/sessions/",
        *(f"/en/search/?q={word}" for word in ["labour", "remittances", "diaspora", "skills"]),
    ]
    answers, problems = [], []
    stop = threading.Event()

    def send_requests(offset):
        browser = Browser(topology)
        for count in itertools.count(offset):
            if stop.is_set():
                return
            method = "HEAD" if count % 3 == 0 else "GET"
            path = paths[count % len(paths)]
            try:
                answers.append((method, path, browser.request(method, path).status))
            except OSError as error:
                problems.append((method, path, error))

    def wait_for_answers(count):
        target = len(answers) + count
        deadline = time.monotonic() + DEADLINE
        while len(answers) < target and time.monotonic() < deadline and not problems:
            time.sleep(0.05)

    threads = [threading.Thread(target=send_requests, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    try:
        wait_for_answers(40)
        stopped.stop()
        wait_for_answers(40)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
        stopped.start()
        stopped.wait_until_serving()

    assert not problems
    assert len(answers) >= 80
    assert [answer for answer in answers if answer[2] != 200] == []
    # The stopped server had its share of the requests.
    log = [json.loads(line) for line in stopped.log.read_text().splitlines()]
    assert {entry.get("path") for entry in log} & {path.split("?")[0] for path in paths}


def test_without_redis_pages_are_served_and_saves_refused_until_it_is_back(
    topology, content, editor
):
    visitor = Browser(topology)
    topology.redis.stop()
    try:
        assert visitor.get("/en/").status == 200
        assert visitor.get(SESSION_PAGE).status == 200
        health = visitor.get("/healthz")
        assert health.status == 200
        assert json.loads(health.body)["cache"] == "unavailable"

        refused = editor.save(question_url(content), {"text_en": "Saved while Redis was down."})
        assert refused.status == 503
        assert "Changes cannot be saved while the site cannot reach its cache" in refused.text
        assert "Saved while Redis was down." not in visitor.get(SESSION_PAGE).text
    finally:
        topology.redis.start()

    deadline = time.monotonic() + DEADLINE
    while (
        saved := editor.save(question_url(content), {"text_en": "Saved once it was back."})
    ).status == 503:
        assert time.monotonic() < deadline, "saves still refused with Redis back"
        time.sleep(0.5)
    assert saved.status == 302, saved.text
    while not page_keys(topology):
        assert time.monotonic() < deadline, "pages not stored in Redis again"
        assert "Saved once it was back." in visitor.get(SESSION_PAGE).text
        time.sleep(0.5)
