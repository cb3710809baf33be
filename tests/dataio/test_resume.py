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
