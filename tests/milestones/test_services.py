import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from apps.accounts.audit import Actor
from apps.milestones import services
from apps.milestones.selectors import milestones_for
from tests.factories import MilestoneFactory

pytestmark = pytest.mark.django_db


def create(user, **fields):
    return services.milestone_create(
        owner=user, **{"horizon": 1, "title": "Speak at a meet-up", "kind": "challenge", **fields}
    )


def test_done_sets_the_closing_date_and_full_progress(user):
    with time_machine.travel("2026-05-04 12:00:00+00:00", tick=False):
        milestone = services.milestone_set_status(milestone=create(user), status="done")

    assert milestone.closed_on == datetime.date(2026, 5, 4)
    assert milestone.progress == 100


def test_reopening_clears_the_closing_date(user):
    milestone = services.milestone_set_status(milestone=create(user), status="dropped")
    milestone = services.milestone_set_status(milestone=milestone, status="in_progress")

    assert milestone.closed_on is None


def test_progress_follows_the_steps(user):
    milestone = create(user, progress=80)
    first = services.step_create(milestone=milestone, title="Write the talk")
    services.step_create(milestone=milestone, title="Rehearse")
    services.step_create(milestone=milestone, title="Give the talk")

    services.step_set_done(step=first, done=True)
    milestone.refresh_from_db()
    assert milestone.progress == 33

    services.step_delete(step=first, actor=Actor(first.milestone.owner))
    milestone.refresh_from_db()
    assert milestone.progress == 0


def test_steps_keep_their_order_and_move(user):
    milestone = create(user)
    a = services.step_create(milestone=milestone, title="A")
    services.step_create(milestone=milestone, title="B")
    c = services.step_create(milestone=milestone, title="C")

    services.step_move(step=c, direction="up")
    services.step_move(step=a, direction="down")

    assert [step.title for step in milestone.steps.all()] == ["C", "A", "B"]


def test_progress_above_100_is_refused(user):
    with pytest.raises(ValidationError):
        create(user, progress=120)


def test_a_milestone_is_overdue_only_while_open():
    milestone = MilestoneFactory.build(target_date=datetime.date(2026, 1, 1), status="planned")
    today = datetime.date(2026, 2, 1)

    assert milestone.is_overdue(today)
    milestone.status = "done"
    assert not milestone.is_overdue(today)


def test_a_step_keeps_when_it_was_first_ticked(user):
    step = services.step_create(milestone=create(user), title="Write the talk")
    with time_machine.travel("2026-05-04 12:00:00+00:00", tick=False):
        services.step_set_done(step=step, done=True)
    with time_machine.travel("2026-05-06 12:00:00+00:00", tick=False):
        services.step_set_done(step=step, done=True)  # a second tick, from another tab

    step.refresh_from_db()
    assert step.done_at == datetime.datetime(2026, 5, 4, 12, tzinfo=datetime.UTC)
    services.step_set_done(step=step, done=False)
    step.refresh_from_db()
    assert step.done_at is None


def test_the_milestone_lists_are_in_date_order_whatever_the_table_holds(user):
    dates = [
        datetime.date(2027, 1, 1),
        None,
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 1),
    ]
    milestones = [create(user, target_date=day, title=f"M{n}") for n, day in enumerate(dates)]
    for milestone in reversed(milestones):  # updated rows move in the table
        services.milestone_set_status(milestone=milestone, status="in_progress")

    assert [m.title for m in milestones_for(owner=user)] == ["M2", "M3", "M0", "M1"]
