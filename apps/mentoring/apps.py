from django.apps import AppConfig


class MentoringConfig(AppConfig):
    summary = "invitations, comments ({% comments item %}), notifications, mentor pages"
    name = "apps.mentoring"
    label = "mentoring"

    def ready(self):
        from . import signals

        signals.connect()
