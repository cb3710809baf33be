"""The career record as JSON Resume: valid against the schema (v1.0.0, kept in tests/dataio/
schemas), the same document as the golden file for a known plan, downloaded by a logged POST."""

import datetime
import json
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from jsonschema import Draft4Validator

from apps.accounts.models import SecurityEvent, SecurityEventKind
from apps.dataio.resume import resume_document
from apps.milestones import services as milestone_services
from tests.factories import UserFactory
from tests.worlds import one_of_everything

pytestmark = pytest.mark.django_db

HERE = Path(__file__).parent
SCHEMA = json.loads((HERE / "schemas" / "jsonresume-1.0.0.json").read_text())
GOLDEN = HERE / "golden" / "resume.json"
NOW = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def maya():
    with time_machine.travel(NOW, tick=False):
        owner = UserFactory(email="maya@example.com")
        one_of_everything(owner)
        talk = milestone_services.milestone_create(
            owner=owner, horizon=1, kind="challenge", title="Pricing review for the board"
        )
        milestone_services.milestone_reflect(
            milestone=talk, lessons="Start early.", impact="Prices fairer for 300 shops."
        )
        milestone_services.milestone_set_status(milestone=talk, status="done")
    return owner


def test_the_resume_is_valid_json_resume_and_the_golden_file(maya, settings):
    settings.SITE_URL = "https://careerbuilder.example"
    document = resume_document(maya, now=NOW)

    errors = sorted(
        Draft4Validator(SCHEMA, format_checker=Draft4Validator.FORMAT_CHECKER).iter_errors(
            document
        ),
        key=str,
    )
    assert not errors, [error.message for error in errors]
    # a change to the document is a change to this reviewed file, made on purpose
    assert document == json.loads(GOLDEN.read_text())


def test_a_job_is_highlighted_only_by_what_was_done_while_it_lasted(maya):
    document = resume_document(maya, now=NOW)
    current, past = document["work"]
    assert current["position"] == "Senior analyst" and "endDate" not in current
    assert current["highlights"] == ["Pricing review for the board: Prices fairer for 300 shops."]
    assert past["endDate"] == "2022-11-30" and "highlights" not in past


def test_an_empty_plan_is_still_a_valid_resume():
    document = resume_document(UserFactory(), now=NOW)
    assert not list(Draft4Validator(SCHEMA).iter_errors(document))


def test_the_download_is_a_logged_post(client, maya):
    client.force_login(maya)
    url = reverse("dataio:resume")
    assert client.get(url).status_code == 405  # a GET never changes state, not even the log

    response = client.post(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="resume-')
    assert json.loads(response.content)["basics"]["email"] == "maya@example.com"
    event = SecurityEvent.objects.get(user=maya, kind=SecurityEventKind.EXPORTED)
    assert event.detail == "JSON Resume" and event.road == "web"


def upload(client, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("dataio:resume_import"),
        {"file": SimpleUploadedFile("resume.json", content, "application/json")},
    )


def test_a_resume_comes_back_in_after_a_preview(client, maya):
    from apps.learning.models import LearningItem
    from apps.vision.models import Job

    data = json.dumps(resume_document(maya, now=NOW)).encode()
    newcomer = UserFactory()
    client.force_login(newcomer)

    response = upload(client, data)
    assert response.status_code == 302
    preview = client.get(response.url).content.decode()
    assert "Senior analyst" in preview and "Cloud data engineer" in preview
    assert not Job.objects.filter(owner=newcomer).exists()  # nothing saved before accepting

    accepted = client.post(response.url)  # every row, as it comes
    assert accepted.status_code == 302
    again = resume_document(newcomer, now=NOW)
    original = resume_document(maya, now=NOW)
    for section in ("certificates", "skills"):
        assert again[section] == original[section]
    assert [
        (w["name"], w["position"], w["startDate"], w.get("endDate")) for w in again["work"]
    ] == [(w["name"], w["position"], w["startDate"], w.get("endDate")) for w in original["work"]]
    assert LearningItem.objects.get(owner=newcomer).status == "done"

    twice = client.post(response.url)  # accepted twice: refused
    assert twice.status_code == 302 and Job.objects.filter(owner=newcomer).count() == 2


def test_a_resume_matching_the_plan_merges_and_doubles_nothing(client, maya):
    from apps.vision.models import Job

    document = resume_document(maya, now=NOW)
    document["work"][0]["endDate"] = "2026-11"  # the current job, now ended
    document["work"][0]["startDate"] = "2022-12"  # a month only: it matches the same job
    client.force_login(maya)
    response = upload(client, json.dumps(document).encode())
    page = client.get(response.url).content.decode()
    assert page.count("matches one you have") == page.count('value="skip"')
    client.post(response.url)
    assert Job.objects.filter(owner=maya).count() == 2
    assert Job.objects.get(owner=maya, title="Senior analyst").end_date == datetime.date(
        2026, 11, 1
    )


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"not json", "This file is not JSON."),
        (b"[]", "This is not a JSON Resume"),
        (json.dumps({"name": "x"}).encode(), "This is not a JSON Resume"),
        (b'{"basics": {"name": "\\ud800"}}', "not valid Unicode"),
        (b'{"work": "x"}', "work: must be a list"),
        (
            json.dumps(
                {"work": [{"name": "Acme", "position": "PM", "startDate": "March 2021"}]}
            ).encode(),
            "work, row 1: the date “March 2021” is not YYYY, YYYY-MM or YYYY-MM-DD",
        ),
        (
            json.dumps({"work": [{"name": "Acme", "position": "PM"}]}).encode(),
            "work, row 1: a job needs its start date",
        ),
        (
            json.dumps(
                {"work": [{"name": "Acme", "position": "x" * 300, "startDate": "2020"}]}
            ).encode(),
            "work, row 1: title:",
        ),
        (b" " * (1024 * 1024 + 1), "larger than 1 MB"),
    ],
)
def test_a_bad_resume_says_why_and_saves_nothing(client, content, problem):
    from apps.dataio.models import ResumePreview

    client.force_login(UserFactory())
    response = upload(client, content)
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert not ResumePreview.objects.exists()


def test_some_bad_rows_are_reported_beside_the_good_ones(client):
    document = {
        "work": [
            {"name": "Acme", "position": "PM", "startDate": "2021-13"},
            {"name": "Globex", "position": "Analyst", "startDate": "2019-04", "endDate": "2021"},
        ]
    }
    client.force_login(UserFactory())
    response = upload(client, json.dumps(document).encode())
    page = client.get(response.url).content.decode()
    assert "Globex" in page and "work, row 1: the date “2021-13”" in page


def test_an_expired_preview_is_refused(client, maya):
    from apps.dataio.models import ResumePreview

    client.force_login(maya)
    with time_machine.travel(NOW, tick=False):
        response = upload(client, json.dumps(resume_document(maya, now=NOW)).encode())
    with time_machine.travel(NOW + datetime.timedelta(hours=2), tick=False):
        assert "has expired" in client.get(response.url).content.decode()
        client.post(response.url)
    assert ResumePreview.objects.get().accepted_at is None


def test_previews_past_their_hour_are_purged(maya):
    from apps.dataio import services
    from apps.dataio.models import ResumePreview

    with time_machine.travel(NOW, tick=False):
        old = ResumePreview.objects.create(owner=maya, rows=[])
    with time_machine.travel(NOW + datetime.timedelta(minutes=50), tick=False):
        fresh = ResumePreview.objects.create(owner=maya, rows=[])
    with time_machine.travel(NOW + datetime.timedelta(minutes=61), tick=False):
        assert services.resume_previews_purge() == 1
    assert list(ResumePreview.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert old.pk != fresh.pk


def test_a_jobs_location_and_summary_go_out_and_come_back_in(client, maya):
    from apps.vision.models import Job

    job = Job.objects.filter(owner=maya).first()
    job.location, job.description = "Leeds", "Priced 300 shops.\nRan the review."
    job.save()
    document = resume_document(maya, now=NOW)
    work = next(entry for entry in document["work"] if entry["position"] == job.title)
    assert (work["location"], work["summary"]) == ("Leeds", "Priced 300 shops.\nRan the review.")
    assert not list(Draft4Validator(SCHEMA).iter_errors(document))

    newcomer = UserFactory()
    client.force_login(newcomer)
    client.post(upload(client, json.dumps(document).encode()).url)
    again = Job.objects.get(owner=newcomer, title=job.title)
    assert (again.location, again.description) == ("Leeds", "Priced 300 shops.\nRan the review.")
