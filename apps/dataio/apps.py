from django.apps import AppConfig


class DataioConfig(AppConfig):
    """Data in and out: the calendar feed, the export and the import of one's own plan."""

    summary = "calendar feed, export, import"

    name = "apps.dataio"
    label = "dataio"
