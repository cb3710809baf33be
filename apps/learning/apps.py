from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "apps.learning"
    label = "learning"

    def ready(self):
        from . import changes  # noqa: F401  (registers what changed in learning)
