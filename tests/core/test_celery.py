import pytest

from apps.core.tasks import ping
from careerbuilder.celery import app

pytestmark = pytest.mark.services


def test_a_real_worker_completes_a_task_from_the_redis_broker(celery_worker):
    result = ping.delay()

    assert result.get(timeout=60) == "pong"
    assert result.successful()


def test_celery_is_configured_for_safe_redelivery():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
