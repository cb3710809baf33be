import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.accounts.models import User
from apps.dashboard.demo import DEMO_PASSWORD
from apps.milestones.models import Milestone

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_keeps_one_mentee_and_one_mentor(capsys):
    call_command("seed_demo")
    call_command("seed_demo")

    assert User.objects.count() == 2
    assert Milestone.objects.filter(owner__email="maya@example.com").count() == 9
    out = capsys.readouterr().out
    assert "maya@example.com" in out and "sam@example.com" in out and DEMO_PASSWORD in out


@pytest.mark.parametrize("email", ["maya@example.com", "sam@example.com"])
def test_demo_logins_work(client, email):
    call_command("seed_demo")

    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_the_demo_mentee_has_a_believable_plan(client):
    call_command("seed_demo")
    client.post(reverse("account_login"), {"login": "maya@example.com", "password": DEMO_PASSWORD})

    page = client.get(reverse("dashboard")).content.decode()

    assert "Head of Data at a mission-driven logistics company" in page
    assert "Ask for ownership of the client analytics budget" in page  # overdue
    assert "Drifting" in page
    assert "Still missing from your plan" not in page


def test_the_demo_mentor_sees_maya_and_her_comments(client):
    call_command("seed_demo")
    call_command("seed_demo")
    client.post(reverse("account_login"), {"login": "sam@example.com", "password": DEMO_PASSWORD})

    page = client.get(reverse("mentoring:index")).content.decode()

    assert "Maya Okafor" in page
    assert "Head of Data at a mission-driven logistics company" in page
