"""The security audit log: what gets recorded, from allauth's and Django's signals and from the
services that change sharing, exports, tokens and deletions. A service is given the `Actor` (who,
and by which road: the web, the API, an email, a task) and records the event itself, so the same
action leaves the same trail whichever road it came by."""

import logging
from dataclasses import dataclass

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from apps.core.ratelimits import client_ip

from .models import Road, SecurityEvent, SecurityEventKind, User

logger = logging.getLogger("careerbuilder.security")


@dataclass(frozen=True)
class Actor:
    """Who changes something, and the road the change came by."""

    user: User | None
    road: str = Road.WEB
    ip_address: str | None = None
    user_agent: str = ""

    @classmethod
    def of(cls, request, road: str = Road.WEB) -> "Actor":
        """The person signed in on `request` (Django's or DRF's)."""
        request = getattr(request, "_request", request)
        user = request.user if request.user.is_authenticated else None
        return cls(
            user=user,
            road=road,
            ip_address=_client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )


def record(*, kind: str, actor: Actor, user=None, detail: str = "") -> SecurityEvent:
    """Records `kind` on `user`'s account (by default the actor's own)."""
    user = user or actor.user
    event = SecurityEvent.objects.create(
        user=user,
        kind=kind,
        road=actor.road,
        detail=detail[:300],
        ip_address=actor.ip_address,
        user_agent=actor.user_agent[:300],
    )
    logger.info("%s via %s: user %s %s", kind, actor.road, user.pk, detail)
    return event


def record_deleted(*, actor: Actor, what: str, name: str, verb: str = "Deleted") -> None:
    """Something of the actor's deleted (or, with `verb`, ended)."""
    record(kind=SecurityEventKind.DELETED, actor=actor, detail=f"{verb} the {what} “{name}”")


def _client_ip(request) -> str | None:
    if request is None or not hasattr(request, "META"):
        return None
    try:
        return client_ip(request)  # as the rate limits find it
    except (PermissionDenied, ImproperlyConfigured):
        return None


def recent_events(*, user, limit: int = 20) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(user=user)[:limit])


def _from(request) -> Actor:
    if request is None:
        return Actor(user=None)
    return Actor(
        user=None,
        ip_address=_client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
    )


def _logged_in(sender, request, user, **kwargs):
    record(user=user, kind=SecurityEventKind.LOGIN, actor=_from(request))


def _login_failed(sender, credentials, request=None, **kwargs):
    email = credentials.get("email") or credentials.get("username") or ""
    user = User.objects.filter(email__iexact=email).first() if email else None
    if user is not None:  # unknown addresses are not recorded: there is nobody to show them to
        record(user=user, kind=SecurityEventKind.LOGIN_FAILED, actor=_from(request))


def _on(kind, detail=""):
    def receiver(sender, request=None, user=None, **kwargs):
        if user is None and kwargs.get("authenticator") is not None:
            user = kwargs["authenticator"].user
        if user is not None and user.is_authenticated:
            record(user=user, kind=kind, actor=_from(request), detail=detail)

    return receiver


RECEIVERS = [
    (auth_signals.user_logged_in, _logged_in),
    (auth_signals.user_login_failed, _login_failed),
    (account_signals.password_changed, _on(SecurityEventKind.PASSWORD_CHANGED)),
    (account_signals.password_reset, _on(SecurityEventKind.PASSWORD_RESET)),
    (account_signals.email_changed, _on(SecurityEventKind.EMAIL_CHANGED)),
    (mfa_signals.authenticator_added, _on(SecurityEventKind.MFA_ADDED)),
    (mfa_signals.authenticator_removed, _on(SecurityEventKind.MFA_REMOVED)),
    (mfa_signals.authenticator_reset, _on(SecurityEventKind.MFA_RECOVERY_CODES)),
    (mfa_signals.authentication_failed, _on(SecurityEventKind.MFA_FAILED)),
]


def connect() -> None:
    for signal, receiver in RECEIVERS:
        signal.connect(receiver, dispatch_uid=f"audit-{receiver.__name__}-{id(receiver)}")
