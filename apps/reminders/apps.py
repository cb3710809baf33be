from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _install_triggers(using="default", **kwargs):
    from . import triggers

    triggers.install(connections[using])


class RemindersConfig(AppConfig):
    summary = "sources registry · engine of moments · recording · delivery"
    name = "apps.reminders"
    label = "reminders"

    def ready(self):
        # Registers the Celery tasks in every process (the web's too), so that the services can
        # hand work to them by name without importing them.
        from . import kinds, tasks, triggers  # noqa: F401
        from .sources import discover

        discover()  # every source of reminders registers itself

        # SQLite drops a table's triggers when a migration rebuilds it: put them back each time.
        post_migrate.connect(_install_triggers, sender=self)
