import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_plan import log_in
from tests.factories import MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_mentor_round_trip(page, live_server, mailoutbox, screenshot):
    mentee = UserFactory(display_name="Maya")
    milestone = MilestoneFactory(owner=mentee, title="Ask for the analytics budget")
    log_in(page, live_server, mentee)

    # The mentee invites a mentor.
    page.get_by_role("link", name="Mentoring").click()
    page.get_by_label("Your mentor's email").fill("sam@example.org")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to sam@example.org.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # The mentor signs up from the email link and lands back on the invitation.
    link = re.search(r"https?://\S+/mentoring/invitations/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.locator("#main").get_by_role("link", name="Sign up").click()
    page.get_by_label("Email").fill("sam@example.org")
    page.get_by_label("Display name").fill("Sam")
    page.get_by_label("Password:", exact=True).fill("mentor-pass-2026")
    page.get_by_label("Password (again)").fill("mentor-pass-2026")
    page.get_by_role("button", name="Sign Up").click()
    confirm = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(confirm)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("button", name="Accept and become their mentor").click()
    expect(page.get_by_role("heading", name="Maya's plan")).to_be_visible()

    # The mentor sees only what is shared, and comments on a milestone.
    expect(page.get_by_role("heading", name="Network")).to_have_count(0)
    page.get_by_role("link", name="Ask for the analytics budget", exact=True).click()
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    page.get_by_label("Add a comment").fill("Bring numbers from the pricing rebuild.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_text("Bring numbers from the pricing rebuild.")).to_be_visible()
    screenshot("mentor-comment")
    page.get_by_role("button", name="Log out").click()

    # The mentee reads it and replies.
    log_in(page, live_server, mentee)
    expect(page.get_by_role("link", name=re.compile("Mentoring"))).to_contain_text("1")
    page.goto(f"{live_server.url}/milestones/{milestone.pk}/")
    expect(page.get_by_text("Bring numbers from the pricing rebuild.")).to_be_visible()
    page.get_by_text("Reply", exact=True).click()
    page.get_by_label("Your reply").fill("Good idea, I will.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("Good idea, I will.")).to_be_visible()

    # The mentee ends the mentorship; the mentor can no longer open the plan.
    page.get_by_role("link", name="Mentoring").click()
    page.get_by_role("link", name="End this mentorship").click()
    page.get_by_role("button", name="End mentorship").click()
    page.get_by_role("button", name="Log out").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("sam@example.org")
    page.get_by_label("Password:", exact=True).fill("mentor-pass-2026")
    page.get_by_role("button", name="Sign In").click()
    response = page.goto(f"{live_server.url}/milestones/{milestone.pk}/")
    assert response.status == 404
    response = page.goto(f"{live_server.url}/mentoring/mentees/{mentee.pk}/")
    assert response.status == 404
