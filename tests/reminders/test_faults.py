"""Faults with the real services: Redis stopped, PostgreSQL restarted, SMTP failing 30% of the
time, a worker killed mid-batch. Each due reminder still arrives exactly once."""

import datetime
import os
import subprocess
import zoneinfo
from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.checkins.models import CheckInRhythm
from apps.milestones.models import Milestone
from apps.reminders import services
from apps.reminders.models import Delivery, Reminder, ReminderPreference
from careerbuilder.celery import app
from tests.conftest import (
    redis_cli,
    redis_start,
    reminder_hour_begun,
    require_service,
    wait_for,
)

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def due_users(count: int, prefix: str) -> list[User]:
    """`count` verified users, each with one overdue milestone and nothing else due, whose
    reminder hour is this one (reminders go out at it) and who keep no quiet hours."""
    zone, local = reminder_hour_begun()
    users = User.objects.bulk_create(
        User(email=f"{prefix}-{n}@example.com", time_zone=zone) for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
    )
    ReminderPreference.objects.bulk_create(
        ReminderPreference(user=u, comments="off", quiet_from=None, quiet_until=None) for u in users
    )
    CheckInRhythm.objects.bulk_create(
        CheckInRhythm(user=u, checkin_cadence="off", checkin_hour=local.hour) for u in users
    )
    overdue = local.date() - datetime.timedelta(days=3)
    Milestone.objects.bulk_create(
        Milestone(owner=u, horizon=1, title=f"Goal of {u.email}", target_date=overdue)
        for u in users
    )
    return users


def later(minutes=2) -> datetime.datetime:
    """A dispatcher run this much later: past the lease, and past "pending for a minute"."""
    return timezone.now() + datetime.timedelta(minutes=minutes)


def received_once(smtp_server, users) -> bool:
    per_address = Counter(m["To"] for m in smtp_server.messages)
    return per_address == Counter(u.email for u in users)


def test_smtp_failing_30_percent_of_the_time_delivers_1000_reminders_exactly_once(
    queue, smtp_server
):
    users = due_users(1000, "flaky")
    smtp_server.fail_rate = 0.3
    for label in ("one", "two"):
        queue(label, REMINDER_RETRY_BACKOFF_SECONDS="0")

    services.reminders_dispatch()
    deadline = timezone.now() + datetime.timedelta(minutes=5)
    while Delivery.objects.exclude(status="sent").exists():
        assert timezone.now() < deadline, "deliveries still unsent after 5 minutes"
        assert not Delivery.objects.filter(status="failed").exists()
        services.reminders_dispatch()  # what beat does every minute: queue the retries
        wait_for(lambda: not Delivery.objects.filter(status="sending").exists(), seconds=120)

    assert Reminder.objects.count() == 1000
    assert received_once(smtp_server, users)
    assert len({m["Message-ID"] for m in smtp_server.messages}) == 1000
    assert sum(smtp_server.attempts.values()) > 1300  # about 1,430 tries for 1,000 emails


def test_a_worker_killed_mid_batch_leaves_each_email_sent_once(queue, smtp_server, settings):
    users = due_users(150, "killed")
    settings.REMINDER_SEND_LEASE_SECONDS = 60
    doomed = queue("doomed")
    smtp_server.stall_after = 70  # accept 70 emails, then hang inside the SMTP conversation

    services.reminders_dispatch()
    wait_for(lambda: len(smtp_server.messages) >= 70)
    wait_for(lambda: Delivery.objects.filter(status="sending").exists())
    doomed.kill()  # SIGKILL, in the middle of a batch
    doomed.wait(timeout=10)
    smtp_server.stall_after = None
    queue("rescuer")

    services.reminders_dispatch(now=later())  # the dead worker's claims have expired
    wait_for(lambda: not Delivery.objects.exclude(status="sent").exists(), seconds=120)

    assert received_once(smtp_server, users)


def test_with_redis_stopped_the_web_works_and_reminders_catch_up(queue, smtp_server, settings):
    require_service("REDIS_PORT" in os.environ, "REDIS_PORT is not set (make test sets it)")
    users = due_users(30, "no-redis")
    settings.CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.ResilientRedisCache",
            "LOCATION": settings.REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    app.conf.broker_transport_options = {"max_retries": 1}
    app.conf.task_publish_retry_policy = {"max_retries": 1, "interval_start": 0}
    browser = Client()
    browser.force_login(users[0])
    users[1].set_password("outage-pass-2026")
    users[1].save()
    redis_cli("shutdown", "nosave")
    try:
        cache.close()
        for name in ("dashboard", "milestones:index", "accounts:profile"):
            assert browser.get(reverse(name)).status_code == 200
        signing_in = Client().post(
            reverse("account_login"), {"login": users[1].email, "password": "outage-pass-2026"}
        )
        assert signing_in.status_code == 302  # rate limits uncounted, not everyone locked out
        assert browser.get("/healthz").json()["checks"]["redis"].startswith("error")

        services.reminders_dispatch()  # cannot queue: the deliveries wait in PostgreSQL
        assert Delivery.objects.filter(status="pending").count() == 30
    finally:
        redis_start()
        app.conf.task_publish_retry_policy = {}
        app.conf.broker_transport_options = {}

    queue("after-redis")
    services.reminders_dispatch(now=later())
    wait_for(lambda: not Delivery.objects.exclude(status="sent").exists(), seconds=120)
    services.reminders_dispatch(now=later(5))  # and nothing is sent twice afterwards
    assert received_once(smtp_server, users)


@pytest.fixture
def web_server(tmp_path):
    """The app served by a real gunicorn worker on the test database, keeping its connection
    open between requests as in production (CONN_MAX_AGE)."""
    import socket
    import sys
    from pathlib import Path

    import requests

    from tests.conftest import _database_url_for

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careerbuilder.settings",
        "DATABASE_URL": _database_url_for(connection.settings_dict),
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            Path(sys.executable).parent / "gunicorn",
            "careerbuilder.wsgi",
            "--workers",
            "1",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"

    def up():
        try:
            return requests.get(f"{url}/accounts/login/", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    wait_for(up, seconds=60)
    yield url
    server.terminate()
    server.wait(timeout=30)
    log.close()


def test_after_a_postgresql_restart_web_and_worker_recover_on_their_own(
    queue, smtp_server, web_server
):
    import requests

    require_service("PG_DATA" in os.environ, "PG_DATA is not set (make test sets it)")
    first, second = due_users(2, "pg-restart")
    Milestone.objects.filter(owner=second).update(target_date=None)  # not due yet
    worker = queue("survivor")
    services.reminders_dispatch()
    wait_for(lambda: len(smtp_server.messages) == 1)
    browser = Client()
    browser.force_login(first)
    cookies = {"sessionid": browser.cookies["sessionid"].value}
    assert requests.get(f"{web_server}/dashboard/", cookies=cookies).status_code == 200

    pg_ctl = [f"{os.environ['PG_BIN']}/pg_ctl", "-D", os.environ["PG_DATA"]]
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    try:
        subprocess.run([*as_postgres, *pg_ctl, "restart", "-m", "fast", "-w"], check=True)

        # gunicorn's worker held a connection the restart cut: the next request reconnects
        assert requests.get(f"{web_server}/dashboard/", cookies=cookies).status_code == 200
        close_old_connections()  # what each dispatcher run does, like each request
        today = timezone.localtime(timezone=zoneinfo.ZoneInfo(second.time_zone)).date()
        Milestone.objects.filter(owner=second).update(target_date=today)
        services.reminders_dispatch(now=later())
        wait_for(lambda: len(smtp_server.messages) == 2)
    finally:
        close_old_connections()
    assert worker.poll() is None  # the same worker process, reconnected
    assert received_once(smtp_server, [first, second])
