import pytest
import time_machine
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_profile_saves_name_headline_and_time_zone(user_client, user):
    response = user_client.post(
        reverse("accounts:profile"),
        {"display_name": "Ada", "headline": "Engineer at Babbage & Co", "time_zone": "Asia/Tokyo"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.headline, user.time_zone) == (
        "Ada",
        "Engineer at Babbage & Co",
        "Asia/Tokyo",
    )


def test_profile_with_unknown_time_zone_rerenders_with_the_error(user_client, user):
    response = user_client.post(
        reverse("accounts:profile"),
        {"display_name": "Ada", "headline": "", "time_zone": "Nowhere/Land"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert "Select a valid choice" in page
    user.refresh_from_db()
    assert user.time_zone == "UTC"


def test_dates_are_shown_in_the_users_time_zone(client):
    with time_machine.travel("2026-03-01 23:30:00+00:00", tick=False):
        user = UserFactory(time_zone="Asia/Tokyo")
    client.force_login(user)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert "2 March 2026, 08:30" in page


def test_change_password_page_is_allauths(user_client):
    response = user_client.get(reverse("account_change_password"))

    assert response.status_code == 200
    assert 'name="oldpassword"' in response.content.decode()


def test_change_password_then_login_with_the_new_one(user_client, user, password, client):
    user_client.post(
        reverse("account_change_password"),
        {
            "oldpassword": password,
            "password1": "a-brand-new-pass-77",
            "password2": "a-brand-new-pass-77",
        },
    )

    user.refresh_from_db()
    assert user.check_password("a-brand-new-pass-77")


def test_change_email_sends_verification_to_the_new_address(user_client, user, mailoutbox):
    response = user_client.post(
        reverse("account_email"), {"action_add": "", "email": "moved@example.com"}
    )

    assert response.status_code == 302
    assert mailoutbox[-1].to == ["moved@example.com"]


def test_password_reset_sends_a_link(client, user, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": user.email})

    assert len(mailoutbox) == 1
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_password_reset_for_unknown_email_reveals_nothing(client, user, mailoutbox):
    known = client.post(reverse("account_reset_password"), {"email": user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
