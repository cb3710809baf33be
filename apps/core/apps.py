from django.apps import AppConfig


class CoreConfig(AppConfig):
    summary = "limits, cache, Markdown, mail, the plan-area and changes registries"
    name = "apps.core"
    label = "core"

    def ready(self):
        from . import areas, signals

        areas.discover()  # every app's areas.py registers its plan area
        signals.connect()
