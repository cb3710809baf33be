import datetime

import pytest
from playwright.sync_api import expect

from apps.milestones.models import Milestone
from tests.factories import PASSWORD, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_a_vision_and_a_milestone_appear_on_the_dashboard(page, live_server, screenshot):
    user = UserFactory(display_name="Vera")
    log_in(page, live_server, user)

    page.get_by_role("link", name="Vision", exact=True).click()
    page.get_by_role("link", name="Edit vision").click()
    page.get_by_text("Add where you want to be in 1, 10 and 20 years").click()
    page.locator("#id_h10-statement").fill("Run a studio that designs public services people love")
    page.locator("#id_h10-target_role").fill("Studio director")
    page.get_by_label("My North Star").select_option("10")
    page.get_by_role("button", name="Save vision").click()
    expect(page.get_by_text("Vision saved.")).to_be_visible()

    page.get_by_role("link", name="Milestones", exact=True).click()
    page.get_by_role("link", name="Add a milestone").click()
    page.get_by_label("Title").fill("Lead the redesign of the permit form")
    page.get_by_label("Serves my horizon").select_option("1")
    page.get_by_label("Kind").select_option("ownership")
    page.get_by_label("Target date").fill("2027-03-01")
    page.get_by_role("button", name="Add milestone").click()
    expect(page.get_by_role("heading", name="Lead the redesign of the permit form")).to_be_visible()

    page.get_by_role("link", name="Dashboard").click()
    expect(page.locator(".north-star-statement")).to_contain_text("public services people love")
    expect(page.locator(".roadmap-wide")).to_contain_text("Lead the redesign")
    expect(page.locator("#next-heading + ul")).to_contain_text(
        "Lead the redesign of the permit form"
    )
    screenshot("dashboard-with-plan")


def test_status_and_steps_update_in_place(page, live_server):
    user = UserFactory()
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/milestones/new/")
    page.get_by_label("Title").fill("Give a talk")
    page.get_by_role("button", name="Add milestone").click()

    page.get_by_label("New step").fill("Write the outline")
    page.get_by_role("button", name="Add step").click()
    expect(page.locator(".checklist")).to_contain_text("Write the outline")
    expect(page.get_by_label("New step")).to_be_focused()
    page.keyboard.type("Rehearse twice")
    page.keyboard.press("Enter")
    expect(page.locator(".checklist")).to_contain_text("Rehearse twice")
    page.get_by_role("button", name="Mark “Write the outline” done").click()
    expect(page.locator("#milestone-progress")).to_have_text("50%")

    page.goto(f"{live_server.url}/milestones/")
    url_before = page.url
    page.get_by_label("Status of Give a talk").select_option("in_progress")
    expect(page.locator(".milestone-item")).to_contain_text("Give a talk")
    expect(page.get_by_label("Status of Give a talk")).to_have_value("in_progress")
    assert page.url == url_before


def test_editing_a_dated_milestone_keeps_its_date(page, live_server):
    """The date input shows the saved date (ISO, whatever the language's format), so saving
    after changing only the title keeps it."""
    user = UserFactory()
    milestone = MilestoneFactory(owner=user, title="Give a talk", target_date="2027-02-19")
    log_in(page, live_server, user)

    page.goto(f"{live_server.url}/milestones/{milestone.pk}/edit/")
    expect(page.get_by_label("Target date")).to_have_value("2027-02-19")
    page.get_by_label("Title").fill("Give a keynote")
    page.get_by_role("button", name="Save milestone").click()
    expect(page.get_by_role("heading", name="Give a keynote")).to_be_visible()

    milestone = Milestone.objects.get(pk=milestone.pk)
    assert (milestone.title, milestone.target_date) == (
        "Give a keynote",
        datetime.date(2027, 2, 19),
    )
