from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "apps.mentoring"
    label = "mentoring"

    def ready(self):
        from . import signals

        signals.connect()
