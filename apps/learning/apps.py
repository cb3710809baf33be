from django.apps import AppConfig


class LearningConfig(AppConfig):
    summary = "skills, learning items"
    name = "apps.learning"
    label = "learning"

    def ready(self):
        from . import changes  # noqa: F401  (registers what changed in learning)
