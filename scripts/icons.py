"""The PNG app icons, drawn by headless Chromium from the SVGs in static/icons/.

Usage: python scripts/icons.py   (after changing icon.svg or icon-maskable.svg)

Browsers use icon.svg as the favicon; the web app manifest and iOS's home screen want PNGs of
given sizes, which this writes next to the SVGs (tests/e2e/browser.py's Chromium, so nothing is
installed or downloaded).
"""

import base64
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.browser import chromium, emulate, missing  # noqa: E402

ICONS = ROOT / "static" / "icons"
# PNG name: (drawn from, size in pixels).
PNGS = {
    "icon-192.png": ("icon.svg", 192),
    "icon-512.png": ("icon.svg", 512),
    "icon-maskable-512.png": ("icon-maskable.svg", 512),
    "apple-touch-icon.png": ("icon-maskable.svg", 180),
}


def page(svg, size):
    image = base64.b64encode(svg.encode()).decode()
    html = (
        "<!DOCTYPE html><html><body style='margin:0;background:transparent'>"
        f"<img src='data:image/svg+xml;base64,{image}' width='{size}' height='{size}'"
        " style='display:block'></body></html>"
    )
    return "data:text/html;base64," + base64.b64encode(html.encode()).decode()


def main():
    if problem := missing():
        sys.exit(problem)
    with chromium(600, 600) as driver:
        emulate(driver, 600, 600)
        driver.execute_cdp_cmd(
            "Emulation.setDefaultBackgroundColorOverride",
            {"color": {"r": 0, "g": 0, "b": 0, "a": 0}},
        )
        for name, (source, size) in PNGS.items():
            driver.get(page((ICONS / source).read_text(), size))
            clip = {"x": 0, "y": 0, "width": size, "height": size, "scale": 1}
            shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "clip": clip})
            (ICONS / name).write_bytes(base64.b64decode(shot["data"]))
            print(f"static/icons/{name}: {size}x{size} from {source}")


if __name__ == "__main__":
    main()
