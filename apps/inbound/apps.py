from django.apps import AppConfig


class InboundConfig(AppConfig):
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
