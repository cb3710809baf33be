"""Every page, at 375 px and 1280 px: no serious or critical axe-core violation, no horizontal
scrolling, navigation reachable. Screenshots go to var/screenshots/ (gitignored) on every run."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from apps.accounts.models import User
from apps.checkins.models import CheckIn
from apps.dashboard.demo import DEMO_PASSWORD, demo_seed
from apps.learning.models import LearningItem, Skill
from apps.milestones.models import Milestone
from apps.network.models import Contact
from apps.opportunities.models import Opportunity
from apps.reminders.links import make_checkin_link
from apps.reminders.models import Reminder
from apps.reminders.selectors import checkin_period_now
from apps.vision.models import Horizon, Job, Value

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [375, 1280]
PUBLIC_PAGES = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]


def maya_pages():
    def first(model, **lookup):
        return model.objects.filter(owner__email="maya@example.com", **lookup).first().pk

    return [
        "/dashboard/",
        "/today/",
        "/start/vision/",
        "/vision/",
        "/vision/edit/",
        "/vision/history/",
        "/vision/edit/?next=%2Fstart%2F",
        "/vision/values/",
        "/vision/jobs/",
        f"/vision/jobs/{first(Job)}/",
        f"/vision/horizons/{first(Horizon, is_north_star=True)}/",
        "/milestones/",
        "/milestones/new/",
        f"/milestones/{first(Milestone)}/",
        "/learning/",
        f"/learning/items/{first(LearningItem)}/",
        f"/learning/skills/{first(Skill)}/",
        "/network/",
        f"/network/contacts/{first(Contact)}/",
        "/network/reach-out/",
        "/network/events/",
        "/network/import/",
        "/network/inbox/",
        "/mentoring/",
        "/mentoring/comments/",
        "/checkins/",
        "/checkins/new/",
        f"/checkins/{first(CheckIn)}/",
        "/reminders/",
        "/data/",
        "/api/tokens/",
        "/accounts/profile/",
        "/accounts/delete/",
        "/accounts/email/",
        "/accounts/password/change/",
        f"/vision/values/{first(Value)}/edit/",
        f"/vision/jobs/{first(Job)}/edit/",
        f"/vision/jobs/{first(Job)}/ledger/new/",
        f"/milestones/{first(Milestone)}/edit/",
        f"/milestones/{first(Milestone)}/delete/",
        "/learning/skills/new/",
        "/learning/items/new/",
        "/network/contacts/new/",
        f"/network/contacts/{first(Contact)}/edit/",
        "/network/events/new/",
        "/opportunities/",
        "/opportunities/new/",
        "/opportunities/import/",
        "/opportunities/ownership/",
        f"/opportunities/{first(Opportunity, stage='interviewing')}/",
        f"/opportunities/{first(Opportunity, stage='declined')}/",
        f"/opportunities/{first(Opportunity, stage='interviewing')}/score/",
        f"/opportunities/{first(Opportunity, stage='interviewing')}/decide/",
        "/opportunities/compare/?"
        + "&".join(
            f"ids={pk}"
            for pk in Opportunity.objects.filter(
                stage__in=["interviewing", "exploring"], owner__email="maya@example.com"
            ).values_list("pk", flat=True)
        ),
    ]


def checkin_link_of_maya() -> str:
    """The page a reminder email's check-in link opens (no login), for this period's reminder."""
    maya = User.objects.get(email="maya@example.com")
    period = checkin_period_now(user=maya, now=timezone.now())
    Reminder.objects.create(user=maya, kind="checkin", period=period, subject="Check in")
    return urlsplit(make_checkin_link(user=maya, period=period)).path + "?score=4"


def problems_on(page, axe, path, width):
    found = []
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"][:3]]
            found.append(f"{width}px {path}: {violation['id']} ({violation['impact']}) {targets}")
    if page.evaluate("document.documentElement.scrollWidth") > width:
        found.append(f"{width}px {path}: scrolls sideways")
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_is_accessible_and_fits_the_screen(browser, live_server, screenshot_dir, width):
    demo_seed()
    axe = Axe()
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems = []
    for path in [*PUBLIC_PAGES, checkin_link_of_maya()]:
        page.goto(live_server.url + path)
        problems += problems_on(page, axe, path, width)
        page.screenshot(
            path=screenshot_dir / f"{width}{path.replace('/', '_')}.png", full_page=True
        )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("maya@example.com")
    page.get_by_label("Password:", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    for path in maya_pages():
        page.goto(live_server.url + path)
        problems += problems_on(page, axe, path, width)
        nav = page.get_by_role("navigation", name="Main")
        if width < 900:
            page.get_by_text("Menu", exact=True).click()
        if not nav.get_by_role("link", name="Milestones").is_visible():
            problems.append(f"{width}px {path}: the navigation cannot be reached")
        page.screenshot(
            path=screenshot_dir / f"{width}{path.replace('/', '_')}.png", full_page=True
        )
    page.close()

    assert not problems, "\n".join(problems)
