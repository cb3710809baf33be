from django.apps import AppConfig


class MilestonesConfig(AppConfig):
    summary = "milestones and steps"
    name = "apps.milestones"
    label = "milestones"

    def ready(self):
        from . import changes  # noqa: F401  (registers what changed in milestones)
