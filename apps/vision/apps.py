from django.apps import AppConfig


class VisionConfig(AppConfig):
    summary = "horizons, values, jobs, ledger, revisions"
    name = "apps.vision"
    label = "vision"

    def ready(self):
        from . import changes  # noqa: F401  (registers what changed in vision)
