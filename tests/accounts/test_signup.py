import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from apps.accounts.models import User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "newcomer@example.com",
    "password1": "plan-my-career-2026",
    "password2": "plan-my-career-2026",
    "display_name": "Nia Newcomer",
    "time_zone": "America/Chicago",
}


def confirmation_link(message):
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)


def test_signup_sends_a_verification_email(client, mailoutbox):
    response = client.post(reverse("account_signup"), SIGNUP)

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["newcomer@example.com"]
    assert "/accounts/confirm-email/" in mailoutbox[0].body


def test_signup_stores_the_profile_fields(client):
    client.post(reverse("account_signup"), SIGNUP)

    user = User.objects.get(email="newcomer@example.com")
    assert user.display_name == "Nia Newcomer"
    assert user.time_zone == "America/Chicago"


def test_signup_without_verification_cannot_reach_the_dashboard(client):
    client.post(reverse("account_signup"), SIGNUP)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_signup_verify_login_logout_round_trip(client, mailoutbox):
    client.post(reverse("account_signup"), SIGNUP)
    link = confirmation_link(mailoutbox[0])

    assert client.get(link).status_code == 200
    client.post(link)
    assert EmailAddress.objects.get(email="newcomer@example.com").verified

    client.post(reverse("account_logout"))
    assert client.get(reverse("dashboard")).status_code == 302

    response = client.post(
        reverse("account_login"),
        {"login": "newcomer@example.com", "password": SIGNUP["password1"]},
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    assert "Nia Newcomer" in client.get(reverse("dashboard")).content.decode()

    client.post(reverse("account_logout"))
    assert client.get(reverse("dashboard")).status_code == 302


def test_login_with_unverified_email_resends_verification(client, mailoutbox):
    client.post(reverse("account_signup"), SIGNUP)
    client.post(reverse("account_logout"))
    mailoutbox.clear()

    response = client.post(
        reverse("account_login"),
        {"login": "newcomer@example.com", "password": SIGNUP["password1"]},
    )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")


def test_signup_with_an_unknown_time_zone_shows_the_error(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "time_zone": "Mars/Olympus"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not User.objects.exists()


def test_signup_with_a_taken_email_is_refused(client, user):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": user.email})

    assert User.objects.filter(email=user.email).count() == 1
    assert response.status_code in (200, 302)


def test_signup_form_has_no_username_field(client):
    page = client.get(reverse("account_signup")).content.decode()

    assert 'name="username"' not in page
    assert 'name="email"' in page
    assert 'data-browser-time-zone="true"' in page


def test_login_is_rate_limited_after_repeated_failures(client, user):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})

    response = client.post(reverse("account_login"), {"login": user.email, "password": "wrong"})

    assert (
        response.status_code == 429 or "Too many failed login attempts" in response.content.decode()
    )
