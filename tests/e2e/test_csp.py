"""In a real browser, the Content-Security-Policy blocks nothing the app itself uses: no page has an
inline script or style, and HTMX, the roadmap, charts, two-factor setup and the API docs work."""

import pytest

from apps.accounts.models import User
from apps.dashboard.demo import DEMO_PASSWORD, demo_seed
from apps.milestones.models import Milestone

pytestmark = pytest.mark.django_db(transaction=True)


def test_no_page_breaks_the_content_security_policy(page, live_server):
    demo_seed()
    User.objects.filter(email="maya@example.com").update(is_staff=True, is_superuser=True)
    # an open one: its page has the form to add a step
    milestone = Milestone.objects.filter(owner__email="maya@example.com", closed_on=None).first()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill("maya@example.com")
    page.get_by_label("Password:", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    for path in [
        "/dashboard/",
        "/milestones/",
        f"/milestones/{milestone.pk}/",
        "/learning/",
        "/network/",
        "/checkins/",
        "/mentoring/",
        "/accounts/profile/",
        "/accounts/2fa/",
        "/api/docs/",
        "/admin/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/milestones/{milestone.pk}/")
    page.locator("form.add-step input[type=text]").fill("Ask for feedback")
    page.get_by_role("button", name="Add step").click()
    page.get_by_text("Ask for feedback").wait_for()

    assert not violations, "\n".join(violations)
