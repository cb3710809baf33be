"""Today in a browser, at 375 px and 1280 px: the demo mentee's morning (the list first, an item
done and one snoozed in place, without a page load) and her mentor's (what waits for him).
Screenshots go to var/screenshots/."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.dashboard.demo import DEMO_PASSWORD, demo_seed
from apps.milestones import services as milestone_services
from apps.milestones.models import Milestone
from apps.network import services as network_services

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [375, 1280]


def sign_in(page, live_server, email):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_mentees_morning(browser, live_server, screenshot_dir, width):
    demo_seed()
    milestone = Milestone.objects.filter(
        owner__email="maya@example.com", status__in=["planned", "in_progress"]
    ).first()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    milestone_services.step_create(
        milestone=milestone, title="Send the slides to Sam", due_on=yesterday
    )
    network_services.contact_create(
        owner=milestone.owner, name="Priya Raman", cadence="monthly", relationship="peer"
    )
    page = browser.new_page(viewport={"width": width, "height": 800})
    sign_in(page, live_server, "maya@example.com")
    expect(page).to_have_url(f"{live_server.url}/dashboard/")

    # The list is on the first screen; on a phone the plan's cards fold beneath it.
    today = page.locator("#today")
    assert today.bounding_box()["y"] < 800
    overview = page.locator("details.plan-overview")
    assert overview.evaluate("part => part.open") is (width > 375)
    page.screenshot(path=screenshot_dir / f"today-mentee-{width}.png", full_page=True)

    # A step ticked in place: the page is not reloaded (a marker set on it survives).
    page.evaluate("window.stillHere = true")
    step = today.locator("li", has_text="Send the slides to Sam")
    step.get_by_role("button", name="Mark done").click()
    expect(today.get_by_role("status")).to_contain_text("Step done: Send the slides to Sam")
    expect(today.locator("li", has_text="Send the slides to Sam")).to_have_count(0)

    # Someone to reach out to, put off until tomorrow.
    priya = today.locator("li", has_text="Priya Raman")
    priya.locator("summary").click()
    priya.get_by_role("button", name="Tomorrow").click()
    expect(today.get_by_role("status")).to_contain_text("Snoozed until")
    expect(today.locator("li", has_text="Priya Raman")).to_have_count(0)
    assert page.evaluate("window.stillHere") is True
    page.screenshot(path=screenshot_dir / f"today-mentee-done-{width}.png", full_page=True)
    page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_mentors_morning(browser, live_server, screenshot_dir, width):
    demo_seed()
    page = browser.new_page(viewport={"width": width, "height": 800})
    sign_in(page, live_server, "sam@example.com")

    # Sam has no plan of his own: he lands on what his mentee waits for.
    expect(page).to_have_url(f"{live_server.url}/today/")
    today = page.locator("#today")
    checkins = today.locator("li", has_text="Maya Okafor checked in")
    expect(checkins).to_have_count(5)
    expect(today.locator("li", has_text="Good call")).to_have_count(1)
    page.screenshot(path=screenshot_dir / f"today-mentor-{width}.png", full_page=True)

    checkins.first.get_by_role("button", name="Mark read").click()
    expect(today.get_by_role("status")).to_contain_text("Marked read.")
    expect(today.locator("li", has_text="Maya Okafor checked in")).to_have_count(4)

    page.get_by_role("link", name="Your mentees").click()
    expect(page.get_by_role("heading", name="My mentees")).to_be_visible()
    page.close()
