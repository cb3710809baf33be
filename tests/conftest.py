import asyncio
import datetime
import email
import os
import random
import socket
import zoneinfo

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.factories import PASSWORD, UserFactory

# `make test` sets this: there, a test that needs PostgreSQL, Redis or Chromium must never skip.
SERVICES_REQUIRED = bool(os.environ.get("CAREERBUILDER_REQUIRE_SERVICES"))


def require_service(available: bool, reason: str):
    if available:
        return
    if SERVICES_REQUIRED:
        pytest.fail(f"{reason}, but make test promised it")
    pytest.skip(f"{reason} (run `make test` for the real services)")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth counts rate limits in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request's middleware activates the visitor's
    for the rest of its thread (as Django's own LocaleMiddleware does), which in a test would
    carry over into the next one."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def redis_url():
    require_service(bool(settings.REDIS_URL), "REDIS_URL is not set")
    return settings.REDIS_URL


def _database_url_for(settings_dict) -> str:
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    at = "@" if user else ""
    return (
        f"postgres://{user}{password}{at}{settings_dict['HOST']}:{settings_dict['PORT']}"
        f"/{settings_dict['NAME']}"
    )


class SmtpRecorder:
    """An aiosmtpd handler that keeps every message, and can be told to fail or to stall."""

    def __init__(self):
        self.messages = []
        self.fail_next = 0
        self.fail_rate = 0.0
        self.stall_seconds = 0.0
        self.stall_after = None  # stall every message after this many were accepted
        self.attempts = {}

    async def handle_DATA(self, server, session, envelope):
        stall = self.stall_seconds or (
            300 if self.stall_after is not None and len(self.messages) >= self.stall_after else 0
        )
        if stall:
            await asyncio.sleep(stall)
            if server.transport is None or server.transport.is_closing():
                return "421 4.4.2 The client went away"  # never accepted, never delivered
        if self.fail_next > 0:
            self.fail_next -= 1
            return "451 4.3.0 Temporary failure, try again later"
        if self.fail_rate and self._fails(envelope.content):
            return "451 4.3.0 Temporary failure, try again later"
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 2.0.0 OK"

    # A flaky server, not a dead one: it fails one message at most this many times in a row. At
    # 30%, ten failures in a row (a delivery's last attempt) came once in about 170 runs of 1,000.
    MOST_FAILURES_IN_A_ROW = 5

    def _fails(self, content: bytes) -> bool:
        """Fails `fail_rate` of the attempts, decided by the message and how often it was tried,
        so that the same run fails the same way every time."""
        message_id = email.message_from_bytes(content)["Message-ID"]
        self.attempts[message_id] = self.attempts.get(message_id, 0) + 1
        if self.attempts[message_id] > self.MOST_FAILURES_IN_A_ROW:
            return False
        roll = random.Random(f"{message_id}:{self.attempts[message_id]}").random()
        return roll < self.fail_rate

    def reset(self):
        self.attempts = {}
        self.messages.clear()
        self.fail_next, self.fail_rate, self.stall_seconds = 0, 0.0, 0.0
        self.stall_after = None


@pytest.fixture(scope="session")
def smtp_server():
    """A real SMTP server on a free local port for the whole run (aiosmtpd)."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    recorder = SmtpRecorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    recorder.port = port
    yield recorder
    controller.stop()


@pytest.fixture
def smtp(smtp_server, settings):
    """Sends this test's email through the real SMTP server, which starts empty and healthy."""
    smtp_server.reset()
    settings.EMAIL_BACKEND = "apps.core.mail.SMTPBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    yield smtp_server
    smtp_server.reset()


def reminder_hour_begun() -> tuple[str, datetime.datetime]:
    """A time zone, and the local time in it, whose current hour began under half an hour ago.

    Reminders found due go out within an hour of the user's reminder hour: a test that gives its
    user this hour (the clock's own, for real workers) and dispatches during the next half hour
    stays inside it, whenever the suite runs. A test that read the hour at 17:59 and dispatched at
    18:01 waited for tomorrow's. India is UTC+5:30 all year, so one of the two always fits.
    """
    from django.utils import timezone

    now = timezone.now()
    for name in ("UTC", "Asia/Kolkata"):
        local = now.astimezone(zoneinfo.ZoneInfo(name))
        if local.minute < 30:
            return name, local
    raise AssertionError("unreachable: the two zones are half an hour apart")


def checkin_due_now(user) -> None:
    """Gives `user` a weekly check-in slot at the hour that just began, today, in a zone of
    reminder_hour_begun's, with no quiet hours in the way: the dispatcher sends it now."""
    from apps.checkins.models import CheckInRhythm
    from apps.reminders.models import ReminderPreference

    zone, now = reminder_hour_begun()
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    ReminderPreference.objects.create(user=user, quiet_from=None, quiet_until=None)
    CheckInRhythm.objects.create(user=user, checkin_weekday=now.weekday(), checkin_hour=now.hour)


def spawn_celery_worker(log_path, *, email_port, queues="celery"):
    """Starts a real `celery worker` process on the Redis broker, using the test database."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    from django.db import connection

    from careerbuilder.celery import app

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careerbuilder.settings",
        "DATABASE_URL": _database_url_for(connection.settings_dict),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{email_port}",
    }
    hostname = f"test-{queues}-{os.getpid()}-{time.monotonic_ns()}@%h"
    with open(log_path, "w") as log_file:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "careerbuilder",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--queues={queues}",
                f"--hostname={hostname}",
            ],
            cwd=Path(__file__).resolve().parents[1],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    name = hostname.replace("%h", socket.gethostname())
    while not app.control.ping(destination=[name], timeout=0.5):
        if worker.poll() is not None or time.monotonic() > deadline:
            worker.kill()
            pytest.fail(f"the Celery worker did not start:\n{Path(log_path).read_text()}")
    return worker


def stop_celery_worker(worker) -> None:
    import subprocess

    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, tmp_path_factory, smtp_server):
    """A real `celery worker` process on the Redis broker, using the test database."""
    from django.db import connection

    require_service(bool(settings.REDIS_URL), "REDIS_URL is not set")
    require_service(
        connection.vendor == "postgresql", "the worker needs the PostgreSQL test database"
    )
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    worker = spawn_celery_worker(log, email_port=smtp_server.port)
    yield worker
    stop_celery_worker(worker)


@pytest.fixture
def celery_worker(celery_worker_process):
    """Sends tasks to the real worker instead of running them in the test process."""
    from careerbuilder.celery import app

    app.conf.task_always_eager = False
    yield celery_worker_process
    app.conf.task_always_eager = True


@pytest.fixture
def plan(user):
    """One of everything in `user`'s career plan, from the factories (tests/worlds.py)."""
    from tests.worlds import one_of_everything

    return one_of_everything(user, level="fast")


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def other_client(client, other_user):
    client.force_login(other_user)
    return client


@pytest.fixture
def queue(request, settings, tmp_path, smtp_server):
    """Workers on a queue of this test's own; starts them with `start()`, stops them after."""
    from django.db import connection

    from careerbuilder.celery import app

    require_service(bool(settings.REDIS_URL), "REDIS_URL is not set")
    require_service(connection.vendor == "postgresql", "needs the PostgreSQL test database")
    smtp_server.reset()
    name = f"faults-{request.node.name}"[:60]
    app.conf.task_always_eager = False
    app.conf.task_default_queue = name
    workers = []

    def start(label="worker", **env):
        old = {key: os.environ.get(key) for key in env}
        os.environ.update(env)
        try:
            worker = spawn_celery_worker(
                tmp_path / f"{label}.log", email_port=smtp_server.port, queues=name
            )
        finally:
            for key, value in old.items():
                os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        if worker.poll() is None:
            stop_celery_worker(worker)
    app.conf.task_always_eager = True
    app.conf.task_default_queue = "celery"
    smtp_server.reset()


def wait_for(condition, seconds=60):
    """Polls a condition another process will make true (not a sleep standing in for time)."""
    import time

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the other process"
        time.sleep(0.2)


def redis_cli(*args):
    """The real Redis of `make test`, told something (`redis_cli("shutdown", "nosave")`)."""
    import subprocess

    port = os.environ["REDIS_PORT"]
    return subprocess.run(["redis-cli", "-p", port, *args], capture_output=True, text=True)


def redis_start():
    """Starts the real Redis again, on its port, and waits until it answers."""
    import subprocess

    port = os.environ["REDIS_PORT"]
    subprocess.run(
        [
            "redis-server",
            "--port",
            port,
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
            "--logfile",
            "/dev/null",
        ],
        check=True,
    )
    wait_for(lambda: redis_cli("ping").stdout.strip() == "PONG", seconds=20)
