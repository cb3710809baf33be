"""The résumé in the REST API: the career record as JSON Resume (valid against the schema, an
export in the security log), and a JSON Resume read into a preview and accepted, refused with
a 4xx that says why; a token and the session both sign in, as for the rest of the API."""

import datetime
import json
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from jsonschema import Draft4Validator
from rest_framework.settings import api_settings

from apps.accounts.audit import Actor
from apps.accounts.models import SecurityEvent, SecurityEventKind
from apps.api.services import token_create
from apps.dataio import api
from apps.dataio.models import ResumePreview
from apps.learning.models import Skill
from apps.vision.models import Job
from tests.factories import UserFactory
from tests.worlds import one_of_everything

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "jsonresume-1.0.0.json").read_text())
RESUME = "/api/v1/resume/"
PREVIEWS = "/api/v1/resume/previews/"
NOW = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)
DOCUMENT = {
    "basics": {"name": "Maya Okafor"},
    "work": [
        {"name": "Globex", "position": "Analyst", "startDate": "2021-03", "endDate": "2022-11"},
        {"name": "Acme", "position": "PM"},  # no start date: a problem, beside the good rows
    ],
    "skills": [{"name": "Pottery", "level": "Advanced"}],
}


@pytest.fixture
def owner():
    owner = UserFactory(email="maya@example.com")
    one_of_everything(owner)
    return owner


@pytest.fixture
def bearer(owner):
    secret = token_create(user=owner, name="Script", actor=Actor(owner))[1]
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post_json(client, url, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def test_the_resume_is_valid_json_resume_with_a_token(client, owner, bearer):
    response = client.post(RESUME, **bearer)

    assert response.status_code == 200
    document = response.json()
    validator = Draft4Validator(SCHEMA, format_checker=Draft4Validator.FORMAT_CHECKER)
    assert not [error.message for error in validator.iter_errors(document)]
    assert document["basics"]["email"] == "maya@example.com"
    assert document["work"][0]["position"] == "Senior analyst"


def test_the_resume_is_given_to_the_session_too(client, owner):
    client.force_login(owner)

    assert client.post(reverse("dataio_api:resume")).json()["basics"]["email"] == owner.email


def test_each_resume_the_api_gives_is_an_export_in_the_security_log(client, owner, bearer):
    client.post(RESUME, **bearer)

    event = SecurityEvent.objects.get(user=owner, kind=SecurityEventKind.EXPORTED)
    assert (event.detail, event.road) == ("JSON Resume", "api")


def test_without_a_session_or_token_the_resume_api_answers_401(client, owner):
    assert client.post(RESUME).status_code == 401
    assert post_json(client, PREVIEWS, DOCUMENT).status_code == 401
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORTED).exists()


def test_a_posted_resume_is_a_preview_whose_chosen_rows_are_then_added(client, owner, bearer):
    response = post_json(client, PREVIEWS, DOCUMENT, **bearer)

    assert response.status_code == 201
    preview = response.json()
    assert [(row["number"], row["kind"]) for row in preview["rows"]] == [(0, "job"), (1, "skill")]
    assert preview["rows"][0]["matches"] is None
    assert preview["problems"] == ["work, row 2: a job needs its start date"]
    assert not Job.objects.filter(owner=owner, organisation="Globex").exists()

    accepted = post_json(client, preview["accept_url"], {"rows": [0]}, **bearer)

    assert accepted.status_code == 200
    assert accepted.json() == {
        "status": "done",
        "added": 1,
        "merged": 0,
        "replaced": 0,
        "skipped": 1,
        "problems": [],
    }
    job = Job.objects.get(owner=owner, organisation="Globex")
    assert (job.start_date, job.end_date) == (datetime.date(2021, 3, 1), datetime.date(2022, 11, 1))
    assert not Skill.objects.filter(owner=owner, name="Pottery").exists()  # not chosen


def test_a_resume_file_can_be_uploaded_as_multipart_data(client, owner):
    client.force_login(owner)
    upload = SimpleUploadedFile("resume.json", json.dumps(DOCUMENT).encode(), "application/json")

    response = client.post(PREVIEWS, {"file": upload})

    assert response.status_code == 201
    assert len(response.json()["rows"]) == 2


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ([1, 2], "This is not a JSON Resume (resume.json) file."),
        ({"name": "x"}, "This is not a JSON Resume (resume.json) file."),
        ({"work": "x"}, "Nothing in this file can be added."),
        ({"work": [{"name": "Acme", "position": "PM"}]}, "Nothing in this file can be added."),
    ],
)
def test_a_refused_resume_answers_400_with_why_and_saves_nothing(
    client, owner, bearer, body, detail
):
    response = post_json(client, PREVIEWS, body, **bearer)

    assert response.status_code == 400
    assert response.json()["detail"] == detail
    assert not ResumePreview.objects.filter(owner=owner).exists()


def test_a_refusal_names_each_bad_row(client, owner, bearer):
    body = {"work": [{"name": "Acme", "position": "PM", "startDate": "March 2021"}]}

    response = post_json(client, PREVIEWS, body, **bearer)

    assert response.json()["problems"] == [
        "work, row 1: the date “March 2021” is not YYYY, YYYY-MM or YYYY-MM-DD"
    ]


def test_a_post_with_neither_json_nor_a_file_answers_400_saying_what_to_send(client, owner):
    client.force_login(owner)

    response = client.post(PREVIEWS, {"work": "x"})

    assert response.status_code == 400
    assert "Send a JSON Resume as the JSON body" in response.json()["detail"]


def test_a_preview_accepted_already_answers_410(client, owner, bearer):
    url = post_json(client, PREVIEWS, DOCUMENT, **bearer).json()["accept_url"]
    post_json(client, url, {"rows": [0]}, **bearer)

    again = post_json(client, url, {"rows": [0]}, **bearer)

    assert again.status_code == 410
    assert "accepted already or has expired" in again.json()["detail"]
    assert Job.objects.filter(owner=owner, organisation="Globex").count() == 1


def test_a_preview_past_its_hour_answers_410_and_adds_nothing(client, owner, bearer):
    with time_machine.travel(NOW, tick=False):
        url = post_json(client, PREVIEWS, DOCUMENT, **bearer).json()["accept_url"]
    with time_machine.travel(NOW + datetime.timedelta(hours=2), tick=False):
        response = post_json(client, url, {"rows": [0, 1]}, **bearer)

    assert response.status_code == 410
    assert not Job.objects.filter(owner=owner, organisation="Globex").exists()


def test_rows_the_preview_does_not_have_answer_400(client, owner, bearer):
    url = post_json(client, PREVIEWS, DOCUMENT, **bearer).json()["accept_url"]

    response = post_json(client, url, {"rows": [0, 7]}, **bearer)

    assert response.status_code == 400
    assert response.json() == {"rows": ["This preview has no row 7."]}
    assert ResumePreview.objects.get(owner=owner).accepted_at is None


def test_nobody_else_may_accept_a_preview(client, owner, bearer):
    url = post_json(client, PREVIEWS, DOCUMENT, **bearer).json()["accept_url"]
    client.force_login(UserFactory())

    response = post_json(client, url, {"rows": [0]})

    assert response.status_code == 404
    assert ResumePreview.objects.get(owner=owner).accepted_at is None


def test_a_get_of_the_resume_changes_nothing_not_even_the_log(client, owner, bearer):
    response = client.get(RESUME, **bearer)

    assert response.status_code == 405
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.EXPORTED).exists()


def test_the_resume_endpoints_are_in_the_api_schema(client, owner):
    client.force_login(owner)

    paths = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").json()["paths"]

    assert {"/api/v1/resume/", "/api/v1/resume/previews/"} <= set(paths)
    accept = paths["/api/v1/resume/previews/{id}/accept/"]["post"]
    assert {"200", "400", "404", "410"} <= set(accept["responses"])


@pytest.mark.parametrize(
    "view", [api.ResumeView, api.ResumePreviewsView, api.ResumePreviewAcceptView]
)
def test_the_resume_api_signs_in_and_throttles_as_the_rest_of_the_api(view):
    assert view.authentication_classes == api_settings.DEFAULT_AUTHENTICATION_CLASSES
    assert view.permission_classes == api_settings.DEFAULT_PERMISSION_CLASSES
    assert view.throttle_classes == api_settings.DEFAULT_THROTTLE_CLASSES
