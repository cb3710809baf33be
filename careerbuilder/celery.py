"""The Celery app: settings under the CELERY_ namespace, tasks found in each app's tasks.py."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerbuilder.settings")

app = Celery("careerbuilder")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
def load_urls(**kwargs) -> None:
    """Loads the URLconf in the parent before the pool forks (0.6 s of CPU each process would
    otherwise spend on its first email: every email links into the site)."""
    from django.urls import reverse

    reverse("dashboard")
