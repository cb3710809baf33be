"""Concurrency on PostgreSQL: ranked lists changed from many requests at once, and an
invitation accepted twice at once. Twelve concurrent value moves deadlocked once in 48, and
parallel adds gave two values the same rank; now every change to a list locks its owner first
and positions are unique."""

import random
import threading

import pytest
from django.db import connection

from apps.accounts.audit import Actor
from apps.core.tokens import hash_token
from apps.mentoring import services as mentoring_services
from apps.mentoring.models import Invitation
from apps.milestones import services as milestone_services
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

    calls = [lambda n=n: milestone_services.step_create(milestone=milestone, title=f"New {n}")
             for n in range(4)]  # fmt: skip
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
