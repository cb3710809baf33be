"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest

from tests.conftest import require_service

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Lets a test see and cut a service worker's own requests (Playwright routes them only with
# this set before it starts; `context.set_offline` alone leaves them online in Chromium,
# microsoft/playwright#2311). tests/e2e/test_pwa.py relies on it.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require_service(CHROMIUM.exists(), f"{CHROMIUM} is not installed")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A browser away from UTC, so that time zone handling shows."""
    return {**browser_context_args, "timezone_id": "Europe/Lisbon"}


@pytest.fixture
def screenshot_dir():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def screenshot(page):
    """Saves a full-page screenshot under var/screenshots/ (gitignored) for people to look at."""

    def take(name: str):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take


@pytest.fixture(autouse=True)
def site_url(settings, live_server):
    """In a browser journey the site's public address is the live server's: links in emails
    (verification, reminders) lead back to it."""
    settings.SITE_URL = live_server.url
