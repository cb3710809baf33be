"""Celery's configuration; a real worker consuming real tasks from the Redis broker is in
tests/reminders/test_worker.py."""

from careerbuilder.celery import app


def test_celery_is_configured_for_safe_redelivery():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
