import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.vision import selectors, services
from apps.vision.models import Horizon, VisionRevision
from tests.factories import JobFactory, LedgerEntryFactory, ValueFactory

pytestmark = pytest.mark.django_db

HORIZONS = {
    1: {"statement": "Own pricing analytics", "target_role": "Senior analyst", "why": "Impact"},
    5: {"statement": "Lead a team", "target_role": "Lead", "why": "Grow people"},
    10: {"statement": "Head of Data", "target_role": "Head of Data", "why": "Scale"},
    20: {"statement": "", "target_role": "", "why": ""},
}


def update(user, **overrides):
    return services.vision_update(
        owner=user,
        **{
            "beyond_the_paycheck": "Fair logistics",
            "north_star": 10,
            "horizons": HORIZONS,
            **overrides,
        },
    )


def test_vision_update_saves_the_written_horizons_and_the_north_star(user):
    update(user)

    assert list(Horizon.objects.filter(owner=user).values_list("years", flat=True)) == [1, 5, 10]
    assert selectors.north_star_for(owner=user).statement == "Head of Data"


def test_an_empty_vision_saved_stores_nothing(user):
    update(user, beyond_the_paycheck="", north_star=None, horizons={20: HORIZONS[20]})

    assert not Horizon.objects.filter(owner=user).exists()
    assert not VisionRevision.objects.filter(owner=user).exists()


def test_moving_the_north_star_leaves_exactly_one(user):
    update(user)
    update(user, north_star=5)

    assert list(
        Horizon.objects.filter(owner=user, is_north_star=True).values_list("years", flat=True)
    ) == [5]


def test_the_north_star_needs_a_statement(user):
    with pytest.raises(ValidationError):
        update(user, north_star=20)


def test_each_change_keeps_a_revision_and_an_unchanged_save_keeps_none(user):
    update(user)
    update(user)
    update(user, beyond_the_paycheck="Kinder work")

    assert VisionRevision.objects.filter(owner=user).count() == 2


def test_history_says_what_changed(user):
    update(user)
    update(user, north_star=5, beyond_the_paycheck="Kinder work")

    (_latest, changes), _first = selectors.vision_history(owner=user)
    labels = {change.label: (change.before, change.after) for change in changes}
    assert labels["North Star"] == ("10 years", "5 years")
    assert labels["Beyond the paycheck"] == ("Fair logistics", "Kinder work")
    assert "1 year — where I want to be" not in labels


def test_values_are_kept_in_the_order_added_and_move_up_and_down(user):
    first = services.value_create(owner=user, name="Curiosity")
    second = services.value_create(owner=user, name="Fairness")
    third = services.value_create(owner=user, name="Craft")

    services.value_move(value=third, direction="up")
    assert [v.name for v in selectors.values_for(owner=user)] == ["Curiosity", "Craft", "Fairness"]
    services.value_move(value=first, direction="up")  # already first: nothing moves
    services.value_move(value=first, direction="down")
    assert [v.name for v in selectors.values_for(owner=user)] == ["Craft", "Curiosity", "Fairness"]
    assert second.pk


def test_value_changes_are_part_of_the_vision_history(user):
    value = ValueFactory(owner=user, name="Curiosity")
    services.value_update(value=value, name="Curiosity", meaning="Ask why")

    changes = selectors.vision_history(owner=user)[0][1]
    assert any("Curiosity" in change.label for change in changes)


def test_a_job_cannot_end_before_it_starts(user):
    with pytest.raises(ValidationError):
        services.job_create(
            owner=user,
            title="Analyst",
            organisation="Acme",
            start_date=datetime.date(2024, 5, 1),
            end_date=datetime.date(2024, 4, 1),
        )


def test_ledger_scores_are_from_one_to_five(user):
    job = JobFactory(owner=user)
    with pytest.raises(ValidationError):
        services.ledger_entry_create(
            job=job,
            recorded_on=datetime.date(2026, 1, 1),
            score_1=6,
            score_5=1,
            score_10=1,
            score_20=1,
        )


def trajectory(job):
    return selectors.job_trajectory(selectors.jobs_for(owner=job.owner).get(pk=job.pk))


def test_a_job_without_a_ledger_has_no_verdict(user):
    assert trajectory(JobFactory(owner=user)).verdict == "unknown"


def test_a_job_that_still_gives_is_a_stepping_stone(user):
    job = JobFactory(owner=user)
    LedgerEntryFactory(job=job, recorded_on=datetime.date(2025, 1, 1))
    LedgerEntryFactory(job=job, recorded_on=datetime.date(2026, 1, 1), score_20=5)

    assert trajectory(job).verdict == "stepping_stone"


def test_falling_scores_with_nothing_new_make_it_just_a_job(user):
    job = JobFactory(owner=user)
    LedgerEntryFactory(job=job, recorded_on=datetime.date(2025, 1, 1))
    LedgerEntryFactory(
        job=job,
        recorded_on=datetime.date(2026, 1, 1),
        skills="",
        connections="",
        knowledge="",
        score_1=2,
        score_5=2,
        score_10=1,
        score_20=1,
    )

    assert trajectory(job).verdict == "just_a_job"


def test_falling_scores_alone_mean_drifting(user):
    job = JobFactory(owner=user)
    LedgerEntryFactory(job=job, recorded_on=datetime.date(2025, 1, 1))
    LedgerEntryFactory(job=job, recorded_on=datetime.date(2026, 1, 1), score_1=1)

    assert trajectory(job).verdict == "drifting"
