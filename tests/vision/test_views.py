import pytest
from django.urls import reverse

from apps.vision.models import Horizon, Job, LedgerEntry, Value, VisionRevision
from tests.factories import HorizonFactory, JobFactory, LedgerEntryFactory, ValueFactory

pytestmark = pytest.mark.django_db


def vision_post(**overrides):
    data = {
        "north_star": "10",
        "beyond_the_paycheck": "Fair logistics",
        **{
            f"h{years}-{field}": ""
            for years in (1, 5, 10, 20)
            for field in ("statement", "target_role", "why")
        },
        "h1-statement": "Own pricing analytics",
        "h10-statement": "Head of Data at a mission-driven company",
        "h10-target_role": "Head of Data",
    }
    data.update(overrides)
    return data


def test_saving_the_vision_shows_it_with_the_north_star(user_client, user):
    response = user_client.post(reverse("vision:edit"), vision_post(), follow=True)

    page = response.content.decode()
    assert "Vision saved." in page
    assert "Head of Data at a mission-driven company" in page
    assert Horizon.objects.get(owner=user, is_north_star=True).years == 10


def test_the_north_star_shows_on_every_page(user_client):
    user_client.post(reverse("vision:edit"), vision_post())

    page = user_client.get(reverse("milestones:index")).content.decode()

    assert "North Star (10 years)" in page


def test_a_north_star_without_a_statement_rerenders_and_keeps_what_was_typed(user_client, user):
    response = user_client.post(
        reverse("vision:edit"), vision_post(north_star="20", **{"h5-why": "Because teams matter"})
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Write where you want to be on that horizon first." in page
    assert "Because teams matter" in page
    assert not Horizon.objects.filter(owner=user).exists()


def test_history_lists_each_saved_version(user_client, user):
    user_client.post(reverse("vision:edit"), vision_post())
    user_client.post(reverse("vision:edit"), vision_post(north_star="1"))

    page = user_client.get(reverse("vision:history")).content.decode()

    assert VisionRevision.objects.filter(owner=user).count() == 2
    assert "North Star" in page and "10 years" in page and "first version" in page


def test_adding_a_value_ranks_it_last(user_client, user):
    ValueFactory(owner=user, name="Curiosity", position=1)

    user_client.post(reverse("vision:values"), {"name": "Fairness", "meaning": "No hidden costs"})

    assert list(Value.objects.filter(owner=user).values_list("name", flat=True)) == [
        "Curiosity",
        "Fairness",
    ]


def test_a_value_without_a_name_shows_the_error(user_client, user):
    response = user_client.post(reverse("vision:values"), {"name": "", "meaning": "kept text"})

    assert "This field is required." in response.content.decode()
    assert "kept text" in response.content.decode()
    assert not Value.objects.exists()


def test_moving_a_value_with_htmx_returns_the_list_only(user_client, user):
    ValueFactory(owner=user, name="Curiosity", position=1)
    fairness = ValueFactory(owner=user, name="Fairness", position=2)

    response = user_client.post(
        reverse("vision:value_move", args=[fairness.pk]),
        {"direction": "up"},
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    assert page.lstrip().startswith('<ol class="ranked-list" id="values-list">')
    assert page.index("Fairness") < page.index("Curiosity")


def test_moving_a_value_without_javascript_redirects_back(user_client, user):
    value = ValueFactory(owner=user)

    response = user_client.post(
        reverse("vision:value_move", args=[value.pk]), {"direction": "down"}
    )

    assert response.status_code == 302
    assert response.url == reverse("vision:values")


def test_deleting_a_value_asks_first(user_client, user):
    value = ValueFactory(owner=user, name="Craft")

    assert (
        "Delete this value?"
        in user_client.get(reverse("vision:value_delete", args=[value.pk])).content.decode()
    )
    user_client.post(reverse("vision:value_delete", args=[value.pk]))
    assert not Value.objects.filter(pk=value.pk).exists()


def test_adding_a_job_leads_to_its_ledger(user_client, user):
    response = user_client.post(
        reverse("vision:job_create"),
        {
            "title": "Data analyst",
            "organisation": "Northwind",
            "start_date": "2023-01-09",
            "end_date": "",
        },
    )

    job = Job.objects.get(owner=user)
    assert job.is_current
    assert response.url == reverse("vision:ledger_create", args=[job.pk])


def test_a_job_keeps_where_it_was_and_what_was_done_there(user_client, user):
    user_client.post(
        reverse("vision:job_create"),
        {
            "title": "Data analyst",
            "organisation": "Northwind",
            "location": "Leeds",
            "start_date": "2023-01-09",
            "description": "Built the pricing model.\nRan the weekly review.",
        },
    )

    job = Job.objects.get(owner=user)
    assert (job.location, job.description) == (
        "Leeds",
        "Built the pricing model.\nRan the weekly review.",
    )
    page = user_client.get(reverse("vision:job_detail", args=[job.pk])).content.decode()
    assert "Leeds" in page and "Ran the weekly review." in page
    assert "Leeds" in user_client.get(reverse("vision:jobs")).content.decode()


def test_a_job_ending_before_it_starts_shows_the_error(user_client):
    response = user_client.post(
        reverse("vision:job_create"),
        {
            "title": "Analyst",
            "organisation": "Acme",
            "start_date": "2024-05-01",
            "end_date": "2024-04-01",
        },
    )

    assert "A job cannot end before it starts." in response.content.decode()
    assert not Job.objects.exists()


def written_horizons(owner):
    for years in (1, 5, 10, 20):  # a horizon is scored once it is written
        HorizonFactory(owner=owner, years=years, statement=f"In {years} years")


def test_writing_the_ledger_shows_the_verdict(user_client, user):
    written_horizons(user)
    job = JobFactory(owner=user)
    LedgerEntryFactory(job=job, recorded_on="2025-06-01")  # a verdict compares two entries
    user_client.post(
        reverse("vision:ledger_create", args=[job.pk]),
        {
            "recorded_on": "2026-01-01",
            "skills": "SQL",
            "connections": "",
            "knowledge": "",
            "still_want": "",
            "score_1": 4,
            "score_5": 4,
            "score_10": 3,
            "score_20": 3,
        },
    )

    page = user_client.get(reverse("vision:job_detail", args=[job.pk])).content.decode()
    assert LedgerEntry.objects.filter(job=job).count() == 2
    assert "Stepping stone" in page


def test_a_ledger_entry_with_a_score_out_of_range_is_refused(user_client, user):
    written_horizons(user)
    job = JobFactory(owner=user)
    response = user_client.post(
        reverse("vision:ledger_create", args=[job.pk]),
        {"recorded_on": "2026-01-01", "score_1": 9, "score_5": 4, "score_10": 3, "score_20": 3},
    )

    assert response.status_code == 200
    assert (
        "Select a valid choice" in response.content.decode()
        or "less than or equal" in response.content.decode()
    )
    assert not LedgerEntry.objects.exists()


def test_the_current_job_shows_when_it_has_become_just_a_job(user_client, user):
    job = JobFactory(owner=user)
    LedgerEntryFactory(job=job, recorded_on="2025-01-01")
    LedgerEntryFactory(
        job=job,
        recorded_on="2026-01-01",
        skills="",
        connections="",
        knowledge="",
        score_1=1,
        score_5=1,
        score_10=1,
        score_20=1,
    )

    page = user_client.get(reverse("vision:index")).content.decode()

    assert "Just a job" in page
