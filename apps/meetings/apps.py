from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    summary = "mentoring sessions: agreements, sessions, agendas, notes and action items"
    name = "apps.meetings"
    label = "meetings"

    def ready(self):
        # Registers the Celery tasks in every process (the web's too), so that the services can
        # queue them by name without importing them.
        from . import tasks  # noqa: F401
