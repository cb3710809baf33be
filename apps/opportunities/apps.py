from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    summary = "opportunities sought out, weighed against the plan, decided"
    name = "apps.opportunities"
    label = "opportunities"

    def ready(self):
        from . import changes  # noqa: F401  (registers what changed in opportunities)
