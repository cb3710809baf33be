import re

import pytest
from playwright.sync_api import expect

from apps.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_confirm_and_log_in_through_the_real_pages(
    page, live_server, mailoutbox, screenshot
):
    page.goto(live_server.url)
    screenshot("landing")
    page.get_by_role("link", name="Start your plan").click()

    page.get_by_label("Email").fill("browser@example.com")
    page.get_by_label("Display name").fill("Bea Browser")
    page.get_by_label("Password:", exact=True).fill("a-browser-pass-2026")
    page.get_by_label("Password (again)").fill("a-browser-pass-2026")
    screenshot("signup")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Where are you going?")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Build a career, not just a job.")).to_be_visible()

    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("Email").fill("browser@example.com")
    page.get_by_label("Password:", exact=True).fill("a-browser-pass-2026")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Job or career, Bea Browser?")).to_be_visible()
    screenshot("dashboard")
    assert User.objects.get(email="browser@example.com").time_zone == "Europe/Lisbon"
