from django.apps import AppConfig


class InboundConfig(AppConfig):
    name = "apps.inbound"
    label = "inbound"
    verbose_name = "Mail to careerbuilder"

    def ready(self):
        from . import tasks  # noqa: F401  (registers the Celery tasks in every process)
