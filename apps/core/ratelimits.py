"""Rate limits beyond allauth's own (login, signup, password reset…), with django-ratelimit's
public API: counted in the shared cache (Redis in production; a system check warns when
production would count in per-process memory), the rates in RATE_LIMITS, each client found by the
same function as the logins' limits (`client_ip`). With Redis down they are not counted (the
cache answers as an empty one): they fail open rather than lock everyone out."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.checks import Warning, register
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited


def client_ip(request: HttpRequest) -> str:
    """The client's address as the logins' rate limits find it (ALLAUTH_TRUSTED_PROXY_COUNT or
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER behind a proxy): the one function every limit and the audit
    log use."""
    return get_adapter(request).get_client_ip(request)


def _per_client(group, request) -> str:
    return client_ip(request)


def _per_user(group, request) -> str:
    return str(request.user.pk)


KEYS = {"ip": _per_client, "user": _per_user}


def allowed(request: HttpRequest, *, action: str) -> bool:
    """Counts one attempt at `action` (any method, GET too) against each of its rates in
    RATE_LIMITS ("5/h/user,20/d/user": per hour and per day, per user); False once over any."""
    over = False
    for rate in settings.RATE_LIMITS[action].split(","):
        amount, period, per = rate.strip().split("/")
        over |= is_ratelimited(
            request,
            group=f"{action}:{period}",
            key=KEYS[per],
            rate=f"{amount}/{period}",
            increment=True,
        )
    return not over


def allowed_for(user, *, action: str) -> bool:
    """allowed() for what a worker does for someone outside a request (an email it sends them):
    each of `action`'s rates counted per user, against `user`."""
    over = False
    for rate in settings.RATE_LIMITS[action].split(","):
        amount, period, _per = rate.strip().split("/")
        over |= is_ratelimited(
            None,
            group=f"{action}:{period}",
            key=lambda group, request: str(user.pk),
            rate=f"{amount}/{period}",
            increment=True,
        )
    return not over


@register(deploy=True)
def shared_cache_check(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if "locmem" in backend or "dummy" in backend:
        return [
            Warning(
                "Rate limits are counted in per-process memory.",
                hint="Set REDIS_URL so every process counts in the same cache.",
                id="careerbuilder.W001",
            )
        ]
    return []
