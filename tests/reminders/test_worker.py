import datetime

import pytest
import time_machine
from django.utils import timezone

from apps.checkins.models import CheckInRhythm
from apps.reminders import services
from apps.reminders.models import Delivery, ReminderPreference
from tests.conftest import wait_for
from tests.factories import MilestoneFactory, UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

MONDAY_NINE_LONDON = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def test_a_real_worker_sends_each_due_reminder_once(celery_worker, smtp_server):
    smtp_server.reset()
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        users = [UserFactory(time_zone="Europe/London") for _ in range(3)]

    with time_machine.travel(MONDAY_NINE_LONDON, tick=False):
        services.reminders_dispatch()
        services.reminders_dispatch()  # beat firing twice

    wait_for(lambda: Delivery.objects.filter(status="sent").count() == 3)
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(u.email for u in users)
    assert len({m["Message-ID"] for m in smtp_server.messages}) == 3


def test_a_worker_killed_mid_send_leaves_exactly_one_email(
    smtp_server, settings, tmp_path, django_db_blocker
):
    from careerbuilder.celery import app
    from tests.conftest import (
        reminder_hour_begun,
        require_service,
        spawn_celery_worker,
        stop_celery_worker,
    )

    require_service(bool(settings.REDIS_URL), "REDIS_URL is not set")
    smtp_server.reset()
    settings.REMINDER_SEND_LEASE_SECONDS = 1
    zone, local = reminder_hour_begun()
    maya = UserFactory(time_zone=zone)
    ReminderPreference.objects.create(user=maya, comments="off", quiet_from=None, quiet_until=None)
    CheckInRhythm.objects.create(user=maya, checkin_cadence="off", checkin_hour=local.hour)
    MilestoneFactory(owner=maya, target_date=local.date() - datetime.timedelta(days=2))
    app.conf.task_always_eager = False
    app.conf.task_default_queue = "kill-test"
    doomed = spawn_celery_worker(
        tmp_path / "doomed.log", email_port=smtp_server.port, queues="kill-test"
    )
    try:
        smtp_server.stall_seconds = 30  # the worker hangs inside the SMTP conversation
        services.reminders_dispatch()
        wait_for(lambda: Delivery.objects.filter(status="sending").exists())
        doomed.kill()  # SIGKILL, mid-send
        doomed.wait(timeout=10)
        smtp_server.stall_seconds = 0

        rescuer = spawn_celery_worker(
            tmp_path / "rescuer.log", email_port=smtp_server.port, queues="kill-test"
        )
        try:
            services.reminders_dispatch(now=timezone.now() + datetime.timedelta(seconds=5))
            wait_for(lambda: Delivery.objects.filter(status="sent").exists())
        finally:
            stop_celery_worker(rescuer)
    finally:
        app.conf.task_always_eager = True
        app.conf.task_default_queue = "celery"
        if doomed.poll() is None:
            doomed.kill()

    assert [m["To"] for m in smtp_server.messages] == [maya.email]
    assert Delivery.objects.get().attempts == 2


def test_send_reminders_loop_stops_cleanly_on_sigterm(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from django.db import connection

    from tests.conftest import _database_url_for, require_service

    require_service(connection.vendor == "postgresql", "needs the PostgreSQL test database")
    log = tmp_path / "loop.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careerbuilder.settings",
        "DATABASE_URL": _database_url_for(connection.settings_dict),
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "EMAIL_URL": "consolemail://",
    }
    with open(log, "w") as output:
        loop = subprocess.Popen(
            [sys.executable, "manage.py", "send_reminders", "--loop", "--interval", "1"],
            cwd=Path(__file__).resolve().parents[2],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: log.read_text().count("Reminders dispatched") >= 2, seconds=60)
        loop.send_signal(signal.SIGTERM)
        assert loop.wait(timeout=10) == 0
    finally:
        if loop.poll() is None:
            loop.kill()
    assert log.read_text().rstrip().endswith("Stopped.")
