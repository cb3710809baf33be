from django.apps import AppConfig


class RecordConfig(AppConfig):
    summary = "the career record: brag documents and review packets, as versions"
    name = "apps.record"
    label = "record"
