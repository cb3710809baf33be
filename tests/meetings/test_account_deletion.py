"""Deleting an account and a mentoring pair's record: the mentee's goes with her; the mentor's
leaves hers whole (his name kept as text) and takes his private notes with him."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.models import User
from apps.meetings.models import (
    ActionItem,
    Agreement,
    PrivateNote,
    Reflection,
    Session,
    SessionMail,
    TalkingPoint,
)
from tests.factories import UserFactory
from tests.worlds import one_of_everything

pytestmark = pytest.mark.django_db

RECORD = [Agreement, Session, TalkingPoint, ActionItem, Reflection]


@pytest.fixture
def maya(db):
    """A mentee with a past mentor's record (tests/worlds.py), and a session in it followed up
    (an outbox row)."""
    owner = UserFactory(display_name="Maya Okafor")
    plan = one_of_everything(owner, level="fast")
    session = Session.objects.get(owner=owner)
    SessionMail.objects.create(session=session, kind="followup")
    return owner, plan.past_mentorship.mentor


def delete_account(client, user, password):
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": password, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def test_deleting_the_mentee_removes_her_whole_record(client, password, maya):
    mentee, mentor = maya

    delete_account(client, mentee, password)

    for model in [*RECORD, PrivateNote, SessionMail]:
        assert not model.objects.exists(), model.__name__
    assert User.objects.filter(pk=mentor.pk).exists()


def test_deleting_the_mentor_keeps_her_record_by_name_and_takes_his_notes(client, password, maya):
    mentee, mentor = maya
    counts = {model: model.objects.filter(owner=mentee).count() for model in RECORD}

    delete_account(client, mentor, password)

    assert {model: model.objects.filter(owner=mentee).count() for model in RECORD} == counts
    session = Session.objects.get(owner=mentee)
    assert (session.mentor, session.mentorship, session.mentor_name) == (None, None, "Dana Reyes")
    assert session.mails.exists()
    assert not PrivateNote.objects.exists()
    assert set(ActionItem.objects.values_list("assignee_id", "assignee_name")) == {
        (mentee.pk, "Maya Okafor"),
        (None, "Dana Reyes"),
    }
    assert set(Reflection.objects.values_list("author_id", "author_name")) == {
        (mentee.pk, "Maya Okafor"),
        (None, "Dana Reyes"),
    }
    assert Agreement.objects.get().mentor_name == "Dana Reyes"
    api = APIClient()
    api.force_authenticate(mentee)
    assert api.get(f"/api/v1/sessions/{session.pk}/").json()["mentor_name"] == "Dana Reyes"
