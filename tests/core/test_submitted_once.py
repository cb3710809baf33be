"""A form posted with a `client_key` (a check-in or a conversation written offline, replayed from
the device's outbox) is saved once per user and key (apps/core/http.py::submitted_once)."""

import datetime
import uuid

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.checkins.models import CheckIn
from apps.core.models import FormSubmission
from apps.core.services import form_submissions_purge
from apps.network.models import Interaction
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "north_star_progress": 4,
    "job_or_career": 2,
    "learned": "How pricing committees decide",
    "network": "Coffee with Amara",
    "next_step": "Draft the budget proposal",
    "mood": 4,
}
REPLAY = {"headers": {"X-Outbox-Replay": "1"}}


def test_the_same_check_in_sent_twice_is_saved_once(user_client, user):
    key = str(uuid.uuid4())
    user_client.post(reverse("checkins:create"), {**ANSWERS, "client_key": key})
    response = user_client.post(
        reverse("checkins:create"), {**ANSWERS, "client_key": key}, follow=True
    )

    assert CheckIn.objects.filter(owner=user).count() == 1
    assert response.redirect_chain[-1][0] == reverse("checkins:index")
    assert "already saved" in response.content.decode()


def test_two_check_ins_with_their_own_keys_are_both_saved(user_client, user):
    for _ in range(2):
        user_client.post(reverse("checkins:create"), {**ANSWERS, "client_key": str(uuid.uuid4())})

    assert CheckIn.objects.filter(owner=user).count() == 2


def test_a_refused_check_in_does_not_use_its_key_up(user_client, user):
    key = str(uuid.uuid4())
    refused = user_client.post(
        reverse("checkins:create"), {**ANSWERS, "mood": "", "client_key": key}
    )
    user_client.post(reverse("checkins:create"), {**ANSWERS, "client_key": key})

    assert refused.status_code == 200
    assert CheckIn.objects.filter(owner=user).count() == 1
    assert FormSubmission.objects.filter(user=user, key=key).count() == 1


def test_a_form_without_a_well_formed_key_is_saved_every_time(user_client, user):
    for key in ["", "not-a-uuid"]:
        user_client.post(reverse("checkins:create"), {**ANSWERS, "client_key": key})

    assert CheckIn.objects.filter(owner=user).count() == 2
    assert not FormSubmission.objects.exists()


def test_another_users_key_is_theirs_alone(client, user):
    key = str(uuid.uuid4())
    other = UserFactory()
    for person in (user, other):
        client.force_login(person)
        client.post(reverse("checkins:create"), {**ANSWERS, "client_key": key})

    assert CheckIn.objects.filter(owner__in=[user, other]).count() == 2


def test_a_replay_from_the_outbox_gets_204_the_first_time_and_after(user_client, user):
    body = {**ANSWERS, "client_key": str(uuid.uuid4())}
    first = user_client.post(reverse("checkins:create"), body, **REPLAY)
    again = user_client.post(reverse("checkins:create"), body, **REPLAY)

    assert (first.status_code, again.status_code) == (204, 204)
    assert CheckIn.objects.filter(owner=user).count() == 1


def test_a_refused_replay_answers_what_the_form_answers(user_client, user):
    body = {**ANSWERS, "mood": "", "client_key": str(uuid.uuid4())}
    response = user_client.post(reverse("checkins:create"), body, **REPLAY)

    assert response.status_code == 200
    assert not CheckIn.objects.filter(owner=user).exists()


def test_the_same_conversation_logged_twice_is_saved_once(user_client, user):
    contact = ContactFactory(owner=user)
    url = reverse("network:interaction_create", args=[contact.pk])
    body = {"kind": "call", "date": timezone.localdate().isoformat(), "client_key": uuid.uuid4()}
    user_client.post(url, body)
    response = user_client.post(url, body)

    assert Interaction.objects.filter(contact=contact).count() == 1
    assert response.url == reverse("network:contact_detail", args=[contact.pk])


def test_a_key_on_somebody_elses_contact_is_not_used_up(user_client, user):
    contact = ContactFactory()
    url = reverse("network:interaction_create", args=[contact.pk])
    body = {"kind": "call", "date": timezone.localdate().isoformat(), "client_key": uuid.uuid4()}

    assert user_client.post(url, body).status_code == 404
    assert not FormSubmission.objects.exists()


def test_keys_older_than_30_days_are_forgotten(user):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=31)):
        FormSubmission.objects.create(user=user, key=uuid.uuid4())
    recent = FormSubmission.objects.create(user=user, key=uuid.uuid4())

    assert form_submissions_purge() == 1
    assert list(FormSubmission.objects.all()) == [recent]
