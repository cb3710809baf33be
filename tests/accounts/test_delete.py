import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from apps.accounts.models import User

pytestmark = pytest.mark.django_db


def test_delete_with_wrong_password_keeps_the_account(user_client, user):
    response = user_client.post(reverse("accounts:delete"), {"password": "nope", "confirm": "on"})

    assert response.status_code == 200
    assert "That is not your current password." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_without_confirmation_keeps_the_account(user_client, user, password):
    response = user_client.post(reverse("accounts:delete"), {"password": password})

    assert response.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_with_password_and_confirmation_removes_the_user(user_client, user, password):
    response = user_client.post(reverse("accounts:delete"), {"password": password, "confirm": "on"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    assert user_client.get(reverse("dashboard")).status_code == 302
