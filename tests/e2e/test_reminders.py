import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from apps.checkins.models import CheckIn
from apps.reminders import services
from tests.conftest import checkin_due_now
from tests.factories import PASSWORD, CheckInFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reminder_link_leads_to_a_saved_check_in(page, live_server, smtp, settings, screenshot):
    settings.SITE_URL = live_server.url
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        user = UserFactory(time_zone="Europe/London")
        CheckInFactory(owner=user, north_star_progress=2)  # an earlier one, so a trend shows
    # This week's check-in falls at this very hour, today, with no quiet hours in the way.
    checkin_due_now(user)
    services.reminders_dispatch()

    body = smtp.messages[0].get_payload()[0].get_payload(decode=True).decode()
    html = smtp.messages[0].get_payload()[1].get_payload(decode=True).decode()
    for width in (375, 1280):  # the email as the SMTP sink received it
        page.set_viewport_size({"width": width, "height": 800})
        page.set_content(html)
        screenshot(f"reminder-email-{width}")
    link = re.search(r"Check in now: (\S+)", body).group(1)
    page.goto(link)
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    expect(page.get_by_role("heading", name="Check in: job or career?")).to_be_visible()
    page.locator("#id_north_star_progress_3").check()
    page.locator("#id_job_or_career_3").check()
    page.get_by_label("What I learned").fill("Negotiating scope")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    expect(page.locator(".line-chart circle")).to_have_count(4)  # two check-ins, two lines
    screenshot("checkins")
    assert CheckIn.objects.filter(owner=user, learned="Negotiating scope").count() == 1

    unsubscribe = re.search(r"Check-in reminders: (\S+)", body).group(1)
    page.goto(unsubscribe)
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("status")).to_contain_text("Check-in reminders")
    CheckIn.objects.all().delete()
    services.reminders_dispatch(
        now=datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=8)
    )
    assert len(smtp.messages) == 1


def test_one_tap_in_the_email_and_one_on_the_page_check_in(
    page, live_server, smtp, settings, screenshot
):
    settings.SITE_URL = live_server.url
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        user = UserFactory(time_zone="Europe/London")
        CheckInFactory(owner=user, next_step="Ask Ada for feedback")
    checkin_due_now(user)
    services.reminders_dispatch()
    html = smtp.messages[0].get_payload()[1].get_payload(decode=True).decode()
    page.set_content(html)
    expect(page.get_by_text("Last time you said you would:")).to_be_visible()
    four = page.get_by_role("link", name="4", exact=True).get_attribute("href")

    for width in (375, 1280):  # a phone first: the buttons wrap, nothing scrolls sideways
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(four)
        expect(page.locator("#id_north_star_progress_3")).to_be_checked()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(f"checkin-from-email-{width}")
    page.get_by_role("button", name="3", exact=True).click()

    expect(page.get_by_text("Check-in saved.")).to_be_visible()
    # Signed out, the link shows no more than the scores; signing in brings the rest.
    expect(page.get_by_text("Last time you said you would")).to_have_count(0)
    page.get_by_role("link", name="sign in").click()
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_text("Last time you said you would: “Ask Ada for feedback”")).to_be_visible()
    page.get_by_label("Partly").check()
    page.get_by_label("What I learned").fill("Asking early saves a week")
    page.get_by_role("button", name="Save check-in").click()
    expect(page.get_by_text("Check-in updated.")).to_be_visible()
    checkin = CheckIn.objects.filter(owner=user).first()
    assert (checkin.north_star_progress, checkin.job_or_career) == (4, 3)
    assert (checkin.previous_step_outcome, checkin.learned) == (
        "partly",
        "Asking early saves a week",
    )
    assert CheckIn.objects.filter(owner=user).count() == 2
