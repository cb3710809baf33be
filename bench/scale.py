"""`make bench-scale`: the reminder engine with a million users, against real PostgreSQL and Redis.

Seeds 100,000 users with full plans (bench.seed) and 900,000 lean ones (a verified address,
preferences, three milestones, three contacts and a certification each) by COPY, fills their
next-due moments, and measures: an idle minute at 100,000 and at 1,000,000 users, the old
dispatcher's idle minute at 100,000 users (the before), a busy minute in which 10,000 users fall
due, the delivery of 100,000 reminders (duplicates, losses, rate against plain smtplib) and the
plan of every query the dispatcher runs. Writes docs/scaling-benchmark.md.
"""

import argparse
import datetime
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import User
from apps.checkins.models import CheckInRhythm
from apps.learning.models import LearningItem
from apps.milestones.models import Milestone
from apps.network.models import Contact
from apps.reminders import recording
from apps.reminders.models import Moment, Reminder, ReminderPreference
from apps.reminders.services import reminders_dispatch
from bench.common import (
    ROOT,
    ensure_database,
    git_commit,
    log,
    machine,
    require_services,
    verdict,
    write_report,
)
from bench.delivery import dispatch_everything, reminder_hour, reminder_phase
from bench.seed import _Copier, copy_without_triggers, seed_users, vacuum
from careerbuilder.celery import app as celery_app
from tests.reminders import legacy_due  # the dispatcher before, for the before

FULL, TOTAL, BUSY, DELIVERED = 100_000, 1_000_000, 10_000, 100_000
LEAN_CHUNK = 100_000
BUSY_HOUR, DELIVERY_HOUR = 13, 15  # the planted users' reminder hours (everyone else: 9)
TARGETS = {"idle": 1.0, "idle_ratio": 2.0, "busy": 10.0, "delivery": 0.50}


def seed_lean(
    *,
    start: int,
    count: int,
    due_day: datetime.date,
    rng: random.Random,
    busy: int,
    delivered: int,
) -> int:
    """`count` lean users from index `start`. The first `busy` lean users have their reminder
    hour at 13:00 and a contact due on `due_day`; the next `delivered` the same at 15:00; nobody
    else has anything due within a month."""
    password = make_password("bench-password-2026")
    now = timezone.now()
    copiers = {
        model: _Copier(model)
        for model in (
            User,
            EmailAddress,
            ReminderPreference,
            CheckInRhythm,
            Milestone,
            Contact,
            LearningItem,
        )
    }
    add = {model: copier.add for model, copier in copiers.items()}
    later = lambda low, high: due_day + datetime.timedelta(days=rng.randint(low, high))  # noqa: E731
    for index in range(start, start + count):
        email = f"lean-{index}@example.com"
        user_id = add[User](
            email=email,
            password=password,
            is_active=True,
            display_name=f"Lean {index}",
            date_joined=now - datetime.timedelta(days=200),
            time_zone="Europe/London",
        )
        add[EmailAddress](user_id=user_id, email=email, verified=True, primary=True)
        add[ReminderPreference](user_id=user_id)
        planted = BUSY_HOUR if index < busy else DELIVERY_HOUR if index < busy + delivered else 9
        add[CheckInRhythm](user_id=user_id, checkin_cadence="off", checkin_hour=planted)
        for number in range(3):
            add[Milestone](
                owner_id=user_id,
                title=f"Lean milestone {number}",
                horizon=5,
                target_date=later(40, 365),
                status="planned",
            )
            due = planted != 9 and number == 0
            add[Contact](
                owner_id=user_id,
                name=f"Contact {number}",
                cadence="quarterly",
                next_due_on=due_day if due else later(40, 365),
                relationship="peer",
            )
        add[LearningItem](
            owner_id=user_id,
            kind="certification",
            title="Lean certification",
            status="done",
            expires_on=later(100, 500),
        )
    return copy_without_triggers(copiers.values())


def database_size() -> tuple[int, int]:
    """The database's bytes on disk and its rows (the planner's count, after a VACUUM ANALYZE)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_database_size(current_database()), "
            "(SELECT sum(reltuples)::bigint FROM pg_class WHERE relkind = 'r' AND reltuples > 0)"
        )
        return cursor.fetchone()


def table_sizes(tables: list[str]) -> list[tuple[str, int, int]]:
    """Each table's rows and bytes with its indexes, for the load model in docs/scaling.md."""
    vacuum()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples::bigint, pg_total_relation_size(oid) FROM pg_class "
            "WHERE relname = ANY(%s) ORDER BY relname",
            [tables],
        )
        return cursor.fetchall()


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def idle_minutes(at: datetime.datetime, runs: int = 5) -> tuple[float, int]:
    """The median time of `runs` dispatch runs a minute apart after a busy one, and the queries
    the last one made."""
    times = []
    for minute in range(1, runs + 1):
        with CaptureQueriesContext(connection) as queries:
            seconds, _ = timed(reminders_dispatch, now=at + datetime.timedelta(minutes=minute))
        times.append(seconds)
    return statistics.median(times), len(queries.captured_queries)


def legacy_idle(at: datetime.datetime) -> float:
    """The dispatcher before next-due moments: reads every user and finds what is due, then
    records it (nothing new) and groups it, as it did every minute."""
    seconds, due = timed(legacy_due.due_now, at)
    seconds += timed(recording.record, due)[0]
    return seconds


def shorten(text: str) -> str:
    """Long id lists in a statement or a plan, cut to their first ids and their count."""

    def cut(match: re.Match) -> str:
        ids = re.findall(r"\d+", match.group(0))
        return f"{match.group(1)}{', '.join(ids[:3])}, … {len(ids):,} ids{match.group(2)}"

    return re.sub(r"([{(])(?:\d+, ?){8,}\d+([})])", cut, text)


def plans(statements: list[str]) -> list[tuple[str, list[str]]]:
    """EXPLAIN of each distinct SELECT, UPDATE or INSERT the dispatcher ran."""
    seen, found = set(), []
    for sql in statements:
        shape = sql.split(" WHERE ")[0][:120]
        if shape in seen or not sql.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            continue
        seen.add(shape)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql)
            found.append((sql, [row[0] for row in cursor.fetchall()]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--full", type=int, default=FULL)
    parser.add_argument("--total", type=int, default=TOTAL)
    parser.add_argument("--busy", type=int, default=BUSY, help="users due in the busy minute")
    parser.add_argument("--delivered", type=int, default=DELIVERED, help="reminders delivered")
    parser.add_argument("--output", default=str(ROOT / "docs" / "scaling-benchmark.md"))
    args = parser.parse_args()
    require_services("make bench-scale")
    workdir = Path(tempfile.mkdtemp(prefix="careerbuilder-bench-scale."))
    ensure_database()
    call_command("migrate", verbosity=0, interactive=False)
    results = {"machine": machine(), "commit": git_commit()}
    rng = random.Random(2026)
    nine = reminder_hour()  # the users' next 09:00, London
    due_day = nine.date() + datetime.timedelta(days=1)
    start = nine - datetime.timedelta(hours=2)

    seconds = 0.0
    for total in sorted({*range(10_000, args.full, 10_000), args.full}):
        seconds += timed(seed_users, total=total, contacts_due=0, analyze=False)[0]
    seconds += timed(vacuum)[0]
    log(f"Seeded {args.full:,} full users in {seconds:.0f} s")
    results["seed_full_seconds"] = seconds
    fill, _ = timed(dispatch_everything, start)
    vacuum()
    results["fill_full"] = (fill, Moment.objects.count())
    results["size_full"] = database_size()
    log(f"Filled their moments in {fill:.0f} s")
    reminders_dispatch(now=start)  # whatever the fill found due
    results["idle_small"] = idle_minutes(start)
    results["legacy_idle_small"] = legacy_idle(start + datetime.timedelta(minutes=10))
    log(
        f"Idle minute at {args.full:,}: {results['idle_small'][0]:.3f} s; "
        f"before: {results['legacy_idle_small']:.1f} s"
    )

    seconds = 0.0
    for chunk in range(0, args.total - args.full, LEAN_CHUNK):
        count = min(LEAN_CHUNK, args.total - args.full - chunk)
        seconds += timed(
            seed_lean,
            start=chunk,
            count=count,
            due_day=due_day,
            rng=rng,
            busy=args.busy,
            delivered=args.delivered,
        )[0]
        log(f"Seeded {args.full + chunk + count:,} users")
    seconds += timed(vacuum)[0]
    results["seed_lean_seconds"] = seconds
    fill, _ = timed(dispatch_everything, start + datetime.timedelta(minutes=20))
    vacuum()
    results["fill_lean"] = (fill, Moment.objects.count())
    log(f"Filled the lean users' moments in {fill:.0f} s")
    reminders_dispatch(now=start + datetime.timedelta(minutes=20))
    results["idle_large"] = idle_minutes(start + datetime.timedelta(minutes=20))
    results["database_bytes"], results["rows"] = database_size()
    results["users"] = User.objects.count()
    log(f"Idle minute at {results['users']:,}: {results['idle_large'][0]:.3f} s")

    # The busy minute: the 09:00 run takes the full users' due moments, 13:00 the planted 10,000.
    on_due_day = due_day - nine.date()
    busy_at = nine + on_due_day + datetime.timedelta(hours=BUSY_HOUR - 9)
    results["nine"] = timed(reminders_dispatch, now=nine + on_due_day)[0]
    reminders_dispatch(now=busy_at - datetime.timedelta(minutes=1))
    before = Reminder.objects.count()
    with CaptureQueriesContext(connection) as queries:
        busy, queued = timed(reminders_dispatch, now=busy_at)
    results["busy"] = (busy, Reminder.objects.count() - before, queued)
    log(
        f"Busy minute: {results['busy'][1]:,} reminders recorded, {queued:,} emails queued "
        f"in {busy:.2f} s"
    )
    with CaptureQueriesContext(connection) as idle_queries:
        reminders_dispatch(now=busy_at + datetime.timedelta(minutes=1))
    results["plans"] = plans(
        [q["sql"] for q in idle_queries.captured_queries + queries.captured_queries]
    )
    celery_app.control.purge()  # the busy minute's emails: nobody delivers them here

    delivery_at = nine + on_due_day + datetime.timedelta(hours=DELIVERY_HOUR - 9)
    reminders_dispatch(now=delivery_at - datetime.timedelta(minutes=1))
    results["delivery"] = reminder_phase(expected=args.delivered, workdir=workdir, at=delivery_at)
    results["sizes"] = (args.full, args.total, args.busy)
    results["tables"] = table_sizes(
        ["reminders_moment", "reminders_reminder", "reminders_delivery"]
    )
    write_report(args.output, report(results))


def report(results: dict) -> str:
    idle_small, queries_small = results["idle_small"]
    idle_large, queries_large = results["idle_large"]
    size_full, rows_full = results["size_full"]
    lean_bytes = results["database_bytes"] - size_full
    lean_rows = results["rows"] - rows_full
    ratio = idle_large / idle_small
    busy, recorded, queued = results["busy"]
    delivery = results["delivery"]
    full, total, busy_users = results["sizes"]
    lines = [
        "# Reminder engine at a million users (`make bench-scale`)",
        "",
        f"Commit {results['commit']}, `make bench-scale`, {results['machine']}. "
        f"{results['users']:,} users; database {results['database_bytes'] / 2**30:.1f} GiB.",
        "",
        "| Measure | Result | Target |",
        "|---|---|---|",
        f"| Database, per full user | {size_full / full / 1024:.1f} KiB, "
        f"{rows_full / full:.0f} rows | |",
        f"| Database, per lean user | {lean_bytes / (total - full) / 1024:.1f} KiB, "
        f"{lean_rows / (total - full):.0f} rows | |",
        f"| Moments per user | {results['fill_lean'][1] / results['users']:.1f} | |",
        f"| Seeding {full:,} full users (COPY) | {results['seed_full_seconds']:.0f} s | |",
        f"| Seeding {total - full:,} lean users (COPY) | {results['seed_lean_seconds']:.0f} s | |",
        f"| Filling the moments of the full users | {results['fill_full'][0]:.0f} s | |",
        f"| Filling the moments of the lean users | {results['fill_lean'][0]:.0f} s "
        f"({results['fill_lean'][1]:,} moments in all) | |",
        f"| Idle minute, {full:,} users (median of 5) | {idle_small:.3f} s, "
        f"{queries_small} queries | |",
        f"| Idle minute, {results['users']:,} users (median of 5) | {idle_large:.3f} s, "
        f"{queries_large} queries | under {TARGETS['idle']:.0f} s: "
        f"{verdict(idle_large < TARGETS['idle'])} |",
        f"| Idle ratio, {total:,} / {full:,} | {ratio:.2f} | at most {TARGETS['idle_ratio']}: "
        f"{verdict(ratio <= TARGETS['idle_ratio'])} |",
        f"| Before: the old dispatcher's idle minute, {full:,} users | "
        f"{results['legacy_idle_small']:.1f} s | |",
        f"| The 09:00 run (the full users' due moments) | {results['nine']:.2f} s | |",
        f"| Busy minute: {busy_users:,} users fall due | {busy:.2f} s ({recorded:,} reminders "
        f"recorded, {queued:,} emails queued) | under {TARGETS['busy']:.0f} s: "
        f"{verdict(busy < TARGETS['busy'])} |",
        f"| Delivery of {delivery['reminders']:,} reminders | {delivery['rate']:.0f} emails/s, "
        f"{delivery['ratio']:.2f} of plain smtplib ({delivery['smtplib_rate']:.0f}/s); "
        f"{delivery['duplicates']} duplicates, {delivery['lost']} lost | ratio at least "
        f"{TARGETS['delivery']}, 0 and 0: "
        f"{verdict(delivery['ratio'] >= TARGETS['delivery'] and not delivery['duplicates'] and not delivery['lost'])} |",  # noqa: E501
        "",
    ]
    lines += [
        "## Bytes per row",
        "",
        "| Table | Rows | Bytes per row, with its indexes |",
        "|---|---:|---:|",
        *(
            f"| `{name}` | {rows:,} | {size / max(rows, 1):.0f} |"
            for name, rows, size in results["tables"]
        ),
        "",
        "## The dispatcher's queries and their plans",
        "",
        "Each distinct statement of the busy minute and of the idle minute after it, with the "
        "plan PostgreSQL chose (`EXPLAIN`, at a million users).",
        "",
    ]
    for sql, plan in results["plans"]:
        sql = shorten(sql)
        lines += ["```sql", sql[:600] + (" …" if len(sql) > 600 else ""), "```", "```"]
        lines += [*map(shorten, plan), "```", ""]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
