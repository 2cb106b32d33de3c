"""Full-page screenshots of the main pages at phone (360 px) and desktop (1280 px) widths.

Usage: python scripts/screenshots.py [OUTPUT_DIR]   (default: screenshots/; `make screenshots`)

Serves the site from a throwaway SQLite database with the 2007 seed workshop loaded
(migrate, loaddata, runserver on a free 127.0.0.1 port), drives headless Chromium
(tests/e2e/browser.py) and stops the server and removes the database on the way out.
"""

import base64
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.browser import WORKSHOP, chromium, emulate, missing  # noqa: E402

PAGES = {
    "home": "/en/",
    "workshop": WORKSHOP,
    "session": WORKSHOP + "sessions/session-i/",
    "speakers": "/en/speakers/",
    "policy-examples-filtered": "/en/policy-examples/?country=ES&topic=remittances",
    "guiding-questions": "/en/guiding-questions/",
}
WIDTHS = {"phone": (360, 740, True), "desktop": (1280, 800, False)}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port, server, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped (exit {server.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"the server did not answer on 127.0.0.1:{port} within {timeout} s")


def full_page_png(driver, width):
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": size["height"], "scale": 1},
        },
    )
    return base64.b64decode(shot["data"])


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "screenshots")
    if problem := missing():
        sys.exit(problem)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="idm-screenshots-") as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3", "DJANGO_DEBUG": "1"}
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (["migrate", "--noinput"], ["loaddata", "idm_2007"]):
            subprocess.run([*manage, *command, "-v", "0"], env=env, check=True)  # noqa: S603
        port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(port, server)
            with chromium() as driver:
                for kind, (width, height, mobile) in WIDTHS.items():
                    for name, path in PAGES.items():
                        emulate(driver, width, height, mobile)
                        driver.get(f"http://127.0.0.1:{port}{path}")
                        target = out / f"{name}-{kind}.png"
                        target.write_bytes(full_page_png(driver, width))
                        print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


if __name__ == "__main__":
    main()
