from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "apps.checkins"
    label = "checkins"

    def ready(self):
        from apps.mentoring.selectors import register_commentable

        from .models import CheckIn

        register_commentable("checkin", CheckIn)
