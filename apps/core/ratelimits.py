"""Rate limits beyond allauth's own (login, signup, password reset…), counted the same way: in the
cache, with the rates in ACCOUNT_RATE_LIMITS. A real cache (Redis) in production shares the count
across processes; a system check warns when production would count in per-process memory."""

from allauth.account.adapter import get_adapter
from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.checks import Warning, register
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address as the logins' rate limits find it (ALLAUTH_TRUSTED_PROXY_COUNT or
    ALLAUTH_TRUSTED_CLIENT_IP_HEADER behind a proxy): the one function every limit and the audit
    log use."""
    return get_adapter(request).get_client_ip(request)


def allowed(request: HttpRequest, *, action: str, key: str | None = None) -> bool:
    """Counts one attempt at `action` (any method, GET too); False once over the limit."""
    return bool(
        ratelimit.consume(request, app="allauth.account", action=action, key=key, limit_get=True)
    )


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
