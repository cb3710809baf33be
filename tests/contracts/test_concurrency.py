"""Concurrency on PostgreSQL: ranked lists changed from many requests at once, and an
invitation accepted twice at once. Twelve concurrent value moves deadlocked once in 48, and
parallel adds gave two values the same rank; now every change to a list locks its owner first
and positions are unique. Likewise an Inbox entry added twice at once, or an email logged as
its person becomes a contact: the owner's row is locked first, so nobody is doubled or left
waiting."""

import datetime
import random
import threading

import pytest
from django.db import connection

from apps.accounts.audit import Actor
from apps.core.tokens import hash_token
from apps.mentoring import services as mentoring_services
from apps.mentoring.models import Invitation
from apps.milestones import services as milestone_services
from apps.network import services as network_services
from apps.network.models import Contact, InboxEntry, Interaction
from apps.sharing.models import Mentorship
from apps.vision import services as vision_services
from apps.vision.models import Value
from tests.conftest import require_service
from tests.factories import MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
WORKERS = 12


@pytest.fixture(autouse=True)
def _postgresql():
    require_service(connection.vendor == "postgresql", "these need PostgreSQL's row locks")


def at_once(*calls) -> list[Exception]:
    """Runs each call in its own thread (its own database connection), all released together."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as error:  # collected and asserted by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=[call]) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_values_added_at_once_get_distinct_ranks():
    owner = UserFactory()

    errors = at_once(
        *(
            lambda n=n: vision_services.value_create(owner=owner, name=f"Value {n}")
            for n in range(WORKERS)
        )
    )

    assert not errors
    assert sorted(Value.objects.filter(owner=owner).values_list("position", flat=True)) == list(
        range(1, WORKERS + 1)
    )


@pytest.mark.parametrize("round_", range(4))
def test_values_moved_at_once_never_deadlock(round_):
    owner = UserFactory()
    for n in range(6):
        vision_services.value_create(owner=owner, name=f"Value {n}")
    values = list(Value.objects.filter(owner=owner))
    rng = random.Random(round_)
    moves = [(rng.choice(values), rng.choice(["up", "down"])) for _ in range(WORKERS)]

    errors = at_once(
        *(lambda v=v, d=d: vision_services.value_move(value=v, direction=d) for v, d in moves)
    )

    assert not errors
    assert sorted(Value.objects.filter(owner=owner).values_list("position", flat=True)) == list(
        range(1, 7)
    )


def test_steps_added_moved_and_ticked_at_once_keep_one_rank_each():
    milestone = MilestoneFactory()
    steps = [milestone_services.step_create(milestone=milestone, title=f"S{n}") for n in range(4)]

    calls = [
        lambda n=n: milestone_services.step_create(milestone=milestone, title=f"New {n}")
        for n in range(4)
    ]
    calls += [lambda s=s: milestone_services.step_move(step=s, direction="down") for s in steps]
    calls += [lambda s=s: milestone_services.step_set_done(step=s, done=True) for s in steps]
    errors = at_once(*calls)

    assert not errors
    positions = sorted(milestone.steps.values_list("position", flat=True))
    assert positions == sorted(set(positions)) and len(positions) == 8


def test_an_invitation_accepted_twice_at_once_makes_one_mentorship():
    mentee, mentor = UserFactory(), UserFactory(email="mentor@example.com")
    token = "accept-me-once"
    Invitation.objects.create(
        mentee=mentee,
        email=mentor.email,
        token_hash=hash_token(token),
        expires_at=Invitation.default_expiry(),
    )

    errors = at_once(
        *(
            lambda: mentoring_services.invitation_accept(token=token, actor=Actor(mentor))
            for _ in range(6)
        )
    )

    assert all(isinstance(error, mentoring_services.InvitationProblem) for error in errors)
    assert len(errors) == 5
    assert Mentorship.objects.filter(mentee=mentee, mentor=mentor).count() == 1


def test_an_inbox_entry_added_twice_at_once_makes_one_contact():
    owner = UserFactory()
    [entry] = network_services.email_log(
        owner=owner,
        people=[("Grace", "grace@example.net")],
        subject="Hi",
        note="",
        date=datetime.date(2026, 1, 5),
    ).waiting

    errors = at_once(*(lambda: network_services.inbox_entry_add(entry=entry) for _ in range(6)))

    assert errors == []
    assert Contact.objects.filter(owner=owner).count() == 1
    assert Interaction.objects.filter(contact__owner=owner).count() == 1
    assert not InboxEntry.objects.exists()


@pytest.mark.parametrize("round_", range(6))
def test_an_email_logged_as_its_person_becomes_a_contact_never_leaves_them_waiting(round_):
    owner = UserFactory()

    errors = at_once(
        lambda: network_services.email_log(
            owner=owner,
            people=[("Grace", "grace@example.net")],
            subject="Hi",
            note="",
            date=datetime.date(2026, 1, 5),
        ),
        lambda: network_services.contact_create(owner=owner, name="G", email="Grace@Example.NET"),
    )

    assert errors == []
    assert not InboxEntry.objects.filter(owner=owner).exists()
    assert Interaction.objects.get(contact__owner=owner).notes == "Email: Hi"
