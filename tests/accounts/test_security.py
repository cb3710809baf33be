"""Account security: two-factor authentication, rate limits, no enumeration, the admin, the
Content-Security-Policy, session expiry and the audit log the user sees."""

import datetime
import re

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.test import Client
from django.urls import reverse

from apps.accounts.models import SecurityEvent, SecurityEventKind
from tests.factories import MentorshipFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db


def log_in(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def turn_on_totp(client, password) -> str:
    """allauth asks for the password again before any two-factor change."""
    client.post(reverse("account_reauthenticate"), {"password": password})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()
    return secret


# Two-factor authentication


def test_a_user_turns_on_totp_and_then_needs_a_code_to_sign_in(client, user, password):
    log_in(client, user.email, password)
    secret = turn_on_totp(client, password)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    client.post(reverse("account_logout"))

    response = log_in(client, user.email, password)

    assert response.url == reverse("mfa_authenticate")
    assert client.get(reverse("dashboard")).status_code == 302  # not signed in yet
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "Incorrect code" in wrong.content.decode()
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert client.get(reverse("dashboard")).status_code == 200


def test_a_recovery_code_signs_in_once(client, user, password):
    log_in(client, user.email, password)
    turn_on_totp(client, password)
    codes = Authenticator.objects.get(user=user, type="recovery_codes").wrap().get_unused_codes()
    assert len(codes) == 10
    client.post(reverse("account_logout"))

    log_in(client, user.email, password)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.get(reverse("dashboard")).status_code == 200
    client.post(reverse("account_logout"))

    log_in(client, user.email, password)
    reused = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert reused.status_code == 200
    assert client.get(reverse("dashboard")).status_code == 302


def test_the_profile_says_whether_two_factor_is_on_and_links_to_it(client, user, password):
    log_in(client, user.email, password)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("mfa_index") in page and "off</span>" in page

    turn_on_totp(client, password)

    assert "on</span>" in client.get(reverse("accounts:profile")).content.decode()


# Rate limits


def test_repeated_failed_logins_are_refused_even_with_the_right_password(client, user, password):
    for _ in range(5):
        log_in(client, user.email, "wrong password")

    response = log_in(client, user.email, password)

    assert "Too many failed login attempts" in response.content.decode()
    assert client.get(reverse("dashboard")).status_code == 302


def test_signup_is_rate_limited_per_address(client):
    for number in range(20):
        client.post(reverse("account_signup"), {"email": f"new{number}@example.com"})

    response = client.post(reverse("account_signup"), {"email": "one-more@example.com"})

    assert response.status_code == 429


def test_password_reset_is_rate_limited_per_email(client, user, mailoutbox):
    for _ in range(5):
        client.post(reverse("account_reset_password"), {"email": user.email})

    response = client.post(reverse("account_reset_password"), {"email": user.email})

    assert response.status_code == 429 or "Too many" in response.content.decode()
    assert len(mailoutbox) <= 5


def test_guessing_invitation_links_is_rate_limited(client):
    answers = [
        client.get(reverse("mentoring:invitation", args=[f"guess-{n}"])).status_code
        for n in range(21)
    ]

    assert answers[:20] == [404] * 20
    assert answers[20] == 429


def test_guessing_api_tokens_is_rate_limited(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_token": "3/m/ip"}
    url = reverse("api:milestone-list")
    headers = {"HTTP_AUTHORIZATION": "Bearer cb_not-a-token"}

    answers = [client.get(url, **headers).status_code for _ in range(4)]

    assert answers == [401, 401, 401, 429]


def test_a_user_making_too_many_api_calls_is_slowed_down(user_client, monkeypatch):
    from rest_framework.throttling import UserRateThrottle

    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute"})

    answers = [user_client.get(reverse("api:milestone-list")).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]


PROXY = "10.0.0.2"  # the TLS proxy in front of gunicorn: every request comes from it


def through_proxy(client_address: str) -> dict:
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}


def test_behind_the_proxy_failed_logins_lock_out_only_their_client(client, settings, password):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for number in range(10):
        client.post(
            reverse("account_login"),
            {"login": f"nobody{number}@example.com", "password": "guess"},
            **through_proxy("203.0.113.7"),
        )
    user = UserFactory()

    attacker = client.post(
        reverse("account_login"),
        {"login": user.email, "password": password},
        **through_proxy("203.0.113.7"),
    )
    someone_else = Client().post(
        reverse("account_login"),
        {"login": user.email, "password": password},
        **through_proxy("198.51.100.20"),
    )

    assert "Too many failed login attempts" in attacker.content.decode()
    assert someone_else.status_code == 302
    event = SecurityEvent.objects.get(user=user, kind=SecurityEventKind.LOGIN)
    assert event.ip_address == "198.51.100.20"  # the audit log finds the client the same way


def test_behind_the_proxy_api_token_guesses_count_per_client(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api_token": "3/m/ip"}
    url = reverse("api:milestone-list")
    headers = {"HTTP_AUTHORIZATION": "Bearer cb_not-a-token"}

    guesser = [
        client.get(url, **headers, **through_proxy("203.0.113.7")).status_code for _ in range(4)
    ]
    other = client.get(url, **headers, **through_proxy("198.51.100.20")).status_code

    assert guesser == [401, 401, 401, 429]
    assert other == 401


def test_behind_the_proxy_invitation_link_guesses_count_per_client(client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "mentoring_invitation": "2/m/ip"}

    guesser = [
        client.get(
            reverse("mentoring:invitation", args=[f"guess-{n}"]), **through_proxy("203.0.113.7")
        ).status_code
        for n in range(3)
    ]
    other = client.get(
        reverse("mentoring:invitation", args=["guess"]), **through_proxy("198.51.100.20")
    ).status_code

    assert guesser == [404, 404, 429]
    assert other == 404


def test_one_user_sends_at_most_five_invitations_an_hour(user_client, mailoutbox):
    answers = [
        user_client.post(
            reverse("mentoring:invite"), {"email": f"mentor{n}@example.com"}, follow=True
        ).content.decode()
        for n in range(6)
    ]

    assert len(mailoutbox) == 5
    assert "you can send 5 invitations an hour and 20 a day" in answers[-1]


def test_production_without_redis_warns_that_rate_limits_would_not_be_shared(settings):
    from apps.core.ratelimits import shared_cache_check

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [w.id for w in shared_cache_check(None)] == ["careerbuilder.W001"]
    settings.CACHES = {"default": {"BACKEND": "apps.core.cache.ResilientRedisCache"}}
    assert shared_cache_check(None) == []


# No account enumeration


def test_login_says_the_same_for_an_unknown_address_and_a_wrong_password(client, user):
    unknown = log_in(client, "nobody@example.com", "whatever-123").content.decode()
    wrong = log_in(Client(), user.email, "whatever-123").content.decode()

    message = "The email address and/or password you specified are not correct."
    assert message in unknown and message in wrong


def test_password_reset_answers_alike_for_known_and_unknown_addresses(client, user, mailoutbox):
    known = client.post(reverse("account_reset_password"), {"email": user.email})
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert [m.to for m in mailoutbox] == [[user.email], ["nobody@example.com"]]  # "no account"


def test_signing_up_with_a_taken_address_looks_like_any_signup(client, user, mailoutbox):
    data = {
        "password1": "a-long-Passphrase-2026",
        "password2": "a-long-Passphrase-2026",
        "time_zone": "UTC",
    }
    taken = client.post(reverse("account_signup"), {"email": user.email, **data})
    fresh = Client().post(reverse("account_signup"), {"email": "fresh@example.com", **data})

    assert taken.status_code == fresh.status_code == 302
    assert taken.url == fresh.url
    # the owner of the taken address learns of the attempt by email, not the visitor
    assert any(m.to == [user.email] for m in mailoutbox)


# The admin


def test_the_admin_signs_in_through_allauth_and_only_staff_get_in(client, user):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302

    login = client.get(reverse("admin:login"))
    assert login.url.startswith(reverse("account_login"))

    client.force_login(user)
    assert client.get(reverse("admin:login")).status_code == 403
    assert client.get(reverse("admin:index")).status_code == 302  # not staff: back to login

    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200


# Headers and sessions


def test_every_page_carries_a_strict_content_security_policy(user_client):
    for name in ("landing", "dashboard", "milestones:index", "accounts:profile"):
        policy = user_client.get(reverse(name), follow=True).headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy


def test_pages_have_no_inline_script_or_style(user_client, user):
    MilestoneFactory(owner=user, progress=40)
    for name in ("dashboard", "milestones:index", "accounts:profile", "mfa_index"):
        html = user_client.get(reverse(name)).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), name
        assert "<style" not in html and " style=" not in html, name


def test_the_production_profile_secures_cookies_and_headers():
    from tests.contracts.test_project import manage

    show = (
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
        "s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY, s.SESSION_COOKIE_AGE)"
    )
    result = manage("shell", "-c", show, DEBUG="false", SECRET_KEY="s" * 60)

    assert result.stdout.strip().splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "31536000",
        "DENY",
        "same-origin",
        str(14 * 24 * 3600),
    ]


def test_a_session_expires(client, user, password):
    log_in(client, user.email, password)
    assert client.get(reverse("dashboard")).status_code == 200

    later = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(later):
        assert client.get(reverse("dashboard")).status_code == 302


# The audit log


def test_sign_ins_and_failed_sign_ins_show_in_the_users_settings(client, user, password):
    log_in(client, user.email, "wrong password")
    log_in(client, user.email, password)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert "Failed sign-in" in page and "Signed in" in page
    assert set(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True)) == {
        SecurityEventKind.LOGIN,
        SecurityEventKind.LOGIN_FAILED,
    }


def test_mfa_sharing_export_tokens_and_deletions_are_audited(
    client, user, password, django_capture_on_commit_callbacks
):
    log_in(client, user.email, password)
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals MFA on commit
        turn_on_totp(client, password)
    mentorship = MentorshipFactory(mentee=user)
    client.post(
        reverse("mentoring:sharing", args=[mentorship.pk]),
        {f"m{mentorship.pk}-areas": ["vision"]},
    )
    client.post(reverse("dataio:export"))
    client.post(reverse("api:tokens"), {"name": "laptop"})
    milestone = MilestoneFactory(owner=user, title="Old goal")
    client.post(reverse("milestones:delete", args=[milestone.pk]))

    kinds = list(SecurityEvent.objects.filter(user=user).values_list("kind", flat=True))
    for kind in ("mfa_added", "sharing_changed", "exported", "token_changed", "deleted"):
        assert kind in kinds
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Old goal" in page and "Two-factor authentication turned on" in page


def test_nobody_sees_another_users_audit_log(client, user, other_user, password):
    log_in(client, user.email, password)
    other = Client()
    other.force_login(other_user)

    assert user.email not in other.get(reverse("accounts:profile")).content.decode()
