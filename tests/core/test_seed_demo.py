import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.accounts.models import User
from apps.core.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_seed_demo_twice_keeps_one_mentee_and_one_mentor(capsys):
    call_command("seed_demo")
    call_command("seed_demo")

    assert User.objects.count() == 2
    out = capsys.readouterr().out
    assert "maya@example.com" in out and "sam@example.com" in out and DEMO_PASSWORD in out


@pytest.mark.parametrize("email", ["maya@example.com", "sam@example.com"])
def test_demo_logins_work(client, email):
    call_command("seed_demo")

    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
