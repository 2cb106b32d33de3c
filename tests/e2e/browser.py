"""Headless Debian Chromium driven by Selenium, shared by the e2e tests and the screenshots.

Uses the system chromium and chromedriver (`make browser` installs them): the driver path is
given explicitly, so Selenium Manager never downloads anything.
"""

import shutil
import tempfile
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
        "axe.run(document).then(done, (error) => done({error: String(error)}));"
    )
    assert "error" not in results, results
    return [v for v in results["violations"] if v["impact"] in impacts]


def describe(violations):
    return "\n".join(
        f"{v['impact']}: {v['id']} ({v['help']}): "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in violations
    )
