"""A password reset revokes the account's API tokens: whoever had the password may have made
them. A change made signed in, with the old password, keeps them."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.audit import Actor
from apps.accounts.models import SecurityEvent, SecurityEventKind
from apps.api.models import PersonalAccessToken
from apps.api.services import token_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
NEW_PASSWORD = "a-new-password-for-2026"


def make_token(user, name="script") -> str:
    _token, secret = token_create(user=user, name=name, actor=Actor(user))
    return secret


def api_status(secret: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client.get(f"{API}/milestones/").status_code


def reset_password(client, mailoutbox, user):
    """allauth's whole flow: ask for the email, open its link, set the new password."""
    client.post(reverse("account_reset_password"), {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[-1].body)
    form = client.get(link.group(1), follow=True)
    return client.post(
        form.redirect_chain[-1][0],
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        follow=True,
    )


def test_a_password_reset_revokes_every_api_token(client, mailoutbox, user):
    secrets = [make_token(user, "laptop"), make_token(user, "spreadsheet")]
    assert [api_status(secret) for secret in secrets] == [200, 200]

    reset_password(client, mailoutbox, user)

    assert [api_status(secret) for secret in secrets] == [401, 401]
    assert not PersonalAccessToken.objects.filter(user=user, revoked_at__isnull=True).exists()


def test_a_password_reset_leaves_other_users_tokens_alone(client, mailoutbox, user):
    other = make_token(UserFactory())
    make_token(user)

    reset_password(client, mailoutbox, user)

    assert api_status(other) == 200


def test_the_revocation_shows_in_the_security_activity(client, mailoutbox, user):
    make_token(user, "laptop")
    make_token(user, "spreadsheet")

    reset_password(client, mailoutbox, user)

    event = SecurityEvent.objects.get(
        user=user, kind=SecurityEventKind.TOKEN_CHANGED, detail__startswith="API tokens revoked"
    )
    assert event.detail == "API tokens revoked (the password was reset): “laptop”, “spreadsheet”"
    client.login(email=user.email, password=NEW_PASSWORD)
    assert event.detail in client.get(reverse("accounts:profile")).content.decode()


def test_the_reset_done_page_says_to_make_new_tokens(client, mailoutbox, user):
    make_token(user)

    done = reset_password(client, mailoutbox, user)

    assert done.redirect_chain[-1][0] == reverse("account_reset_password_from_key_done")
    page = done.content.decode()
    assert "Any API tokens of your account were revoked with the reset" in page
    assert f'href="{reverse("api:tokens")}"' in page


def test_a_password_change_signed_in_keeps_the_api_tokens(client, user, password):
    secret = make_token(user)
    client.force_login(user)

    client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert user.__class__.objects.get(pk=user.pk).check_password(NEW_PASSWORD)
    assert api_status(secret) == 200
