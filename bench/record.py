"""The career record in `make bench`, measured in-process (production settings):

- a brag document of a year with 500 items of evidence, gathered, shown, and written as DOCX and
  PDF, each timed against rendering the same 500 rows as a plain page (one query per table, a
  loop in a tiny template): the framework's ceiling for that much text;
- LinkedIn's Connections.csv of 10,000 people read into a preview and imported (what the worker
  runs), in rows per second against a plain COPY of the same rows into PostgreSQL."""

import csv
import datetime
import io
import statistics
import time

from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.utils import timezone

from apps.accounts.models import User
from apps.dataio import services as dataio_services
from apps.dataio.models import ResumePreview
from apps.learning.models import LearningItem, LearningStatus
from apps.milestones.models import Milestone, MilestoneStatus
from apps.network.models import Contact, Interaction
from apps.record import render, selectors, services
from bench.common import log, verdict

ITEMS = 500  # milestones done, learning finished and conversations in one year
RUNS = 5
TARGETS = {"gather": 20.0, "page": 10.0, "docx": 40.0, "pdf": 400.0}  # at most × the plain page
CONNECTIONS = 10_000
IMPORT_TARGET = 0.002  # at least this share of COPY's rows per second
PLAIN = Template(
    "<!doctype html><title>Plain</title><ul>{% for row in rows %}<li>{{ row.0 }} "
    "({{ row.1 }})</li>{% endfor %}</ul>"
)
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def _day(n: int) -> datetime.date:
    return YEAR[0] + datetime.timedelta(days=n % 365)


def _owner() -> User:
    """A user whose 2026 holds 500 items of evidence, written in bulk."""
    owner = User.objects.create_user(email="bench-record@example.com", password=None)
    Milestone.objects.bulk_create(
        Milestone(
            owner=owner,
            horizon=(1, 5, 10, 20)[n % 4],
            title=f"Milestone {n} of the year",
            impact=f"It moved {n} things forward for the team and for me.",
            status=MilestoneStatus.DONE,
            progress=100,
            closed_on=_day(n),
        )
        for n in range(ITEMS * 2 // 5)
    )
    LearningItem.objects.bulk_create(
        LearningItem(
            owner=owner,
            title=f"Course {n}",
            provider="Open University",
            status=LearningStatus.DONE,
            hours_spent=6,
            finished_on=_day(n),
        )
        for n in range(ITEMS * 3 // 10)
    )
    contacts = Contact.objects.bulk_create(
        Contact(owner=owner, name=f"Person {n}", organisation="Northwind") for n in range(30)
    )
    Interaction.objects.bulk_create(
        Interaction(contact=contacts[n % 30], date=_day(n), kind="coffee", notes=f"Talked {n}.")
        for n in range(ITEMS * 3 // 10)
    )
    return owner


def _best(work) -> float:
    """The median of RUNS runs of `work`, in seconds."""
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _plain_page(owner) -> str:
    """The same 500 rows as a plain page: one query per table, a loop in a tiny template."""
    rows = [
        *Milestone.objects.filter(owner=owner).values_list("title", "closed_on"),
        *LearningItem.objects.filter(owner=owner).values_list("title", "finished_on"),
        *Interaction.objects.filter(contact__owner=owner).values_list("notes", "date"),
    ]
    return PLAIN.render(Context({"rows": rows}))


def record_phase() -> dict:
    owner = _owner()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(owner)
    plain = _best(lambda: _plain_page(owner))
    documents = []
    gather = _best(
        lambda: documents.append(
            services.brag_document_create(
                owner=owner, purpose="my_review", start=YEAR[0], end=YEAR[1]
            )
        )
    )
    document = documents[-1]
    version = document.versions.get()
    if len(version.lines) != ITEMS:
        raise RuntimeError(f"The document holds {len(version.lines)} lines, not {ITEMS}.")
    url = document.get_absolute_url()
    if (status := client.get(url).status_code) != 200:
        raise RuntimeError(f"{url} answered {status}.")
    page = _best(lambda: client.get(url))
    docx = _best(lambda: render.as_docx(selectors.printable(version)))
    pdf = None
    if render.pdf_available():
        pdf = _best(lambda: render.as_pdf(selectors.printable(version)))
    log(
        f"Brag document of {ITEMS} items: gathered in {gather * 1000:.0f} ms, "
        f"page {page * 1000:.0f} ms"
    )
    return {
        "items": ITEMS,
        "plain": plain,
        "gather": gather,
        "page": page,
        "docx": docx,
        "pdf": pdf,
    }


def connections_csv(count: int) -> bytes:
    """LinkedIn's Connections.csv: its notes above the header, then `count` people."""
    out = io.StringIO()
    out.write('Notes:\r\n"When exporting your connection data, you may notice that some of the ')
    out.write('email addresses are missing."\r\n\r\n')
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for n in range(count):
        writer.writerow(
            [
                f"Person{n}",
                f"Surname{n % 997}",
                f"https://www.linkedin.com/in/person-{n}",
                f"person{n}@example.com" if n % 3 else "",
                f"Company {n % 500}",
                "Analyst",
                f"{1 + n % 28} Mar 20{10 + n % 15}",
            ]
        )
    return out.getvalue().encode()


def _copy(data: bytes) -> float:
    """Seconds to COPY the file's rows as they are into a table of text columns."""
    rows = list(csv.reader(io.StringIO(data.decode())))[4:]
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS bench_connections (first text, last text, url text, "
            "email text, company text, position text, connected text)"
        )
        cursor.execute("TRUNCATE bench_connections")
        started = time.perf_counter()
        with cursor.cursor.copy("COPY bench_connections FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return time.perf_counter() - started


def import_phase() -> dict:
    """Rows per second of LinkedIn's import (the preview, then the import the worker runs,
    called here in-process) against a plain COPY of the same rows."""
    owner = User.objects.create_user(email="bench-import@example.com", password=None)
    data = connections_csv(CONNECTIONS)
    copy = statistics.median(_copy(data) for _ in range(RUNS))
    started = time.perf_counter()
    preview, problems = dataio_services.resume_preview_create(
        user=owner, data=data, filename="Connections.csv"
    )
    previewed = time.perf_counter() - started
    # what resume_preview_accept claims before it hands a long file to the worker
    ResumePreview.objects.filter(pk=preview.pk).update(
        accepted_at=timezone.now(),
        choices=["merge"] * len(preview.rows),
        total_rows=len(preview.rows),
    )
    started = time.perf_counter()
    dataio_services.resume_preview_import(preview_id=preview.pk)
    imported = time.perf_counter() - started
    count = owner.contacts.count()
    if count != CONNECTIONS or problems:
        raise RuntimeError(f"{count} contacts imported of {CONNECTIONS}; {problems[:3]}")
    log(f"Imported {CONNECTIONS:,} connections in {previewed + imported:.1f} s")
    return {"rows": CONNECTIONS, "copy": copy, "preview": previewed, "import": imported}


def report_lines(result: dict) -> list[str]:
    lines = [
        "",
        "## Career record",
        "",
        f"A brag document of a year with {result['items']} items of evidence (milestones done, "
        "learning finished, conversations), each step the median of "
        f"{RUNS} runs, against rendering the same {result['items']} rows as a plain page "
        f"({result['plain'] * 1000:.1f} ms: one query per table and a loop in a tiny template).",
        "",
        "| step | ms | × plain page | target |",
        "|---|---:|---:|---|",
    ]
    for name, label in (
        ("gather", "gather the evidence and save version 1"),
        ("page", "the document's page (grouped by horizon)"),
        ("docx", "DOCX"),
        ("pdf", "PDF (WeasyPrint)"),
    ):
        if result[name] is None:
            lines.append(f"| {label} | — | — | pango missing: not measured |")
            continue
        ratio = result[name] / result["plain"]
        lines.append(
            f"| {label} | {result[name] * 1000:.0f} | {ratio:.1f} | at most "
            f"{TARGETS[name]:g}×: {verdict(ratio <= TARGETS[name])} |"
        )
    imported = result.get("import")
    if imported:
        rows, total = imported["rows"], imported["preview"] + imported["import"]
        rate, copy_rate = rows / total, rows / imported["copy"]
        lines += [
            "",
            f"LinkedIn's Connections.csv of {rows:,} people: read into a preview in "
            f"{imported['preview']:.1f} s, imported (what the worker runs) in "
            f"{imported['import']:.1f} s: **{rate:,.0f} rows/s**; a plain COPY of the same rows "
            f"into PostgreSQL (the median of {RUNS}): {copy_rate:,.0f} rows/s. Ratio "
            f"**{rate / copy_rate:.4f}** (target at least {IMPORT_TARGET}: "
            f"{verdict(rate / copy_rate >= IMPORT_TARGET)}).",
        ]
    return lines
