"""The language a person reads careerbuilder in: chosen at sign-up or in the profile, else the
browser's; kept in the language cookie so it stays after signing out."""

import pytest
from django.conf import settings
from django.urls import reverse

from apps.accounts.models import User
from tests.accounts import test_signup
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = {**test_signup.SIGNUP, "time_zone": "Europe/Berlin"}


def test_the_signup_page_offers_the_language_it_is_shown_in(client):
    page = client.get(reverse("account_signup"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert 'name="language"' in page
    assert '<option value="fr" selected>' in page
    assert "Langue de votre navigateur" in page  # the empty choice, in French too


def test_signing_up_in_german_stores_it_and_the_next_page_is_german(client, mailoutbox):
    response = client.post(
        reverse("account_signup"), {**SIGNUP, "language": "de"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 302
    assert User.objects.get(email="newcomer@example.com").language == "de"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    assert "Hallo von careerbuilder!" in mailoutbox[0].body  # the verification email too

    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en")

    assert page["Content-Language"] == "de"
    assert "Bestätige deine E-Mail-Adresse" in page.content.decode()


def test_signing_up_without_a_language_leaves_it_to_the_browser(client):
    client.post(reverse("account_signup"), {**SIGNUP, "language": ""})

    assert User.objects.get(email="newcomer@example.com").language == ""


def test_a_users_language_wins_over_the_browsers(client):
    client.force_login(UserFactory(language="fr"))

    response = client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="de")

    assert response["Content-Language"] == "fr"
    assert "Votre profil" in response.content.decode()


def test_without_a_chosen_language_the_browsers_is_spoken(client):
    client.force_login(UserFactory(language=""))

    response = client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="es")

    assert response["Content-Language"] == "es"
    page = response.content.decode()
    assert "Tu perfil" in page
    assert "El idioma de tu navegador" in page


def test_the_profile_saves_the_language_and_the_cookie(user_client, user):
    response = user_client.post(
        reverse("accounts:profile"),
        {"display_name": "Ada", "headline": "", "time_zone": "UTC", "language": "pt-br"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "pt-br"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pt-br"
    page = user_client.get(response.url, HTTP_ACCEPT_LANGUAGE="en")
    assert page["Content-Language"] == "pt-br"
    assert "Seu perfil foi salvo." in page.content.decode()


def test_choosing_the_browsers_language_again_clears_the_cookie(client):
    user = UserFactory(language="de")
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"

    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Ada", "headline": "", "time_zone": "UTC", "language": ""},
    )

    user.refresh_from_db()
    assert user.language == ""
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""  # deleted
    page = client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="es")
    assert page["Content-Language"] == "es"


def test_the_chosen_language_stays_after_signing_out(client):
    client.force_login(UserFactory(language="de"))
    client.get(reverse("dashboard"))  # a device that had no cookie gets one

    client.post(reverse("account_logout"))
    response = client.get(reverse("landing"), HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Language"] == "de"
    assert "Bau eine Karriere auf, nicht nur einen Job." in response.content.decode()


def test_a_cached_part_of_a_page_is_kept_per_language(client):
    client.force_login(UserFactory(language=""))

    german = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    english = client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Was deinem Plan noch fehlt" in german
    assert "Still missing from your plan" in english


def test_the_language_is_in_the_export_and_only_a_shipped_one_is_kept():
    from django.core.exceptions import ValidationError

    from apps.dataio.portability import export_document

    user = UserFactory(language="pt-br")
    assert export_document(user)["profile"]["language"] == "pt-br"
    user.language = "xx"
    with pytest.raises(ValidationError):
        user.full_clean()
