from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    summary = "check-ins and the check-in rhythm"
    name = "apps.checkins"
    label = "checkins"

    def ready(self):
        from . import changes  # noqa: F401  (registers what changed in checkins)
