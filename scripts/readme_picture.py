"""Take the README's picture: a number of the built page with its provenance tooltip open, in Chromium.

The corrected STORM number (1114, marked § as corrected) is focused, as a reader reaching it with the Tab
key would, and the part of the page around it and its tooltip is saved as a PNG. Needs Debian's chromium
(apt-get install chromium) and Playwright from requirements.lock; `make picture` runs it.

Usage: python scripts/readme_picture.py build/editorial.html docs/provenance-tooltip.png
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
NUMBER = '.fact[data-fact="storm.randomized"].corrected'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html")
    parser.add_argument("png")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 820, "height": 900}, device_scale_factor=1.5,
                                color_scheme="light", reduced_motion="reduce")
        page.goto(Path(args.html).resolve().as_uri())
        number = page.locator(NUMBER)
        number.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -150)")
        number.focus()
        own = number.bounding_box()
        tip = page.locator("#" + number.get_attribute("aria-describedby")).bounding_box()
        top = min(own["y"], tip["y"]) - 70
        bottom = max(own["y"] + own["height"], tip["y"] + tip["height"]) + 16
        left = min(own["x"], tip["x"]) - 16
        right = max(own["x"] + own["width"], tip["x"] + tip["width"]) + 16
        Path(args.png).parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=args.png, clip={"x": max(left, 0), "y": max(top, 0),
                                             "width": right - max(left, 0), "height": bottom - max(top, 0)})
        browser.close()
    print(f"wrote {args.png}")


if __name__ == "__main__":
    main()
