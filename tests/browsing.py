"""One Chromium for the browser tests (Debian's, driven by Playwright), a page per edition, and axe-core.

Where no browser is installed the tests skip, naming the command that installs it; under CI (CI set, as
.ci/run is run) a missing browser is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest

EDITIONS = ["editorial.html", "published/editorial.html"]
INSTALL = "apt-get install -y chromium  (then: make, which installs playwright from requirements.lock)"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium_path():
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "playwright is not installed"
    executable = chromium_path()
    if problem is None and executable is None:
        problem = "no Chromium at /usr/bin/chromium"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"{problem}: the browser tests need it in CI; install it with: {INSTALL}")
        pytest.skip(f"{problem}; install it with: {INSTALL}")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


class Visit:
    """A page of one edition, with what it requested and logged."""

    def __init__(self, browser, path, **context):
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.requests, self.errors = [], []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)

    def close(self):
        self.context.close()


@pytest.fixture(scope="session")
def visits(browser, built):
    """One desktop page per edition, kept for the session (each test resets what it changes)."""
    opened = {edition: Visit(browser, built / "build" / edition, viewport={"width": 1280, "height": 900})
              for edition in EDITIONS}
    yield opened
    for visit in opened.values():
        visit.close()


def axe_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    return [(violation["id"], [node["target"] for node in violation["nodes"]][:3])
            for violation in results.response["violations"]]
