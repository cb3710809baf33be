"""A mentoring relationship in two browsers: the mentor proposes an agreement and the mentee
confirms it; she proposes a session and he accepts it (both get the calendar invitation); the
agenda shows the check-in she made since; he writes the notes and gives her an action item,
which she turns into a milestone of her plan; after the session both get the follow-up."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from apps.checkins import services as checkin_services
from apps.meetings.models import Session
from apps.milestones.models import Milestone
from tests.e2e.test_plan import log_in
from tests.factories import MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def calendar_parts(message) -> list[str]:
    """The text/calendar parts of a sent email, as text."""
    parsed = message.message()
    return [
        part.get_payload(decode=True).decode()
        for part in parsed.walk()
        if part.get_content_type() == "text/calendar"
    ]


def test_agreement_session_agenda_notes_action_item_and_follow_up(
    browser, live_server, mailoutbox, screenshot_dir
):
    maya = UserFactory(display_name="Maya Okafor", time_zone="Europe/London")
    sam = UserFactory(display_name="Sam Rivera", time_zone="America/New_York")
    pair = MentorshipFactory(mentee=maya, mentor=sam)
    mentor = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    mentee = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(mentor, live_server, sam)
    log_in(mentee, live_server, maya)

    # The mentor proposes what the mentorship is for; the mentee confirms.
    mentor.goto(f"{live_server.url}/sessions/")
    mentor.get_by_role("link", name="With your mentee Maya Okafor").click()
    mentor.get_by_role("link", name="Propose an agreement").click()
    mentor.get_by_label("What it is for").fill("Get Maya ready to lead the pricing team.")
    mentor.get_by_label("Meet every (weeks)").fill("2")
    until = timezone.localdate() + datetime.timedelta(days=180)
    mentor.get_by_label("Until").fill(until.isoformat())
    mentor.get_by_role("button", name="Propose").click()
    expect(mentor.locator("main")).to_contain_text("Your proposal, waiting for confirmation")

    mentee.goto(f"{live_server.url}/sessions/pair/{pair.pk}/")
    expect(mentee.locator("main")).to_contain_text("Sam Rivera proposes")
    mentee.get_by_role("button", name="Confirm").click()
    expect(mentee.locator("main")).to_contain_text("Every 2 weeks until")

    # She proposes a session at 14:00 her time; he sees 09:00 his, and accepts.
    day = timezone.localdate() + datetime.timedelta(days=3)
    mentee.get_by_role("link", name="Propose a session").first.click()
    mentee.get_by_label("Day:", exact=True).fill(day.isoformat())
    mentee.get_by_label("Time:", exact=True).fill("14:00")
    mentee.get_by_label("Length (minutes)").fill("45")
    mentee.get_by_label("Place or video link").fill("https://meet.example.com/maya-sam")
    mentee.get_by_role("button", name="Save").click()
    expect(mentee.locator("main")).to_contain_text("waiting for the other side to accept")
    session = Session.objects.get()

    mentor.goto(f"{live_server.url}/sessions/{session.pk}/")
    expect(mentor.locator(".session-facts")).to_contain_text("09:00–09:45")
    mentor.get_by_role("button", name="Accept").click()
    expect(mentor.locator("main")).to_contain_text("You both get an invitation")
    invitations = [m for m in mailoutbox if calendar_parts(m)]
    assert sorted(m.to[0] for m in invitations) == sorted([maya.email, sam.email])
    assert all("METHOD:REQUEST" in calendar_parts(m)[0] for m in invitations)

    # She checks in; the agenda of the session shows it.
    checkin_services.checkin_create(owner=maya, north_star_progress=4, job_or_career=5)
    mentor.reload()
    expect(mentor.locator("#agenda")).to_contain_text("4/5 toward the North Star, 5/5 career")

    # He writes the notes and gives her an action item.
    mentor.get_by_role("textbox", name="Shared notes:").fill("Rehearse the talk on the **12th**.")
    mentor.get_by_role("button", name="Save the notes").click()
    expect(mentor.locator("#notes")).to_contain_text("Rehearse the talk on the 12th.")
    mentor.get_by_label("Who:", exact=True).select_option(label="Maya Okafor")
    mentor.get_by_label("Action:", exact=True).fill("Submit the PyData abstract")
    mentor.get_by_role("button", name="Add the action item").click()
    expect(mentor.locator("#actions")).to_contain_text("Submit the PyData abstract")

    # She makes it a milestone of her plan in one click.
    mentee.goto(f"{live_server.url}/sessions/{session.pk}/")
    mentee.get_by_role("button", name="Make it a milestone").click()
    expect(mentee.get_by_role("heading", level=1)).to_contain_text("Submit the PyData abstract")
    assert Milestone.objects.filter(owner=maya, title="Submit the PyData abstract").exists()
    mentee.screenshot(path=screenshot_dir / "session-milestone.png", full_page=True)

    # After the session, the follow-up goes to both, once.
    with time_machine.travel(session.ends_at + datetime.timedelta(minutes=5), tick=True):
        mentor.goto(f"{live_server.url}/sessions/{session.pk}/")
        mentor.screenshot(path=screenshot_dir / "session-page.png", full_page=True)
        mentor.get_by_role("button", name="Send the follow-up to both of us").click()
        expect(mentor.locator("main")).to_contain_text("Follow-up sent")
    follow_ups = [m for m in mailoutbox if "Submit the PyData abstract" in m.body]
    assert sorted(m.to[0] for m in follow_ups) == sorted([maya.email, sam.email])
    assert all(re.search(r"Rehearse the talk on the \**12th", m.body) for m in follow_ups)
