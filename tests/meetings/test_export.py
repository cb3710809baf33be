"""The mentee's side of her mentoring record goes out in her export and comes back as history:
the mentor a name, no mentorship, no access for anyone, nothing to change. The mentor's private
notes never leave, in either side's export; older exports still import; a bad row is named and
nothing is saved."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from apps.dataio import portability
from apps.meetings.models import (
    ActionItem,
    Agreement,
    PrivateNote,
    Reflection,
    Session,
    TalkingPoint,
)
from apps.sharing.models import Mentorship
from tests.factories import UserFactory
from tests.worlds import one_of_everything

pytestmark = pytest.mark.django_db

GOLDEN_V7 = Path(__file__).parents[1] / "dataio" / "golden" / "export-v7.json"
SECTIONS = [
    "mentoring_agreements",
    "mentoring_sessions",
    "talking_points",
    "action_items",
    "mentoring_reflections",
]
PRIVATE = "She undersells her work"  # the past mentor's private notes (tests/worlds.py)


@pytest.fixture
def maya(db):
    owner = UserFactory(display_name="Maya Okafor")
    return owner, one_of_everything(owner)


def zipped(document: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("careerbuilder.json", json.dumps(document))
    return buffer.getvalue()


def import_into_new_account(client, data: bytes):
    newcomer = UserFactory(display_name="Newcomer")
    client.force_login(newcomer)
    response = client.post(reverse("dataio:import"), {"file": SimpleUploadedFile("p.zip", data)})
    return newcomer, response


def without_ids(rows: list[dict]) -> list[dict]:
    return [{k: v for k, v in row.items() if k != "id" and not k.endswith("_id")} for row in rows]


def test_the_mentees_side_goes_out_with_the_mentor_as_a_name(maya):
    owner, _plan = maya

    document = portability.export_document(owner)

    assert document["version"] == 8
    [session] = document["mentoring_sessions"]
    assert session["mentor_name"] == "Dana Reyes" and session["status"] == "held"
    assert session["starts_at"] == "2026-03-10T17:00:00+00:00"
    assert {row["assignee_name"] for row in document["action_items"]} == {
        "Maya Okafor",
        "Dana Reyes",
    }
    assert {row["author_name"] for row in document["mentoring_reflections"]} == {
        "Maya Okafor",
        "Dana Reyes",
    }
    assert [row["discussed_in_id"] for row in document["talking_points"]] == [session["id"]]
    step = next(row["step_id"] for row in document["action_items"] if row["step_id"])
    assert step in {row["id"] for row in document["steps"]}
    assert len(document["agreement_horizons"]) == len(document["agreement_milestones"]) == 1
    assert set(session) == {
        "id",
        "mentor_name",
        "starts_at",
        "minutes",
        "place",
        "status",
        "notes",
        "created_at",
        "accepted_at",
    }  # no mentorship, no account, no calendar uid


def test_private_notes_never_leave_in_either_sides_export(maya):
    owner, plan = maya
    mentor = plan.past_mentorship.mentor
    assert PrivateNote.objects.filter(author=mentor, body__startswith=PRIVATE).exists()

    for person in (owner, mentor):
        with zipfile.ZipFile(io.BytesIO(portability.export_zip(person))) as archive:
            for name in archive.namelist():
                text = archive.read(name).decode()
                assert PRIVATE not in text, (person, name)


def test_the_record_comes_back_as_read_only_history_giving_nobody_access(maya, client):
    owner, plan = maya
    before = portability.export_document(owner)

    newcomer, response = import_into_new_account(client, portability.export_zip(owner))

    assert response.status_code == 200, response.content.decode()[-2000:]
    after = portability.export_document(newcomer)
    for name in SECTIONS:
        assert without_ids(after[name]) == without_ids(before[name]), name
    for name in ("agreement_horizons", "agreement_milestones"):
        assert len(after[name]) == len(before[name]) == 1
    sessions = Session.objects.filter(owner=newcomer)
    assert sessions.get().mentor is None and sessions.get().mentorship is None
    assert not Agreement.objects.filter(owner=newcomer, mentorship__isnull=False).exists()
    assert set(
        ActionItem.objects.filter(owner=newcomer).values_list("assignee", "assignee_name")
    ) == {(None, "Maya Okafor"), (None, "Dana Reyes")}
    assert not TalkingPoint.objects.filter(owner=newcomer, author__isnull=False).exists()
    assert not Reflection.objects.filter(owner=newcomer, author__isnull=False).exists()
    assert (
        ActionItem.objects.get(owner=newcomer, step__isnull=False).step.milestone.owner == newcomer
    )
    assert not Mentorship.objects.filter(mentee=newcomer).exists()
    assert not PrivateNote.objects.filter(session__owner=newcomer).exists()

    api = APIClient()
    api.force_authenticate(plan.past_mentorship.mentor)
    assert api.get(f"/api/v1/sessions/{sessions.get().pk}/").status_code == 404
    api.force_authenticate(newcomer)
    assert api.get(f"/api/v1/sessions/{sessions.get().pk}/").status_code == 200
    changed = api.patch(f"/api/v1/sessions/{sessions.get().pk}/", {"notes": "x"}, format="json")
    assert changed.status_code == 400
    assert changed.json() == {
        "detail": ["This mentorship has ended: nothing more can be planned in it."]
    }


def test_the_readable_export_has_the_sessions_notes_and_action_items(maya):
    owner, _plan = maya

    with zipfile.ZipFile(io.BytesIO(portability.export_zip(owner))) as archive:
        text = archive.read("careerbuilder.md").decode()
        html = archive.read("careerbuilder.html").decode()

    mentoring = text.split("## Mentoring")[1].split("## Check-ins")[0]
    assert "### Session with Dana Reyes, 10 March 2026, 17:00 (Held)" in mentoring
    assert "Who owns pricing today, and **what they need** from the review." in mentoring
    assert "- [x] Introduce me to the CFO (Dana Reyes)" in mentoring
    assert (
        "- [ ] Ask finance for last year's pricing data (Maya Okafor, by 31 Mar 2026)" in mentoring
    )
    assert "Agreed with Dana Reyes, meeting every 3 weeks until 30 Sep 2026" in mentoring
    assert "**Dana Reyes looking back:** Maya now leads with numbers." in mentoring
    assert "<strong>what they need</strong>" in html and PRIVATE not in html


def test_an_export_of_version_7_still_imports_with_no_mentoring_record(client):
    document = json.loads(GOLDEN_V7.read_text())
    assert document["version"] == 7 and not set(SECTIONS) & set(document)

    newcomer, response = import_into_new_account(client, zipped(document))

    assert response.status_code == 200, response.content.decode()[-2000:]
    assert newcomer.milestones.count() == len(document["milestones"])
    assert not Session.objects.filter(owner=newcomer).exists()


def test_a_bad_row_is_refused_with_its_reason_and_nothing_is_saved(maya, client):
    owner, _plan = maya
    document = portability.export_document(owner)
    document["mentoring_sessions"][0]["minutes"] = 5
    document["mentoring_sessions"][0]["place"] = "javascript:alert(1)"
    document["action_items"][0]["session_id"] = 999_999
    document["talking_points"][0].update(text="two\nlines", discussed_in_id=None)

    newcomer, response = import_into_new_account(client, zipped(document))

    page = response.content.decode()
    assert response.status_code == 400
    assert "mentoring_sessions, row 1: " in page
    assert "Give a place or a web address (https://…)." in page
    assert "Ensure this value is greater than or equal to 15." in page
    assert "action_items, row 1: session_id 999999 names no row in “mentoring_sessions”" in page
    assert "talking_points, row 1: text:" in page
    assert not newcomer.milestones.exists()
    assert not Session.objects.filter(owner=newcomer).exists()
