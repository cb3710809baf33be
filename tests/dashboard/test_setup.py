import re

import pytest
from django.urls import reverse

from apps.dashboard.models import SetupSkip
from tests.factories import (
    HorizonFactory,
    JobFactory,
    LedgerEntryFactory,
    MilestoneFactory,
    ValueFactory,
)

pytestmark = pytest.mark.django_db


GUIDE = "?next=%2Fstart%2F"  # each step is the area's own page, sent back to the guide


def test_a_newcomer_starts_with_the_vision(user_client):
    response = user_client.get(reverse("setup"))

    assert response.url == reverse("vision:edit") + GUIDE
    page = user_client.get(response.url).content.decode()
    assert "Getting started · step 1 of 4" in page
    assert "Where are you going?" in page


def test_saving_the_vision_step_moves_on_to_values(user_client):
    data = {f"h{y}-{f}": "" for y in (1, 5, 10, 20) for f in ("statement", "target_role", "why")}
    data.update({"h20-statement": "Teach", "north_star": "20", "beyond_the_paycheck": ""})

    response = user_client.post(reverse("vision:edit") + GUIDE, data, follow=True)

    assert response.redirect_chain[-1][0] == reverse("vision:values") + GUIDE


def test_the_guides_pages_are_the_areas_own(user_client):
    steps = [
        ("vision", "vision:edit"),
        ("values", "vision:values"),
        ("job", "vision:job_create"),
        ("milestone", "milestones:create"),
    ]
    for step, page in steps:
        response = user_client.get(reverse("setup_step", args=[step]))

        assert response.url == reverse(page) + GUIDE


def test_an_area_page_opened_without_the_guide_shows_no_guide(user_client):
    assert "Getting started" not in user_client.get(reverse("vision:edit")).content.decode()


def test_skipping_a_step_moves_on_and_is_remembered(user_client, user):
    response = user_client.post(reverse("setup_skip", args=["vision"]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("vision:values") + GUIDE
    assert SetupSkip.objects.filter(owner=user, step="vision").exists()


def test_a_skipped_step_can_be_resumed_from_the_dashboard(user_client, user):
    user_client.post(reverse("setup_skip", args=["vision"]))

    page = user_client.get(reverse("dashboard")).content.decode()
    assert reverse("setup_step", args=["vision"]) in page
    assert "skipped" in page
    resumed = user_client.get(reverse("setup_step", args=["vision"]), follow=True)
    assert resumed.status_code == 200 and "Getting started" in resumed.content.decode()


def test_the_job_step_asks_for_the_job_then_its_ledger(user_client, user):
    page = user_client.get(reverse("setup_step", args=["job"]), follow=True).content.decode()
    assert "Your current job" in page

    user_client.post(
        reverse("vision:job_create") + GUIDE,
        {"title": "Analyst", "organisation": "Acme", "start_date": "2024-01-01", "end_date": ""},
    )
    page = user_client.get(reverse("setup_step", args=["job"]), follow=True).content.decode()
    assert "What does Analyst at Acme give you?" in page


def test_the_guide_only_goes_back_to_pages_of_this_site(user_client):
    job = {"title": "Analyst", "organisation": "Acme", "start_date": "2024-01-01", "end_date": ""}

    response = user_client.post(reverse("vision:job_create") + "?next=https://evil.example/", job)

    assert "evil.example" not in response.url


def test_when_everything_is_done_setup_returns_to_the_dashboard(user_client, user):
    HorizonFactory(owner=user, is_north_star=True)
    ValueFactory(owner=user)
    LedgerEntryFactory(job=JobFactory(owner=user))
    MilestoneFactory(owner=user)

    response = user_client.get(reverse("setup"))

    assert response.url == reverse("dashboard")
    assert (
        "Still missing from your plan" not in user_client.get(reverse("dashboard")).content.decode()
    )


def test_the_dashboard_lists_what_is_still_missing(user_client, user):
    ValueFactory(owner=user)

    page = user_client.get(reverse("dashboard")).content.decode()
    missing = page.split("Still missing from your plan")[1].split("</section>")[0]

    assert "Your vision and North Star" in missing
    assert "Your ranked values" not in missing


def test_an_unknown_step_is_404(user_client):
    assert user_client.get(reverse("setup_step", args=["nonsense"])).status_code == 404
    assert user_client.post(reverse("setup_skip", args=["nonsense"])).status_code == 404


def test_signing_up_leads_into_setup(client, mailoutbox):
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.com",
            "password1": "plan-my-career-2026",
            "password2": "plan-my-career-2026",
            "display_name": "New",
            "time_zone": "UTC",
        },
    )
    link = re.search(r"(/accounts/confirm-email/\S+/)", mailoutbox[0].body).group(1)

    response = client.post(link)

    assert response.url == reverse("setup")
