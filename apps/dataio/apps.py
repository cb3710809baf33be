from django.apps import AppConfig


class DataioConfig(AppConfig):
    """Data in and out: the calendar feed, the export and the import of one's own plan."""

    summary = "calendar feed, export, import"

    name = "apps.dataio"
    label = "dataio"

    def ready(self):
        # Registers the Celery tasks in every process (the web's too), so that the services can
        # queue them by name without importing them.
        from . import tasks  # noqa: F401
