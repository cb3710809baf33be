"""Opportunities in a browser, at 375 px and 1280 px: the demo mentee adds two roles, scores
them against her plan, compares them side by side and accepts one, which becomes her current job
with its first ledger entry. Screenshots go to var/screenshots/."""

import pytest
from playwright.sync_api import expect

from apps.dashboard.demo import demo_seed
from apps.vision.models import Job
from tests.e2e.test_today import WIDTHS, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def add(page, live_server, title, organisation):
    page.goto(f"{live_server.url}/opportunities/new/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Organisation").fill(organisation)
    page.get_by_label("Where it stands").select_option("applied")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def score(page, value: str):
    page.get_by_role("link", name="Score against my plan").click()
    for radio in page.locator(f'form input[type="radio"][value="{value}"]').all():
        radio.check()
    page.get_by_role("button", name="Save scores").click()
    expect(page.get_by_role("status")).to_contain_text("Scores saved.")


@pytest.mark.parametrize("width", WIDTHS)
def test_add_score_compare_and_accept(browser, live_server, screenshot_dir, width):
    demo_seed()
    page = browser.new_page(viewport={"width": width, "height": 800})
    sign_in(page, live_server, "maya@example.com")

    add(page, live_server, "Product manager, clinical tools", "Healthwise")
    score(page, "4")
    add(page, live_server, "Analyst, patient flow", "City Trust")
    score(page, "2")

    page.goto(f"{live_server.url}/opportunities/")
    for title in ("Product manager, clinical tools", "Analyst, patient flow"):
        page.locator("li", has_text=title).get_by_label("Compare").check()
    page.get_by_role("button", name="Compare the chosen").click()
    table = page.locator("table.compare-table")
    expect(table).to_contain_text("Product manager, clinical tools")
    expect(table.locator("tr.compare-total").first).to_contain_text("4.0")
    # readable on a phone: the table scrolls inside its box, the page does not
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=screenshot_dir / f"opportunities-compare-{width}.png", full_page=True)

    table.get_by_role("link", name="Product manager, clinical tools").click()
    page.get_by_role("link", name="Decide").click()
    page.get_by_label("Accepted").check()
    page.get_by_label("Why").fill("Closer to patients at scale.")
    page.get_by_label("It starts on").fill("2027-02-01")
    page.get_by_role("button", name="Record my decision").click()
    expect(page.get_by_role("status")).to_contain_text("is your current job")
    page.get_by_role("link", name="Your job and its ledger").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Product manager, clinical tools")
    page.screenshot(path=screenshot_dir / f"opportunities-accepted-{width}.png", full_page=True)

    job = Job.objects.get(owner__email="maya@example.com", end_date__isnull=True)
    assert job.title == "Product manager, clinical tools"
    entry = job.ledger_entries.get()
    assert [score for score in entry.scores] and set(entry.scores) == {4}
    page.close()
