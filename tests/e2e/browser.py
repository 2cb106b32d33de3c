"""Headless Debian Chromium driven by Selenium, shared by the e2e tests and the screenshots.

Uses the system chromium and chromedriver (`make browser` installs them): the driver path is
given explicitly, so Selenium Manager never downloads anything.
"""

import contextlib
import shutil
import socket
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.wait import WebDriverWait

# The seed workshop (fixtures/idm_2007.json).
WORKSHOP = "/en/workshops/making-global-labour-mobility-a-catalyst-for-development/"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# A current axe-core (4.x), as shipped inside the axe-playwright-python wheel; only the script
# is used, injected through Selenium.
AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"
FLAGS = [
    "--headless=new",
    "--no-sandbox",  # runs as root in CI
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--lang=en",
]


def missing():
    """What is missing to run the browser, or an empty string."""
    absent = [path for path in (CHROMIUM, CHROMEDRIVER) if not Path(path).exists()]
    return f"{' and '.join(absent)} missing: run `make browser`" if absent else ""


@contextmanager
def chromium(width=1280, height=900):
    """A headless Chromium with a fresh profile, quit and removed on exit."""
    profile = tempfile.mkdtemp(prefix="idm-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        driver.set_page_load_timeout(30)
        driver.set_script_timeout(30)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def emulate(driver, width, height, mobile=False):
    """Set the viewport to width x height CSS pixels (a phone when mobile)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def reset_emulation(driver):
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@contextmanager
def language(driver, code):
    """Pages asked for in the language `code`, as a browser set to it asks (its
    Accept-Language header: the admin follows it)."""
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {"Accept-Language": code}})
    try:
        yield
    finally:
        driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": {}})
        driver.execute_cdp_cmd("Network.disable", {})


def path_becomes(driver, path):
    """Waits for a navigation that a click or a key started to land on path."""
    WebDriverWait(driver, 10).until(
        lambda d: (
            urlsplit(d.current_url).path == path
            and d.execute_script("return document.readyState") == "complete"
        ),
        f"expected to land on {path}",
    )


def axe_violations(driver, impacts=("serious", "critical")):
    """Runs axe-core on the current page; the violations of the given impacts."""
    if not driver.execute_script("return typeof axe !== 'undefined'"):
        driver.execute_script(AXE_SCRIPT.read_text(encoding="utf-8"))
    results = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        # Only the violations are gathered: the passes and the rest would double the run.
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(done, (error) => done({error: String(error)}));"
    )
    assert "error" not in results, results
    return [v for v in results["violations"] if v["impact"] in impacts]


def describe(violations):
    return "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}): "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in violations
    )


def forget_the_site(driver, url):
    """Leaves the site and deletes what it stored: its service worker, what that kept, the
    visitor's storage. A worker keeping a workshop goes on fetching its pages after the page
    that started it is gone: those requests would reach the live server during the next
    tests, after their database was emptied."""
    if driver.current_url.startswith(url):
        driver.execute_script("sessionStorage.clear()")
    driver.get("about:blank")
    driver.execute_cdp_cmd(
        "Storage.clearDataForOrigin",
        {"origin": url, "storageTypes": "local_storage,service_workers,cache_storage"},
    )


def kept_addresses(driver):
    """Every address the service worker keeps, cache by cache."""
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "caches.keys().then(async (names) => { const kept = {};"
        "  for (const name of names) { const cache = await caches.open(name);"
        "    kept[name] = (await cache.keys()).map("
        "      (request) => new URL(request.url).pathname + new URL(request.url).search); }"
        "  done(kept); }).catch((error) => done({error: String(error)}));"
    )


def wait_until_kept(driver):
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script(
            "const status = document.querySelector('[data-offline-list]');"
            "return status && !status.hidden;"
        ),
        "the workshop is kept",
    )


class Cable:
    """The live server on a port of its own, through a TCP relay that the test can cut: the
    browser then reaches no server, as when the venue's Wi-Fi is down, while the live server
    itself goes on for the other tests. Another port is another origin: the service worker
    registered through it is this test's alone."""

    def __init__(self, url):
        self.target = urlsplit(url).port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.sockets = []
        self.lock = threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                browser_side, _address = self.listener.accept()
            except OSError:  # cut
                return
            server_side = socket.create_connection(("127.0.0.1", self.target))
            with self.lock:
                self.sockets += [browser_side, server_side]
            for source, sink in ((browser_side, server_side), (server_side, browser_side)):
                threading.Thread(target=self.relay, args=(source, sink), daemon=True).start()

    @staticmethod
    def relay(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def cut(self):
        # Shut down first: that wakes the accept() waiting in the other thread, which close()
        # alone would leave listening.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self.lock:
            for end in self.sockets:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()
