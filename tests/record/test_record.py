"""The career record: a brag document gathers exactly the evidence of its period from every
area, grouped by horizon and by value; the owner edits it into dated versions; it comes out as
Markdown, DOCX and PDF (their text read back); a mentor sees it only when it is shared with them
through their mentorship, while it lasts."""

import datetime
import io
import zipfile

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document as Docx
from pypdf import PdfReader

from apps.accounts.models import SecurityEvent, SecurityEventKind
from apps.checkins import services as checkin_services
from apps.learning import services as learning_services
from apps.mentoring import services as mentoring_services
from apps.milestones import services as milestone_services
from apps.network import services as network_services
from apps.opportunities import services as opportunity_services
from apps.record import render, services
from apps.record.models import BragDocument, BragVersion
from apps.vision import services as vision_services
from tests.factories import MentorshipFactory, UserFactory

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)


def _on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(12), datetime.UTC))


def _done(owner, title, *, on, horizon=5, kind="goal", impact="", lessons=""):
    with _on(on):
        milestone = milestone_services.milestone_create(
            owner=owner, title=title, horizon=horizon, kind=kind
        )
        if impact or lessons:
            milestone_services.milestone_reflect(
                milestone=milestone, lessons=lessons, impact=impact
            )
        milestone_services.milestone_set_status(milestone=milestone, status="done")
    return milestone


@pytest.fixture
def known():
    """A plan whose evidence of the first half of 2026 is known line by line, with evidence
    just before and just after the period that must stay out."""
    owner = UserFactory(display_name="Maya Okafor")
    mentor = UserFactory(display_name="Sam Reyes")
    MentorshipFactory(mentee=owner, mentor=mentor)
    vision_services.vision_update(
        owner=owner,
        beyond_the_paycheck="Fair deals for small shops.",
        north_star=5,
        horizons={
            1: {"statement": "Lead the pricing review.", "target_role": "", "why": ""},
            5: {"statement": "Head of pricing.", "target_role": "Head of pricing", "why": ""},
        },
    )
    fairness = vision_services.value_create(owner=owner, name="Fairness", meaning="Fair deals.")
    vision_services.value_create(owner=owner, name="Curiosity", meaning="Ask why.")
    talk = _done(
        owner,
        "Speak at PyData",
        on=datetime.date(2026, 3, 2),
        kind="challenge",
        impact="Three teams asked for the model.",
        lessons="Rehearse twice.",
    )
    _done(
        owner,
        "Fairness audit of prices",
        on=datetime.date(2026, 5, 20),
        horizon=1,
        impact="300 shops pay less.",
    )
    _done(owner, "Too early", on=datetime.date(2025, 12, 31))
    _done(owner, "Too late", on=datetime.date(2026, 7, 1))
    learning_services.learning_item_create(
        owner=owner,
        kind="course",
        title="Pricing strategy",
        provider="Coursera",
        status="done",
        hours_spent=12,
        finished_on=datetime.date(2026, 2, 14),
    )
    learning_services.learning_item_create(
        owner=owner, kind="book", title="Still reading", status="in_progress"
    )
    contact = network_services.contact_create(
        owner=owner, name="Amara Nwosu", organisation="Fairfreight", cadence="monthly"
    )
    with _on(datetime.date(2026, 6, 30)):
        network_services.interaction_log(
            contact=contact, date=datetime.date(2026, 4, 9), kind="coffee", notes="Pricing\nmore"
        )
    with _on(datetime.date(2026, 4, 30)):
        checkin_services.checkin_create(
            owner=owner,
            north_star_progress=4,
            job_or_career=4,
            learned="How to pitch a talk.",
            mood=4,
        )
        mentoring_services.comment_create(author=mentor, item=talk, body="Great talk, well done!")
    with _on(datetime.date(2026, 6, 1)):
        stretch = opportunity_services.opportunity_create(
            owner=owner, on=datetime.date(2026, 6, 1), kind="stretch", title="Lead the audit"
        )
        opportunity_services.opportunity_score(
            opportunity=stretch, horizons={}, values={fairness: 5}
        )
        opportunity_services.opportunity_decide(
            opportunity=stretch,
            decision="accepted",
            reason="It is the fair thing.",
            on=datetime.date(2026, 6, 1),
            today=datetime.date(2026, 6, 1),
        )
    vision_services.job_create(
        owner=owner, title="Pricing lead", organisation="Northwind", start_date=START
    )
    with _on(datetime.date(2026, 7, 2)):
        document = services.brag_document_create(
            owner=owner, purpose="promotion", start=START, end=END
        )
    return document, owner, mentor


def _texts(version):
    return [line["text"] for line in version.included]


def test_the_document_holds_exactly_the_evidence_of_its_period(known):
    document, _owner, _mentor = known
    lines = {line["heading"]: [] for line in document.versions.get().lines}
    for line in document.versions.get().lines:
        lines[line["heading"]].append(line["text"])

    assert lines == {
        "Career history": ["Started as Pricing lead at Northwind"],
        "Learning finished": ["Pricing strategy (Coursera), 12 hours"],
        "Stretch challenges taken": [
            "Speak at PyData: Three teams asked for the model. (What I learned: Rehearse twice.)"
        ],
        "People met": ["Coffee: Amara Nwosu (Fairfreight): Pricing"],
        "What my check-ins said I learned": ["How to pitch a talk."],
        "What my mentors said": ["Sam Reyes on “Speak at PyData”: Great talk, well done!"],
        "Milestones done": ["Fairness audit of prices: 300 shops pay less."],
        "Opportunities taken": ["Lead the audit: It is the fair thing."],
    }
    assert document.title == "A promotion case: 2026-01-01 to 2026-06-30"


def test_lines_group_by_horizon_and_by_value(known, client):
    document, owner, _mentor = known
    client.force_login(owner)

    by_horizon = client.get(document.get_absolute_url()).context["groups"]
    assert [(group.title, group.detail, len(group.lines)) for group in by_horizon] == [
        ("1 year horizon", "Lead the pricing review.", 1),
        ("5 years horizon", "Head of pricing.", 1),
        ("Toward no horizon", "", 6),
    ]
    by_value = client.get(document.get_absolute_url() + "?by=value").context["groups"]
    fair = [
        "Fairness audit of prices: 300 shops pay less.",  # names the value
        "Lead the audit: It is the fair thing.",  # weighed 5 for it
    ]
    assert [(group.title, group.detail) for group in by_value] == [
        ("Fairness", "Fair deals."),
        ("Other evidence", ""),
    ]
    assert [line["text"] for line in by_value[0].lines] == fair
    rest = [text for text in _texts(document.versions.get()) if text not in fair]
    assert [line["text"] for line in by_value[1].lines] == rest


def test_edits_are_saved_as_a_new_version_and_the_old_one_stays(known, client):
    document, owner, _mentor = known
    client.force_login(owner)
    first = document.versions.get()
    count = len(first.lines)
    form = {}
    for number, line in enumerate(first.lines):
        form[f"key-{number}"] = line["key"]
        form[f"text-{number}"] = line["text"]
        form[f"position-{number}"] = str(count - number)  # reversed
        form[f"included-{number}"] = "on"
    form["text-0"] = "Now leading pricing at Northwind"
    del form[f"included-{count - 1}"]  # the last line left out

    response = client.post(reverse("record:edit", args=[document.pk]), form)

    assert response.status_code == 302
    second = document.versions.first()
    assert second.number == 2
    expected = [line["text"] for line in reversed(first.lines)][1:]
    expected[-1] = "Now leading pricing at Northwind"
    assert _texts(second) == expected
    assert len(second.lines) == count  # the line left out is kept, out
    assert _texts(document.versions.get(number=1)) == _texts(first)
    page = client.get(document.get_absolute_url() + "?version=1").content.decode()
    assert "Started as Pricing lead at Northwind" in page


def test_saving_without_a_change_makes_no_new_version(known, client):
    document, owner, _mentor = known
    client.force_login(owner)
    lines = document.versions.get().lines
    form = {f"key-{n}": line["key"] for n, line in enumerate(lines)}
    form |= {f"text-{n}": line["text"] for n, line in enumerate(lines)}
    form |= {f"included-{n}": "on" for n in range(len(lines))}

    response = client.post(reverse("record:edit", args=[document.pk]), form, follow=True)

    assert "Nothing changed: this is still version 1." in response.content.decode()
    assert document.versions.count() == 1


def test_an_empty_line_is_refused_and_nothing_is_saved(known, client):
    document, owner, _mentor = known
    client.force_login(owner)
    line = document.versions.get().lines[0]

    response = client.post(
        reverse("record:edit", args=[document.pk]),
        {"key-0": line["key"], "text-0": "   ", "included-0": "on"},
    )

    assert response.status_code == 400
    assert "cannot be empty" in response.content.decode()
    assert document.versions.count() == 1


def test_gathering_again_adds_only_what_is_new_and_keeps_the_owners_choices(known, client):
    document, owner, _mentor = known
    client.force_login(owner)
    first = document.versions.get()
    left_out = first.lines[0]
    client.post(
        reverse("record:edit", args=[document.pk]),
        {
            f"{name}-{number}": value
            for number, line in enumerate(first.lines)
            for name, value in (
                ("key", line["key"]),
                ("text", line["text"]),
                ("included", "" if line is left_out else "on"),
            )
        },
    )
    _done(owner, "Ran the pricing guild", on=datetime.date(2026, 6, 15))

    client.post(reverse("record:gather", args=[document.pk]))

    third = document.versions.first()
    assert third.number == 3
    assert _texts(third)[-1] == "Ran the pricing guild"
    assert left_out["text"] not in _texts(third)
    client.post(reverse("record:gather", args=[document.pk]))
    assert len(document.versions.first().lines) == len(third.lines)


def test_a_mentor_sees_a_document_only_once_it_is_shared_with_them(known, client):
    document, owner, mentor = known
    stranger_mentor = UserFactory()
    MentorshipFactory(mentee=owner, mentor=stranger_mentor)
    url = document.get_absolute_url()
    download = reverse("record:download", args=[document.pk, 1, "md"])
    client.force_login(mentor)
    assert client.get(url).status_code == 404
    assert client.get(download).status_code == 404
    assert document not in client.get(reverse("record:index")).context["shared"]

    mentorship = owner.mentorships_as_mentee.get(mentor=mentor)
    services.brag_document_share(document=document, mentorships=[mentorship])

    page = client.get(url)
    assert page.status_code == 200 and "Speak at PyData" in page.content.decode()
    assert "Edit lines" not in page.content.decode()
    assert client.get(download).status_code == 200
    assert client.get(reverse("record:edit", args=[document.pk])).status_code == 404
    assert client.post(reverse("record:gather", args=[document.pk])).status_code == 404
    client.force_login(stranger_mentor)
    assert client.get(url).status_code == 404
    mentorship.ended_at = datetime.datetime.now(datetime.UTC)
    mentorship.save()
    client.force_login(mentor)
    assert client.get(url).status_code == 404
    MentorshipFactory(mentee=owner, mentor=mentor)  # invited again: not shared again
    assert client.get(url).status_code == 404


def test_a_mentor_reads_only_the_last_version(known, client):
    document, owner, mentor = known
    first = document.versions.get()
    secret = first.lines[0]
    services.brag_version_save(
        document=document,
        lines=[{**line, "included": line is not secret} for line in first.lines],
    )
    services.brag_document_share(
        document=document, mentorships=owner.mentorships_as_mentee.filter(mentor=mentor)
    )
    client.force_login(mentor)

    assert secret["text"] not in client.get(document.get_absolute_url()).content.decode()
    for url in (
        document.get_absolute_url() + "?version=1",
        reverse("record:print", args=[document.pk, 1]),
        reverse("record:download", args=[document.pk, 1, "md"]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("record:download", args=[document.pk, 2, "md"])).status_code == 200
    client.force_login(owner)
    assert client.get(document.get_absolute_url() + "?version=1").status_code == 200


def test_a_document_is_shared_only_with_the_owners_mentors(known, client):
    document, owner, _mentor = known
    outsider = UserFactory()
    client.force_login(owner)

    elsewhere = MentorshipFactory(mentor=outsider)  # someone else's mentorship

    client.post(reverse("record:share", args=[document.pk]), {"mentors": [elsewhere.pk]})

    assert not document.shared_with.exists()
    with pytest.raises(ValidationError, match="only with your mentors"):
        services.brag_document_share(document=document, mentorships=[elsewhere])


def _download(client, document, fmt, by="horizon"):
    response = client.get(reverse("record:download", args=[document.pk, 1, fmt]) + f"?by={by}")
    assert response.status_code == 200, response.content[:300]
    return response


def test_markdown_docx_and_pdf_say_the_same_document(known, client, settings):
    settings.SITE_URL = "https://careerbuilder.example"
    document, owner, _mentor = known
    client.force_login(owner)
    lines = _texts(document.versions.get())

    markdown = _download(client, document, "md").content.decode()
    assert markdown.startswith("# A promotion case: 2026-01-01 to 2026-06-30\n")
    assert "## 5 years horizon" in markdown
    assert "](<https://careerbuilder.example/milestones/" in markdown

    docx = Docx(io.BytesIO(_download(client, document, "docx").content))
    paragraphs = [paragraph.text for paragraph in docx.paragraphs]
    headings = [p.text for p in docx.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["1 year horizon", "5 years horizon", "Toward no horizon"]
    assert not docx.tables and not docx.inline_shapes  # one column, nothing an ATS cannot read
    assert all(any(line in paragraph for paragraph in paragraphs) for line in lines)

    pdf = PdfReader(io.BytesIO(_download(client, document, "pdf").content))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "5 years horizon" in text and "Head of pricing." in text
    assert all(" ".join(line.split()) in text for line in lines if len(line) < 60)


def test_where_pango_is_missing_the_page_says_so_and_offers_the_print_page(
    known, client, monkeypatch
):
    document, owner, _mentor = known
    client.force_login(owner)
    monkeypatch.setattr(render, "_weasyprint", lambda: None)  # as a server without pango

    page = client.get(document.get_absolute_url()).content.decode()

    assert "PDFs cannot be made on this server" in page
    assert client.get(reverse("record:download", args=[document.pk, 1, "pdf"])).status_code == 404
    printable = client.get(reverse("record:print", args=[document.pk, 1]))
    assert printable.status_code == 200 and b"record-print.css" in printable.content
    assert client.post(reverse("dataio:resume"), {"format": "pdf"}).status_code == 400


@pytest.mark.parametrize("fmt", ["md", "docx", "pdf"])
def test_the_resume_comes_out_three_ways_and_is_logged(known, client, fmt):
    _document, owner, _mentor = known
    client.force_login(owner)

    response = client.post(reverse("dataio:resume"), {"format": fmt})

    assert response.status_code == 200
    content = response.content
    if fmt == "docx":
        text = "\n".join(p.text for p in Docx(io.BytesIO(content)).paragraphs)
    elif fmt == "pdf":
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    else:
        text = content.decode().replace("\\", "")
    assert "Maya Okafor" in text
    assert "Experience" in text and "Pricing lead, Northwind" in text
    assert "Jan 2026 to now" in " ".join(text.split())
    assert SecurityEvent.objects.filter(user=owner, kind=SecurityEventKind.EXPORTED).exists()


def test_an_unknown_format_is_refused(known, client):
    _document, owner, _mentor = known
    client.force_login(owner)
    assert client.post(reverse("dataio:resume"), {"format": "exe"}).status_code == 400
    assert client.get(reverse("record:download", args=[1, 1, "exe"])).status_code == 404


@pytest.mark.parametrize(
    "form, message",
    [
        ({"purpose": "my_review", "period": "dates"}, "Give the first and the last day"),
        (
            {"purpose": "my_review", "period": "dates", "start": "2026-05-01", "end": "2026-01-01"},
            "cannot end before it starts",
        ),
        (
            {"purpose": "my_review", "period": "dates", "start": "2010-01-01", "end": "2026-01-01"},
            "three years at most",
        ),
        ({"purpose": "boasting", "period": "year"}, "Select a valid choice"),
        ({"purpose": "", "period": "year"}, "This field is required"),
    ],
)
def test_a_bad_period_or_purpose_is_refused_with_the_reason(client, form, message):
    owner = UserFactory()
    client.force_login(owner)

    response = client.post(reverse("record:create"), form)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BragDocument.objects.filter(owner=owner).exists()


def test_a_period_offered_ends_today(client):
    owner = UserFactory()
    client.force_login(owner)
    with _on(datetime.date(2026, 12, 4)):
        response = client.post(
            reverse("record:create"), {"purpose": "mentoring", "period": "quarter"}
        )
    document = BragDocument.objects.get(owner=owner)
    assert response.url == document.get_absolute_url()
    assert (document.period_start, document.period_end) == (
        datetime.date(2026, 9, 5),
        datetime.date(2026, 12, 4),
    )


def test_the_export_holds_the_documents_and_their_versions(known, client):
    _document, owner, _mentor = known
    client.force_login(owner)
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("dataio:export")).content))
    names = archive.namelist()
    assert "brag_documents.csv" in names and "brag_versions.csv" in names


@pytest.mark.parametrize(
    "query",
    ["?version=%C2%B2", "?version=99999999999", "?version=-1", "?version=1.0", "?by=%00"],
)
def test_an_odd_address_is_a_404_or_the_page_never_a_500(known, client, query):
    document, owner, _mentor = known
    client.force_login(owner)

    assert client.get(document.get_absolute_url() + query).status_code in (200, 404)


def test_an_odd_place_number_keeps_the_line_where_it_was(known, client):
    document, owner, _mentor = known
    client.force_login(owner)
    lines = document.versions.get().lines
    form = {f"key-{n}": line["key"] for n, line in enumerate(lines)}
    form |= {f"text-{n}": line["text"] for n, line in enumerate(lines)}
    form |= {f"included-{n}": "on" for n in range(len(lines))}
    form |= {"position-0": "²", "position-1": "9" * 40}

    response = client.post(reverse("record:edit", args=[document.pk]), form)

    assert response.status_code == 302
    assert document.versions.count() == 1  # nothing changed: no new version


def test_long_reflections_and_line_breaks_make_one_line_each(known, client):
    document, owner, _mentor = known
    _done(
        owner,
        "Wrote the pricing handbook",
        on=datetime.date(2026, 6, 20),
        impact="Every team prices the same way.\r\nEven the new ones.",
        lessons="x" * 2000,
    )
    client.force_login(owner)

    response = client.post(reverse("record:gather", args=[document.pk]))

    assert response.status_code == 302
    line = document.versions.first().lines[-1]
    assert line["text"].startswith(
        "Wrote the pricing handbook: Every team prices the same way. Even the new ones."
    )
    assert len(line["text"]) <= 1000 and line["text"].endswith("…")  # cut at a word


def test_a_document_with_no_version_answers_404_not_500(client):
    owner = UserFactory()
    document = BragDocument.objects.create(
        owner=owner,
        title="Empty",
        purpose="my_review",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 2, 1),
    )
    client.force_login(owner)
    for method, url in (
        ("get", document.get_absolute_url()),
        ("get", reverse("record:edit", args=[document.pk])),
        ("post", reverse("record:edit", args=[document.pk])),
        ("post", reverse("record:gather", args=[document.pk])),
    ):
        assert getattr(client, method)(url).status_code == 404, url


GOOD = {
    "key": "milestone-1",
    "day": "2026-03-02",
    "heading": "Milestones done",
    "text": "Speak at PyData",
    "url": "/milestones/1/",
    "horizon": 5,
    "values": ["Fairness"],
    "included": True,
}


@pytest.mark.parametrize(
    "bad",
    [
        {"url": "javascript:alert(1)"},
        {"url": "//evil.example/x"},
        {"url": 7},
        {"day": "2026-13-40"},
        {"day": None},
        {"heading": ""},
        {"text": "before\x00after"},
        {"text": "two\nlines"},
        {"text": "x" * 1001},
        {"horizon": 3},
        {"values": "Fairness"},
        {"included": "yes"},
        {"key": ""},
    ],
    ids=lambda bad: next(iter(bad)),
)
def test_a_version_refuses_a_line_it_could_not_show(bad):
    version = BragVersion(number=1, lines=[{**GOOD, **bad}])

    with pytest.raises(ValidationError, match="Line 1: "):
        version.full_clean(exclude=["document"])


def test_a_version_refuses_two_lines_of_one_key():
    version = BragVersion(number=1, lines=[GOOD, GOOD])

    with pytest.raises(ValidationError, match="Line 2: its key is the key of another line"):
        version.full_clean(exclude=["document"])
    BragVersion(number=1, lines=[GOOD]).full_clean(exclude=["document"])


def test_a_docx_keeps_the_text_of_a_line_with_a_control_character(known, client):
    document, owner, _mentor = known
    version = document.versions.get()
    version.lines[0]["text"] = "Escape\x1b[31m and vertical\x0btab"
    version.save()  # as a row written before lines were checked
    client.force_login(owner)

    response = _download(client, document, "docx")

    text = "\n".join(p.text for p in Docx(io.BytesIO(response.content)).paragraphs)
    assert "Escape[31m and verticaltab" in text
