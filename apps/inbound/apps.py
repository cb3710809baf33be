from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class InboundConfig(AppConfig):
    summary = "mail in: receiver, webhooks"
    name = "apps.inbound"
    label = "inbound"
    verbose_name = "Mail to careerbuilder"

    def ready(self):
        from anymail.signals import inbound, tracking

        from . import (
            tasks,  # noqa: F401  (registers the Celery tasks in every process)
            webhooks,
        )

        inbound.connect(webhooks.received, dispatch_uid="inbound-anymail-inbound")
        tracking.connect(webhooks.tracked, dispatch_uid="inbound-anymail-tracking")
        checks.register(sender_policy_check, checks.Tags.security)


def sender_policy_check(app_configs=None, **kwargs):
    """A sender policy that cannot work is refused at start, not found out by forged mail."""
    from .authentication import POLICIES

    policy = settings.INBOUND_SENDER_POLICY
    if policy not in POLICIES:
        return [
            checks.Error(
                f"INBOUND_SENDER_POLICY is {policy!r}; it must be one of {', '.join(POLICIES)}.",
                id="inbound.E001",
            )
        ]
    if policy == "authentication-results" and not settings.INBOUND_AUTHSERV_ID:
        return [
            checks.Error(
                "INBOUND_SENDER_POLICY=authentication-results needs INBOUND_AUTHSERV_ID, the "
                "authentication service id of the MTA in front.",
                id="inbound.E002",
            )
        ]
    if policy == "none" and not settings.DEBUG:
        return [
            checks.Warning(
                "INBOUND_SENDER_POLICY=none trusts the From header: anyone can check in as "
                "anyone by email.",
                id="inbound.W001",
            )
        ]
    return []
