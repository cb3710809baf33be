import socket

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_redis_ok(client, redis_url):
    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


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
    assert response.json()["checks"] == {"database": "ok"}
