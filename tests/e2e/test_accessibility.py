"""Every page, at 375 px and 1280 px, in English and in Arabic (right to left): no serious or
critical axe-core violation, no horizontal scrolling, navigation reachable. Screenshots go to
var/screenshots/ (gitignored) on every run."""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation

from apps.accounts.models import User
from apps.checkins.models import CheckIn
from apps.dashboard.demo import demo_seed
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
LANGUAGES = ["en-gb", "ar"]
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


def live_login() -> str:
    """A session for Maya, as the login form would make (the form's words are the language's)."""
    client = Client()
    client.force_login(User.objects.get(email="maya@example.com"))
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def problems_on(page, axe, path, width):
    found = []
    for violation in axe.run(page).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [node["target"] for node in violation["nodes"][:3]]
            found.append(f"{width}px {path}: {violation['id']} ({violation['impact']}) {targets}")
    if page.evaluate("document.documentElement.scrollWidth") > width:
        found.append(f"{width}px {path}: scrolls sideways")
    return found


def words(language: str, *texts: str) -> list[str]:
    with translation.override(language):
        return [translation.gettext(text) for text in texts]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_is_accessible_and_fits_the_screen(
    browser, live_server, screenshot_dir, width, language
):
    demo_seed()
    axe = Axe()
    # the browser asks for the language (Accept-Language) before sign-in, the profile after it
    context = browser.new_context(locale=language, viewport={"width": width, "height": 900})
    page = context.new_page()
    shot = f"{language}-{width}"
    problems = []
    for path in [*PUBLIC_PAGES, checkin_link_of_maya()]:
        page.goto(live_server.url + path)
        problems += problems_on(page, axe, path, width)
        page.screenshot(path=screenshot_dir / f"{shot}{path.replace('/', '_')}.png", full_page=True)
    assert page.locator("html").get_attribute("lang") == language

    User.objects.filter(email="maya@example.com").update(language=language)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": live_login(), "url": live_server.url}]
    )
    main, menu, milestones = words(language, "Main", "Menu", "Milestones")
    for path in maya_pages():
        page.goto(live_server.url + path)
        problems += problems_on(page, axe, path, width)
        nav = page.get_by_role("navigation", name=main)
        if width < 900:
            page.get_by_text(menu, exact=True).click()
        if not nav.get_by_role("link", name=milestones).is_visible():
            problems.append(f"{width}px {path}: the navigation cannot be reached")
        page.screenshot(path=screenshot_dir / f"{shot}{path.replace('/', '_')}.png", full_page=True)
    if language == "ar":
        assert page.locator("html").get_attribute("dir") == "rtl"
    page.context.close()

    assert not problems, "\n".join(problems)
