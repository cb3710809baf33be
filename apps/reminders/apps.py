from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "apps.reminders"
    label = "reminders"

    def ready(self):
        # Registers the Celery tasks in every process (the web's too), so that the services can
        # hand work to them by name without importing them.
        from . import due, tasks  # noqa: F401
