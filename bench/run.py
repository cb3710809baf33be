"""`make bench`: pages, reminders and inbound mail at scale, against real PostgreSQL, Redis,
gunicorn and Celery.

Prints a results table and writes it to docs/benchmarks.md. Needs DATABASE_URL and REDIS_URL
(scripts/with-services.sh starts throwaway servers). Every figure that has a target is a ratio
measured in this same run; absolute figures are reported beside them, with the machine.
"""

import argparse
import csv
import datetime
import json
import os
import shlex
import smtplib
import subprocess
import sys
import tempfile
import time
import zoneinfo
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import requests
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import User
from apps.checkins.models import CheckIn, CheckinCadence, CheckInRhythm
from apps.core.changes import PROVIDERS
from apps.core.today import today_sources
from apps.inbound.models import InboundMessage, Outcome
from apps.meetings.models import Session
from apps.mentoring.models import Comment
from apps.reminders.links import make_checkin_link, make_checkin_reply_address
from apps.reminders.models import Reminder
from apps.reminders.selectors import checkin_period_now
from apps.reminders.sources.checkin import CHECKIN
from bench.common import (
    BIN,
    ROOT,
    ensure_database,
    free_port,
    git_commit,
    log,
    machine,
    require_services,
    verdict,
    wait_for,
    write_report,
)
from bench.delivery import (
    CELERY_CONCURRENCY,
    SMTPLIB_RUNS,
    read_messages,
    reminder_phase,
    start_sink,
    start_worker,
    stop_process,
)
from bench.record import import_phase, record_phase
from bench.record import report_lines as record_report
from bench.seed import BENCH_PASSWORD, bench_users, seed_users
from tests.inbound.mailauth import signed  # the tests' DKIM key and DNS

CONCURRENCY = 20
GUNICORN_WORKERS = 4
LOGINS = {"mentee": 60, "mentor": 20}

# name, who asks for it, and its path for one user
PAGES = [
    ("baseline", "mentee", lambda user: "/bench/baseline/"),
    ("dashboard", "mentee", lambda user: "/dashboard/"),
    ("today", "mentee", lambda user: "/today/"),
    ("milestone list", "mentee", lambda user: "/milestones/"),
    ("milestone with comments", "mentee", lambda user: f"/milestones/{_commented(user)}/"),
    ("contact list", "mentee", lambda user: "/network/"),
    ("opportunity list", "mentee", lambda user: "/opportunities/"),
    ("mentor's mentees", "mentor", lambda user: "/mentoring/"),
    ("session page", "mentor", lambda user: f"/sessions/{_next_session(user)}/"),
    ("API milestone list", "mentee", lambda user: "/api/v1/milestones/"),
]
TARGETS = {"throughput": 0.40, "p95": 2.5, "queries": 12, "delivery": 0.50, "growth": 1.2}
# pages people open every morning ask more of the throughput than TARGETS
THROUGHPUT_TARGETS = {"today": 0.80}
# the Today list reads each of its registered sources once on a cold cache (two or three warm),
# and the user's snoozes and whether anyone mentors them
TODAY_QUERIES = len(today_sources()) + 2
# a session's agenda reads each "what changed" provider once on a cold cache, and is kept after
AGENDA_QUERIES = sum(len(providers) for providers in PROVIDERS.values())
QUERY_TARGETS = {
    "dashboard": 14 + TODAY_QUERIES,
    "today": 6 + TODAY_QUERIES,
    "session page": 20 + AGENDA_QUERIES,
}


def _next_session(user: User) -> int:
    """A mentor's next session: its page opens with the agenda of one of his mentees."""
    return (
        Session.objects.filter(mentor=user, status="accepted")
        .order_by("starts_at")
        .values_list("pk", flat=True)
        .first()
    )


def _commented(user: User) -> int:
    return Comment.objects.filter(plan_owner=user).values_list("object_id", flat=True).first()


@dataclass
class PageResult:
    name: str
    rps: float
    p50: float
    p95: float
    p99: float
    requests: int
    errors: int
    queries: tuple[int, int] = (0, 0)  # with an empty cache, and with it filled
    queries_small: tuple[int, int] = (0, 0)
    extra: dict = field(default_factory=dict)


class Server:
    """gunicorn serving the production settings on a free loopback port."""

    def __init__(self, workdir: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(workdir / "gunicorn.log", "a")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                BIN / "gunicorn",
                "careerbuilder.wsgi",
                "--workers",
                str(GUNICORN_WORKERS),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self._up, timeout=60, what="gunicorn")

    def _up(self) -> bool:
        try:
            return requests.get(self.url + "/accounts/login/", timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def login(base_url: str, email: str) -> str:
    """Logs in through the real allauth form; returns the session cookie."""
    with requests.Session() as session:
        session.get(base_url + "/accounts/login/", timeout=30)
        response = session.post(
            base_url + "/accounts/login/",
            data={
                "login": email,
                "password": BENCH_PASSWORD,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
            headers={"Referer": base_url + "/accounts/login/"},
            allow_redirects=False,
            timeout=60,
        )
        if response.status_code != 302 or "sessionid" not in session.cookies:
            raise RuntimeError(f"Login of {email} failed with status {response.status_code}.")
        return session.cookies["sessionid"]


def log_in_many(server: Server, population: int) -> dict[str, list[tuple[User, str]]]:
    sessions = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for role, count in LOGINS.items():
            emails = list(bench_users(mentors=role == "mentor", count=count, population=population))
            cookies = pool.map(lambda email: login(server.url, email), emails)
            users = {u.email: u for u in User.objects.filter(email__in=emails)}
            sessions[role] = [
                (users[email], cookie) for email, cookie in zip(emails, cookies, strict=True)
            ]
    return sessions


def count_queries(role_users: list[User], path_for) -> tuple[int, int]:
    """The most queries a few users' requests for the page made: with an empty cache (the first
    view, or after any change to the plan), and again with it filled (DEBUG stays off)."""
    cold = warm = 0
    client = Client(HTTP_HOST="127.0.0.1")
    for user in role_users[:5]:
        client.force_login(user)
        cache.clear()
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path_for(user))
            if response.status_code != 200:
                raise RuntimeError(f"{path_for(user)} answered {response.status_code}.")
            counts.append(len(queries))
        cold, warm = max(cold, counts[0]), max(warm, counts[1])
    return cold, warm


def run_locust(
    server: Server, name: str, targets: list[dict], *, users: int, seconds: int, workdir: Path
) -> PageResult:
    targets_file = workdir / "targets.json"
    targets_file.write_text(json.dumps(targets))
    prefix = workdir / "locust"
    for target in targets:  # warm each gunicorn worker, and the cache for each user's page
        requests.get(server.url + target["path"], cookies={"sessionid": target["session"]})
    subprocess.run(
        [
            BIN / "locust",
            "-f",
            ROOT / "bench" / "locustfile.py",
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--host",
            server.url,
            "--csv",
            prefix,
            "--only-summary",
            "--loglevel",
            "WARNING",
            "--stop-timeout",
            "5",
        ],
        cwd=ROOT,
        env={**os.environ, "BENCH_TARGETS": str(targets_file), "BENCH_PAGE": name},
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=(workdir / "locust.log").open("a"),
    )
    with open(f"{prefix}_stats.csv") as stats_file:
        row = next(r for r in csv.DictReader(stats_file) if r["Name"] == name)
    return PageResult(
        name=name,
        rps=float(row["Requests/s"]),
        p50=float(row["50%"]),
        p95=float(row["95%"]),
        p99=float(row["99%"]),
        requests=int(row["Request Count"]),
        errors=int(row["Failure Count"]),
    )


def web_phase(*, population: int, pages, seconds: int, workdir: Path) -> dict[str, PageResult]:
    """Loads each of `pages` in turn; counts every page's queries at this data size."""
    server = Server(workdir)
    try:
        log(f"Logging in {sum(LOGINS.values())} users through the login form…")
        sessions = log_in_many(server, population)
        results = {}
        for name, role, path_for in pages:
            targets = [{"session": c, "path": path_for(u)} for u, c in sessions[role]]
            log(f"{name}: {CONCURRENCY} users for {seconds} s at {population:,} users…")
            results[name] = run_locust(
                server, name, targets, users=CONCURRENCY, seconds=seconds, workdir=workdir
            )
        for name, role, path_for in PAGES:
            if name in results:
                results[name].queries = count_queries([u for u, _ in sessions[role]], path_for)
        return results
    finally:
        server.stop()


def queries_per_page(population: int) -> dict[str, tuple[int, int]]:
    users = {
        role: list(
            User.objects.filter(
                email__in=bench_users(mentors=role == "mentor", count=5, population=population)
            )
        )
        for role in LOGINS
    }
    return {name: count_queries(users[role], path_for) for name, role, path_for in PAGES}


def soak_phase(*, population: int, seconds: int, users: int, workdir: Path) -> dict:
    """Every page but the baseline in turn, `users` at a time, sampling the workers' memory."""
    server = Server(workdir)
    try:
        sessions = log_in_many(server, population)
        targets = [
            {"session": cookie, "path": path_for(user)}
            for _name, role, path_for in PAGES[1:]
            for user, cookie in sessions[role]
        ]
        samples = []
        stop_at = time.monotonic() + seconds

        def sample():
            rss = 0
            for pid in server.worker_pids():
                status = Path(f"/proc/{pid}/status").read_text()
                rss += int(
                    next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[
                        1
                    ]
                )
            samples.append((round(seconds - (stop_at - time.monotonic())), rss // 1024))

        log(f"Soak: {users} users for {seconds} s over every page…")
        with ThreadPoolExecutor(max_workers=1) as pool:
            future = pool.submit(
                run_locust, server, "soak", targets, users=users, seconds=seconds, workdir=workdir
            )
            while not future.done():
                sample()
                time.sleep(min(30, max(seconds // 20, 1)))
            result = future.result()
        return {"result": result, "memory": samples}
    finally:
        server.stop()


INBOUND_CLIENTS = 8  # concurrent SMTP clients, one connection each, many messages per connection
INBOUND_REPLY = """North Star: 4
Career: 3
Learned: how to scope a data project
Next: send Ada the draft

Thanks!

On Mon, 1 Dec 2026 at 09:00, careerbuilder <noreply@careerbuilder.local> wrote:
> How far did you move toward your North Star?
> North Star: 1 to 5
"""


def _checkin_replies(count: int) -> tuple[dict[int, str], list[tuple[str, str, bytes]]]:
    """`count` seeded users, each in a check-in period (weekly, the slot three days ago, so no
    period ends during the phase) with its check-in reminder recorded and not answered yet; returns
    each user's period and a reply to each reminder: envelope sender, reply address, raw bytes."""
    users = list(User.objects.filter(email__startswith="bench-").order_by("pk")[:count])
    now = timezone.now()
    CheckInRhythm.objects.bulk_create(
        [
            CheckInRhythm(
                user=user,
                checkin_cadence=CheckinCadence.WEEKLY,
                checkin_weekday=(
                    now.astimezone(zoneinfo.ZoneInfo(user.time_zone)) - datetime.timedelta(days=3)
                ).weekday(),
                checkin_hour=12,
            )
            for user in users
        ],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["checkin_cadence", "checkin_weekday", "checkin_hour"],
        batch_size=1000,
    )
    users = list(User.objects.filter(pk__in=[u.pk for u in users]).select_related("checkin_rhythm"))
    periods = {user.pk: checkin_period_now(user=user, now=now) for user in users}
    if None in periods.values():
        raise RuntimeError("A benchmark user has no current check-in period.")
    Reminder.objects.bulk_create(
        [
            Reminder(
                user=user,
                kind=CHECKIN,
                period=periods[user.pk],
                subject="Time for your check-in",
                url=make_checkin_link(user=user, period=periods[user.pk]),
            )
            for user in users
        ],
        ignore_conflicts=True,  # one_reminder_per_user_kind_period
        batch_size=1000,
    )
    Reminder.objects.filter(user__in=users, kind=CHECKIN, period__in=set(periods.values())).update(
        checkin=None
    )
    replies = []
    for user in users:
        message = EmailMessage()
        message["From"] = f"{user.display_name} <{user.email}>"
        message["To"] = make_checkin_reply_address(user=user, period=periods[user.pk])
        message["Subject"] = "Re: [careerbuilder] Time for your check-in"
        message["Date"] = formatdate()
        message["Message-ID"] = make_msgid(idstring=f"reply-{user.pk}", domain="mail.example.com")
        message.set_content(INBOUND_REPLY)
        # signed as the sender's provider signs: the receiver verifies it (policy "dkim")
        raw = signed(message.as_bytes(), domain=user.email.rpartition("@")[2])
        replies.append((user.email, message["To"], raw))
    return periods, replies


def _start_receiver(workdir: Path, sink_port: int) -> tuple[subprocess.Popen, int]:
    """`manage.py receive_mail` (SMTP) on a free port, once it says it is receiving."""
    port = free_port()
    output = workdir / "receive_mail.log"
    receiver = subprocess.Popen(
        [sys.executable, "manage.py", "receive_mail", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=output.open("a"),
        stderr=subprocess.STDOUT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "careerbuilder.settings",
            "EMAIL_URL": f"smtp://127.0.0.1:{sink_port}",
            "INBOUND_SENDER_POLICY": "dkim",
            "INBOUND_DKIM_DNS": "tests.inbound.mailauth.dns_txt",
        },
    )

    def receiving() -> bool:
        if receiver.poll() is not None:
            raise RuntimeError(f"receive_mail exited with {receiver.returncode}: see {output}.")
        return "Receiving mail" in output.read_text(errors="replace")

    try:
        wait_for(receiving, timeout=60, what="the mail receiver")
    except BaseException:
        stop_process(receiver)
        raise
    return receiver, port


def _send_replies(port: int, replies: list[tuple[str, str, bytes]]) -> tuple[float, Counter]:
    """Sends the replies from INBOUND_CLIENTS concurrent connections; returns the seconds from
    the first send to the last answer, and how many got each SMTP reply code."""

    def send(chunk) -> Counter:
        codes = Counter()
        with smtplib.SMTP("127.0.0.1", port, timeout=300) as client:
            for sender, to, raw in chunk:
                try:
                    client.sendmail(sender, [to], raw)
                    codes[250] += 1
                except smtplib.SMTPRecipientsRefused as error:
                    codes[next(iter(error.recipients.values()))[0]] += 1
                except smtplib.SMTPResponseException as error:
                    codes[error.smtp_code] += 1
        return codes

    chunks = [replies[i::INBOUND_CLIENTS] for i in range(INBOUND_CLIENTS)]
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=INBOUND_CLIENTS) as pool:
        codes = sum(pool.map(send, chunks), Counter())
    return time.perf_counter() - started, codes


def inbound_phase(*, count: int, workdir: Path) -> dict:
    """Replies to `count` check-in reminders through the built-in receiver (a real `manage.py
    receive_mail`), then the same messages again; counts the check-ins saved, lost and doubled."""
    periods, replies = _checkin_replies(count)
    user_ids = list(periods)
    started_at = timezone.now()
    confirmations = workdir / "confirmations.mbox"
    sink, sink_port = start_sink(confirmations)
    worker = receiver = None
    try:
        worker = start_worker(workdir, sink_port, role="inbound")
        receiver, port = _start_receiver(workdir, sink_port)
        log(
            f"Replying to {len(replies):,} check-in reminders through receive_mail from "
            f"{INBOUND_CLIENTS} SMTP clients…"
        )
        seconds, codes = _send_replies(port, replies)
        log(f"…then the same {len(replies):,} messages again (the same Message-IDs)…")
        again_seconds, again_codes = _send_replies(port, replies)
        answered = Reminder.objects.filter(
            user_id__in=user_ids, kind=CHECKIN, checkin__isnull=False
        ).values_list("user_id", "period")
        answered = sum(1 for user_id, period in answered if periods.get(user_id) == period)

        def confirmed() -> bool:
            return len(read_messages(confirmations)) >= answered

        try:  # the confirmations go through Redis to the Celery worker, then the sink
            wait_for(confirmed, timeout=120, what="the confirmations", every=1)
            time.sleep(2)  # any extra one
        except RuntimeError:
            pass
    finally:
        for process in (receiver, worker, sink):
            if process is not None:
                stop_process(process)
    correct = Reminder.objects.filter(
        user_id__in=user_ids,
        kind=CHECKIN,
        checkin__north_star_progress=4,
        checkin__job_or_career=3,
    ).values_list("user_id", "period")
    saved = sum(1 for user_id, period in correct if periods.get(user_id) == period)
    checkins = CheckIn.objects.filter(owner_id__in=user_ids, created_at__gte=started_at).count()
    lines = Counter(
        InboundMessage.objects.filter(user_id__in=user_ids, received_at__gte=started_at)
        .values_list("outcome", flat=True)
        .order_by()
    )
    return {
        "messages": len(replies),
        "seconds": seconds,
        "rate": len(replies) / seconds,
        "codes": codes,
        "again_seconds": again_seconds,
        "again_rate": len(replies) / again_seconds,
        "again_codes": again_codes,
        "saved": saved,
        "lines": lines,
        "confirmations": len(read_messages(confirmations)),
        "lost": len(replies) - saved,
        # a check-in or a "saved" line beyond one per answered reminder
        "duplicates": max(checkins - saved, 0) + max(lines[Outcome.SAVED.value] - saved, 0),
    }


def report(args, results: dict) -> str:
    base = results["pages"][0]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (overwritten on each run). Ratios are measured in this same run; "
        "absolute figures drift on shared machines and are shown for reference.",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M UTC}",
        f"- Machine: {results['machine']}",
        f"- Command: `{results['command']}` at commit {results['commit']}",
        f"- Server: gunicorn, {GUNICORN_WORKERS} sync workers, production settings (DEBUG off); "
        f"load: locust (headless, FastHttpUser, no wait between requests), {CONCURRENCY} "
        f"concurrent users, {args.seconds} s per page, each request as the next of "
        f"{LOGINS['mentee']} mentees (or {LOGINS['mentor']} mentors) logged in through the form.",
        f"- Data: {args.users:,} users seeded in {results['seed_seconds']:.0f} s "
        f"({results['seed_rows']:,} rows, COPY); every tenth user mentors five others.",
        "",
        f"## Pages at {args.users:,} users",
        "",
        "| page | req/s | × baseline | p50 ms | p95 ms | p95 ÷ baseline | p99 ms | errors "
        f"| queries, empty / filled cache ({args.users // 10:,} → {args.users:,} users) "
        "| targets |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in results["pages"]:
        throughput, slowdown = page.rps / base.rps, page.p95 / base.p95
        ok = page is base or (
            throughput >= THROUGHPUT_TARGETS.get(page.name, TARGETS["throughput"])
            and slowdown <= TARGETS["p95"]
            and max(page.queries) <= QUERY_TARGETS.get(page.name, TARGETS["queries"])
            and page.queries == page.queries_small
            and page.errors == 0
        )
        lines.append(
            f"| {page.name} | {page.rps:.0f} | {throughput:.2f} | {page.p50:.0f} | "
            f"{page.p95:.0f} | {slowdown:.2f} | {page.p99:.0f} | {page.errors} of "
            f"{page.requests:,} | {'/'.join(map(str, page.queries_small))} → "
            f"{'/'.join(map(str, page.queries))} | "
            f"{'—' if page is base else verdict(ok)} |"
        )
    growth = results["growth"]
    reminders = results["reminders"]
    lines += [
        "",
        f"Targets: at least {TARGETS['throughput']:.0%} of the baseline's requests/s "
        f"({', '.join(f'{name} {share:.0%}' for name, share in THROUGHPUT_TARGETS.items())}), "
        "p95 at "
        f"most {TARGETS['p95']} × the baseline's, at most {TARGETS['queries']} queries "
        f"({', '.join(f'{name} {most}' for name, most in QUERY_TARGETS.items())}), the same "
        "at both data sizes, no errors. The baseline is a logged-in view that runs one indexed "
        "query and renders a tiny template: the framework's ceiling on this machine.",
        "",
        "## Growth",
        "",
        f"Dashboard p95 at {growth['small_users']:,} users: {growth['small_p95']:.0f} ms; at "
        f"{args.users:,} users: {growth['large_p95']:.0f} ms; ratio "
        f"**{growth['ratio']:.2f}** (target at most {TARGETS['growth']}: "
        f"{verdict(growth['ratio'] <= TARGETS['growth'])}).",
        "",
        "## Reminders",
        "",
        f"- Due reminders: {reminders['reminders']:,} (expected {reminders['expected']:,}), "
        f"grouped into {reminders['emails']:,} emails (one per user).",
        f"- Dispatcher (find, record, group and enqueue): {reminders['dispatch_seconds']:.1f} s.",
        f"- Delivery by {CELERY_CONCURRENCY} Celery worker processes through Redis to a local "
        f"aiosmtpd sink: {reminders['emails']:,} emails in {reminders['delivery_seconds']:.1f} s "
        f"= {reminders['rate']:.0f} emails/s ({reminders['rate'] * reminders['reminders'] / max(reminders['emails'], 1):.0f} reminders/s).",  # noqa: E501
        f"- Plain smtplib loop, the same messages to the same sink: "
        f"{reminders['smtplib_rate']:.0f} emails/s (the median of {SMTPLIB_RUNS} runs: "
        f"{', '.join(f'{rate:.0f}' for rate in reminders['smtplib_rates'])}).",
        f"- Delivery rate ÷ smtplib rate: **{reminders['ratio']:.2f}** (target at least "
        f"{TARGETS['delivery']}: {verdict(reminders['ratio'] >= TARGETS['delivery'])}).",
        f"- Duplicates: **{reminders['duplicates']}**, lost: **{reminders['lost']}** "
        f"(both must be 0: {verdict(reminders['duplicates'] == 0 and reminders['lost'] == 0)}).",
    ]
    if results.get("inbound"):
        inbound = results["inbound"]

        def answers(codes: Counter) -> str:
            return ", ".join(f"{code} × {n:,}" for code, n in sorted(codes.items()))

        lines += [
            "",
            "## Inbound mail",
            "",
            f"- Replies to {inbound['messages']:,} check-in reminders (one per user, each with its "
            f"own Message-ID) from {INBOUND_CLIENTS} concurrent smtplib clients, one connection "
            "each, to the built-in receiver (`manage.py receive_mail`, aiosmtpd, SMTP), which "
            "saves each as a check-in in PostgreSQL and queues its confirmation to Celery "
            f"through Redis ({CELERY_CONCURRENCY} worker processes sending to a local sink).",
            f"- {inbound['messages']:,} messages in {inbound['seconds']:.1f} s = "
            f"**{inbound['rate']:.0f} messages/s** (answers: {answers(inbound['codes'])}).",
            f"- The same messages again (the same Message-IDs): {inbound['again_seconds']:.1f} s "
            f"= {inbound['again_rate']:.0f} messages/s (answers: "
            f"{answers(inbound['again_codes'])}); they must change nothing.",
            f"- Check-ins saved: {inbound['saved']:,} of {inbound['messages']:,}; inbound lines: "
            f"{', '.join(f'{outcome} {n:,}' for outcome, n in sorted(inbound['lines'].items()))}; "
            f"confirmations sent: {inbound['confirmations']:,}.",
            f"- Lost: **{inbound['lost']}**, duplicates: **{inbound['duplicates']}** (both must "
            f"be 0: {verdict(inbound['lost'] == 0 and inbound['duplicates'] == 0)}).",
        ]
    if results.get("record"):
        lines += record_report(results["record"])
    if results.get("soak"):
        soak, memory = results["soak"]["result"], results["soak"]["memory"]
        first, peak, last = memory[0][1], max(m for _, m in memory), memory[-1][1]
        half = memory[len(memory) // 2][1]
        lines += [
            "",
            "## Soak",
            "",
            f"{args.soak_users} concurrent users for {args.soak_seconds} s over every page: "
            f"{soak.requests:,} requests, {soak.rps:.0f} req/s, p95 {soak.p95:.0f} ms, "
            f"errors: **{soak.errors}**.",
            f"gunicorn workers' memory (RSS, all {GUNICORN_WORKERS}): {first} MiB at the start, "
            f"{half} MiB half-way, {last} MiB at the end, {peak} MiB at the peak "
            f"(second half grew {last - half:+d} MiB). Target: no errors and memory flat (the "
            f"second half grows under 5%): "
            f"{verdict(soak.errors == 0 and last - half < 0.05 * half)}.",
            "",
            "| second | RSS MiB |",
            "|---:|---:|",
            *[f"| {second} | {rss} |" for second, rss in memory],
        ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--reminders", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=30, help="locust run per page")
    parser.add_argument("--soak-seconds", type=int, default=0)
    parser.add_argument("--soak-users", type=int, default=50)
    parser.add_argument(
        "--inbound",
        type=int,
        default=2000,
        help="check-in replies sent through the mail receiver (at most --users; 0: none)",
    )
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()
    require_services("make bench")
    if args.reminders % args.users:
        sys.exit("--reminders must be a multiple of --users (the same number due per user).")
    due_per_user = args.reminders // args.users
    command = os.environ.get("BENCH_COMMAND") or shlex.join([sys.executable, *sys.argv])
    workdir = Path(tempfile.mkdtemp(prefix="careerbuilder-bench."))
    log(f"Working files in {workdir}")
    ensure_database()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    results = {"machine": machine(), "command": command, "commit": git_commit()}

    small = args.users // 10
    started = time.perf_counter()
    rows = seed_users(total=small, contacts_due=due_per_user)
    small_seed = time.perf_counter() - started
    log(f"Seeded {small:,} users ({rows:,} rows) in {small_seed:.1f} s")
    small_dashboard = web_phase(
        population=small, pages=PAGES[1:2], seconds=args.seconds, workdir=workdir
    )["dashboard"]
    small_queries = queries_per_page(small)

    started = time.perf_counter()
    rows += seed_users(total=args.users, contacts_due=due_per_user)
    results["seed_seconds"] = small_seed + time.perf_counter() - started
    results["seed_rows"] = rows
    log(f"Seeded {args.users:,} users ({rows:,} rows) in {results['seed_seconds']:.1f} s")
    pages = web_phase(population=args.users, pages=PAGES, seconds=args.seconds, workdir=workdir)
    for name, page in pages.items():
        page.queries_small = small_queries[name]
    results["pages"] = list(pages.values())
    results["growth"] = {
        "small_users": small,
        "small_p95": small_dashboard.p95,
        "large_p95": pages["dashboard"].p95,
        "ratio": pages["dashboard"].p95 / small_dashboard.p95,
    }
    results["reminders"] = reminder_phase(expected=args.reminders, workdir=workdir)
    if min(args.inbound, args.users) > 0:
        results["inbound"] = inbound_phase(count=min(args.inbound, args.users), workdir=workdir)
    results["record"] = {**record_phase(), "import": import_phase()}
    if args.soak_seconds:
        results["soak"] = soak_phase(
            population=args.users,
            seconds=args.soak_seconds,
            users=args.soak_users,
            workdir=workdir,
        )
    write_report(args.output, report(args, results))


if __name__ == "__main__":
    main()
