"""The career record in `make bench`: a brag document of a year with 500 items of evidence,
gathered, shown, and written as DOCX and PDF, each timed against rendering the same 500 rows as
a plain page (one query, a loop in a tiny template): the framework's ceiling for that much text.
Measured in-process (Django's test client, production settings), best of a few runs."""

import datetime
import statistics
import time

from django.template import Context, Template
from django.test import Client

from apps.accounts.models import User
from apps.learning.models import LearningItem, LearningStatus
from apps.milestones.models import Milestone, MilestoneStatus
from apps.network.models import Contact, Interaction
from apps.record import render, selectors, services
from bench.common import log, verdict

ITEMS = 500  # milestones done, learning finished and conversations in one year
RUNS = 5
TARGETS = {"gather": 20.0, "page": 10.0, "docx": 40.0, "pdf": 400.0}  # at most × the plain page
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


def report_lines(result: dict) -> list[str]:
    lines = [
        "",
        "## Career record",
        "",
        f"A brag document of a year with {result['items']} items of evidence (milestones done, "
        "learning finished, conversations), each step the median of "
        f"{RUNS} runs, against rendering the same {result['items']} rows as a plain page "
        f"({result['plain'] * 1000:.1f} ms: one query and a loop in a tiny template).",
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
    return lines
