"""Delivering due reminders at scale, shared by `make bench` and `make bench-scale`: the dispatcher
at the seeded users' reminder hour, real Celery workers sending through Redis to a local SMTP sink,
duplicates and losses counted from what the sink received, and the rate of a plain smtplib loop
sending the same messages to the same sink, to compare with."""

import datetime
import os
import smtplib
import socket
import statistics
import subprocess
import sys
import time
import zoneinfo
from collections import Counter
from email import message_from_bytes
from email.utils import getaddresses
from pathlib import Path

from django.utils import timezone

from apps.reminders.models import Delivery, DeliveryStatus, MomentChange, Reminder
from apps.reminders.services import reminders_dispatch
from bench.common import BIN, ROOT, free_port, log, wait_for
from bench.smtp_sink import SEPARATOR
from careerbuilder.celery import app as celery_app

CELERY_CONCURRENCY = 4
# The smtplib loop is one client and the sink taking turns, so its rate swings with how the
# machine schedules two processes (from 540 to 960 emails/s minutes apart here): the ratio's
# denominator is the median of a few runs.
SMTPLIB_RUNS = 3


def start_sink(path: Path) -> tuple[subprocess.Popen, int]:
    """bench.smtp_sink on a free port, writing to `path`, once it says it is ready."""
    port = free_port()
    sink = subprocess.Popen(
        [sys.executable, "-m", "bench.smtp_sink", str(port), str(path)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    sink.stdout.readline()
    return sink, port


def stop_process(process: subprocess.Popen) -> None:
    """Terminates a process, and kills it if it has not stopped within a minute."""
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()


def start_worker(workdir: Path, sink_port: int, role: str = "reminders") -> subprocess.Popen:
    """Celery worker processes sending their mail to the sink, once they answer a ping."""
    hostname = f"bench-{role}-{os.getpid()}@%h"
    worker = subprocess.Popen(
        [
            BIN / "celery",
            "-A",
            "careerbuilder",
            "worker",
            "--concurrency",
            str(CELERY_CONCURRENCY),
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--hostname",
            hostname,
        ],
        cwd=ROOT,
        env={**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{sink_port}"},
        stdout=(workdir / "celery.log").open("a"),
        stderr=subprocess.STDOUT,
    )
    name = hostname.replace("%h", socket.gethostname())
    try:
        wait_for(
            lambda: celery_app.control.ping(destination=[name], timeout=0.5),
            timeout=60,
            what="the Celery worker",
        )
    except BaseException:
        stop_process(worker)
        raise
    return worker


def reminder_hour(zone: str = "Europe/London", hour: int = 9) -> datetime.datetime:
    """The next time it is `hour` o'clock for the seeded users: when their reminders go out."""
    local = timezone.now().astimezone(zoneinfo.ZoneInfo(zone))
    moment = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if moment < local:
        moment += datetime.timedelta(days=1)
    return moment.astimezone(datetime.UTC)


def dispatch_everything(at: datetime.datetime) -> int:
    """Runs the dispatcher at `at` until no user waits to be worked out (a run refreshes changed
    users for at most 30 seconds before taking what is due); returns the deliveries queued."""
    queued = reminders_dispatch(now=at)
    while MomentChange.objects.exists():
        queued += reminders_dispatch(now=at)
    return queued


def reminder_phase(*, expected: int, workdir: Path, at: datetime.datetime | None = None) -> dict:
    """Dispatches what is due at the seeded users' reminder hour to Celery workers sending to an
    SMTP sink, and counts duplicates and losses."""
    at = at or reminder_hour()
    Delivery.objects.all().delete()
    Reminder.objects.all().delete()
    received = workdir / "received.mbox"
    sink, sink_port = start_sink(received)
    worker = start_worker(workdir, sink_port)
    try:
        log(
            f"Dispatching the due reminders ({expected:,} expected) to {CELERY_CONCURRENCY} "
            "Celery worker processes…"
        )
        started = time.perf_counter()
        queued = dispatch_everything(at)
        dispatch_seconds = time.perf_counter() - started
        sent = DeliveryStatus.SENT

        def all_sent():
            return Delivery.objects.exclude(status=sent).count() == 0

        wait_for(all_sent, timeout=3600, what="every delivery to be sent", every=1)
    finally:
        stop_process(worker)
        stop_process(sink)
    first_claim = Delivery.objects.order_by("claimed_at").values_list("claimed_at", flat=True)[0]
    last_sent = Delivery.objects.order_by("-sent_at").values_list("sent_at", flat=True)[0]
    delivery_seconds = (last_sent - first_claim).total_seconds()
    messages = read_messages(received)
    ids = Counter(message_id for message_id, *_ in messages)
    expected_ids = {d.message_id for d in Delivery.objects.only("pk", "user_id")}
    reminders = Reminder.objects.count()
    unsent_reminders = Reminder.objects.exclude(delivery__status=sent).count()
    result = {
        "reminders": reminders,
        "expected": expected,
        "emails": len(expected_ids),
        "queued": queued,
        "dispatch_seconds": dispatch_seconds,
        "delivery_seconds": delivery_seconds,
        "rate": len(expected_ids) / delivery_seconds,
        "duplicates": sum(n - 1 for n in ids.values() if n > 1),
        "lost": len(expected_ids - set(ids)) + unsent_reminders + max(expected - reminders, 0),
    }
    result["smtplib_rates"] = [_smtplib_rate(messages, workdir) for _ in range(SMTPLIB_RUNS)]
    result["smtplib_rate"] = statistics.median(result["smtplib_rates"])
    result["ratio"] = result["rate"] / result["smtplib_rate"]
    return result


def read_messages(path: Path) -> list[tuple[str, str, list[str], bytes]]:
    """The sink's file: Message-ID, sender, recipients and raw bytes of each message."""
    messages = []
    for raw in path.read_bytes().split(SEPARATOR)[1:]:
        parsed = message_from_bytes(raw)
        recipients = [address for _name, address in getaddresses(parsed.get_all("To", []))]
        messages.append((parsed["Message-ID"], parsed["From"], recipients, raw))
    return messages


def _smtplib_rate(messages, workdir: Path) -> float:
    """A plain smtplib loop sending the same messages to the same sink: the ceiling."""
    sink, port = start_sink(workdir / "smtplib.mbox")
    try:
        started = time.perf_counter()
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for _message_id, sender, recipients, raw in messages:
                smtp.sendmail(sender, recipients, raw)
        return len(messages) / (time.perf_counter() - started)
    finally:
        stop_process(sink)
