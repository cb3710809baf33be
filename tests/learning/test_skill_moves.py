"""A skill remembers its level's last move, and "what changed since" tells it (the mentoring
session's agenda and the mentor's week read it)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from apps.core.changes import changes_since
from apps.learning import services
from tests.factories import SkillFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


def at(moment):
    return time_machine.travel(moment, tick=False)


def learning_since(owner, since):
    return [
        change.summary
        for change in changes_since(owner_id=owner.pk, since=since, sources={"learning"})
    ]


def test_a_new_level_is_told_with_the_one_before(user):
    skill = SkillFactory(owner=user, name="Public speaking", current_level=2)

    with at(MONDAY):
        services.skill_update(skill=skill, current_level=3)

    skill.refresh_from_db()
    assert (skill.previous_level, skill.level_moved_at) == (2, MONDAY)
    assert learning_since(user, MONDAY - datetime.timedelta(days=7)) == ["Public speaking: 2 → 3"]


def test_saving_a_skill_without_a_new_level_moves_nothing(user):
    skill = SkillFactory(owner=user, name="SQL", current_level=2)

    services.skill_update(skill=skill, current_level=2, target_level=5, why="Reports")

    skill.refresh_from_db()
    assert (skill.previous_level, skill.level_moved_at) == (None, None)
    assert learning_since(user, timezone.now() - datetime.timedelta(days=1)) == []


def test_only_the_last_move_since_the_moment_is_told(user):
    skill = SkillFactory(owner=user, name="Public speaking", current_level=2)
    with at(MONDAY):
        services.skill_update(skill=skill, current_level=3)
    with at(MONDAY + datetime.timedelta(days=14)):
        services.skill_update(skill=skill, current_level=4)

    assert learning_since(user, MONDAY + datetime.timedelta(days=7)) == ["Public speaking: 3 → 4"]
    assert learning_since(user, MONDAY + datetime.timedelta(days=15)) == []


def test_a_move_is_nobody_elses_news(user, other_user):
    skill = SkillFactory(owner=user, current_level=1)
    services.skill_update(skill=skill, current_level=2)

    assert learning_since(other_user, timezone.now() - datetime.timedelta(days=1)) == []
