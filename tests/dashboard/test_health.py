import datetime
import socket

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.reminders.models import DispatcherState

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dispatcher_ran():
    return DispatcherState.objects.create(pk=1, last_run_at=timezone.now())


def test_healthz_reports_database_and_redis_ok(client, redis_url):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["checks"] == {"database": "ok", "redis": "ok", "reminders": "ok"}


def test_healthz_answers_503_when_redis_is_unreachable(client, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.REDIS_URL = f"redis://127.0.0.1:{closed_port}/0"

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["redis"].startswith("error")


def test_healthz_skips_redis_when_none_is_configured(client, settings):
    settings.REDIS_URL = ""

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "reminders": "ok"}


def test_healthz_reports_a_stale_dispatcher(client, settings, dispatcher_ran):
    settings.REDIS_URL = ""
    DispatcherState.objects.filter(pk=1).update(
        last_run_at=timezone.now() - datetime.timedelta(minutes=6)
    )

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["checks"]["reminders"] == (
        "error: the reminder dispatcher last ran 6 minutes ago"
    )


def test_healthz_reports_a_dispatcher_that_never_ran(client, settings, dispatcher_ran):
    settings.REDIS_URL = ""
    dispatcher_ran.delete()

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert "never run" in response.json()["checks"]["reminders"]
