import datetime

import pytest
import time_machine
from django.urls import reverse

from apps.accounts.audit import Actor
from apps.network import selectors, services
from apps.network.models import Contact, Interaction, add_months
from tests.factories import ContactFactory, HorizonFactory, MilestoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    with time_machine.travel("2026-06-10 10:00:00+00:00", tick=False):
        yield datetime.date(2026, 6, 10)


def create(user, **fields):
    return services.contact_create(owner=user, **{"name": "Amara Nwosu", **fields})


def test_someone_never_spoken_to_is_due_in_their_first_week(user_client, user, today):
    """A rhythm counts from the last conversation; before the first, within a week of adding."""
    contact = create(user, cadence="quarterly")

    assert contact.next_due_on == datetime.date(2026, 6, 17)
    assert list(selectors.reach_out_this_week(owner=user, today=today)) == [contact]
    dashboard = user_client.get(reverse("dashboard")).content.decode()
    assert "Nobody is due this week" not in dashboard and "Amara Nwosu" in dashboard

    services.interaction_log(contact=contact, date=today, kind="coffee")
    contact.refresh_from_db()
    assert contact.next_due_on == datetime.date(2026, 9, 10)


def test_no_cadence_means_never_due(user, today):
    assert create(user, cadence="none").next_due_on is None


def test_logging_an_interaction_moves_the_next_due_date(user, today):
    contact = create(user, cadence="monthly")

    services.interaction_log(contact=contact, date=datetime.date(2026, 6, 1), kind="coffee")

    contact.refresh_from_db()
    assert contact.last_contacted_on == datetime.date(2026, 6, 1)
    assert contact.next_due_on == datetime.date(2026, 7, 1)


def test_deleting_the_latest_interaction_moves_it_back(user, today):
    contact = create(user, cadence="yearly")
    services.interaction_log(contact=contact, date=datetime.date(2025, 3, 1), kind="call")
    latest = services.interaction_log(contact=contact, date=datetime.date(2026, 3, 1), kind="call")

    services.interaction_delete(interaction=latest, actor=Actor(latest.contact.owner))

    contact.refresh_from_db()
    assert contact.next_due_on == datetime.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 11, 15), 3, datetime.date(2027, 2, 15)),
        (datetime.date(2024, 8, 31), 6, datetime.date(2025, 2, 28)),
    ],
)
def test_months_are_added_like_a_calendar_does(day, months, expected):
    assert add_months(day, months) == expected


def test_tags_are_shared_case_insensitively(user):
    first = create(user, tag_names=["Data", "London"])
    second = create(user, name="Jonas", tag_names=["data"])

    assert {t.name for t in second.tags.all()} == {"Data"}
    assert first.tags.get(name="Data") == second.tags.get()


def test_reach_out_lists_due_and_overdue_this_week(user, today):
    overdue = ContactFactory(owner=user, name="Overdue", next_due_on=datetime.date(2026, 5, 1))
    this_week = ContactFactory(owner=user, name="This week", next_due_on=datetime.date(2026, 6, 15))
    ContactFactory(owner=user, name="Later", next_due_on=datetime.date(2026, 8, 1))

    due = list(selectors.reach_out_this_week(owner=user, today=today))

    assert due == [overdue, this_week]


def test_losing_touch_lists_linked_people_not_seen_for_months(user, today):
    horizon = HorizonFactory(owner=user)
    milestone = MilestoneFactory(owner=user)
    drifting = ContactFactory(
        owner=user, name="Drifting", last_contacted_on=datetime.date(2025, 6, 1)
    )
    drifting.horizons.add(horizon)
    never = ContactFactory(owner=user, name="Never")
    never.milestones.add(milestone)
    recent = ContactFactory(owner=user, name="Recent", last_contacted_on=datetime.date(2026, 5, 1))
    recent.horizons.add(horizon)
    ContactFactory(owner=user, name="Unlinked", last_contacted_on=datetime.date(2020, 1, 1))

    names = {c.name for c in selectors.losing_touch(owner=user, today=today)}

    assert names == {"Drifting", "Never"}


def test_one_click_on_reach_out_logs_today_and_returns(user_client, user, today):
    contact = ContactFactory(owner=user, next_due_on=datetime.date(2026, 6, 1), cadence="monthly")

    response = user_client.post(
        reverse("network:interaction_create", args=[contact.pk]),
        {"kind": "message", "date": "2026-06-10", "next": reverse("network:reach_out")},
    )

    assert response.url == reverse("network:reach_out")
    contact.refresh_from_db()
    assert contact.next_due_on == datetime.date(2026, 7, 10)
    page = user_client.get(reverse("network:reach_out")).content.decode()
    due_section = page.split('id="due-heading"')[1].split('id="losing-heading"')[0]
    assert contact.name not in due_section


def test_a_future_interaction_is_refused_with_a_reason(user_client, user, today):
    contact = ContactFactory(owner=user)

    response = user_client.post(
        reverse("network:interaction_create", args=[contact.pk]),
        {"kind": "coffee", "date": "2026-07-01", "notes": "keep me"},
    )

    page = response.content.decode()
    assert "Log interactions that have happened" in page
    assert "keep me" in page
    assert not Interaction.objects.exists()


def test_a_contact_form_refuses_another_users_milestone(user_client, user, other_user):
    theirs = MilestoneFactory(owner=other_user)

    response = user_client.post(
        reverse("network:contact_create"),
        {"name": "Sneaky", "relationship": "peer", "cadence": "none", "milestones": [theirs.pk]},
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Contact.objects.exists()


def test_contacts_filter_by_search_relationship_and_tag(user_client, user):
    services.contact_create(owner=user, name="Amara", relationship="mentor", tag_names=["pricing"])
    services.contact_create(owner=user, name="Jonas", relationship="peer", tag_names=["data"])

    page = user_client.get(reverse("network:index"), {"relationship": "mentor"}).content.decode()
    assert "Amara" in page and "Jonas" not in page
    page = user_client.get(reverse("network:index"), {"tag": "DATA"}).content.decode()
    assert "Jonas" in page and "Amara" not in page
    page = user_client.get(reverse("network:index"), {"q": "jon"}).content.decode()
    assert "Jonas" in page and "Amara" not in page


def test_creating_a_contact_in_the_browser_form(user_client, user):
    HorizonFactory(owner=user, years=5, statement="Lead a team")
    response = user_client.post(
        reverse("network:contact_create"),
        {
            "name": "Amara Nwosu",
            "organisation": "Northwind",
            "role": "Head of Pricing",
            "email": "amara@example.org",
            "profile_url": "linkedin.com/in/amara",
            "relationship": "sponsor",
            "tag_names": "pricing, mentor-ish",
            "cadence": "quarterly",
            "horizons": [user.horizons.get().pk],
        },
    )

    contact = Contact.objects.get(owner=user)
    assert response.url == reverse("network:contact_detail", args=[contact.pk])
    assert contact.profile_url == "https://linkedin.com/in/amara"
    assert {t.name for t in contact.tags.all()} == {"pricing", "mentor-ish"}
    assert contact.horizons.count() == 1


def test_events_record_who_was_met(user_client, user):
    contact = ContactFactory(owner=user, name="Priya")

    user_client.post(
        reverse("network:event_create"),
        {
            "name": "PyData London",
            "kind": "conference",
            "date": "2026-06-01",
            "attended": "on",
            "contacts": [contact.pk],
        },
    )

    page = user_client.get(reverse("network:contact_detail", args=[contact.pk])).content.decode()
    assert "PyData London" in page


def test_the_quick_log_on_reach_out_can_be_dated(user_client, user, today):
    contact = create(user, cadence="monthly")
    page = user_client.get(reverse("network:reach_out")).content.decode()
    assert f'name="date" id="log-date-due-{contact.pk}" value="2026-06-10" max="2026-06-10"' in page

    user_client.post(
        reverse("network:interaction_create", args=[contact.pk]),
        {"kind": "call", "date": "2026-06-09", "notes": "", "next": "/network/reach-out/"},
    )

    contact.refresh_from_db()
    assert contact.last_contacted_on == datetime.date(2026, 6, 9)
    assert contact.next_due_on == datetime.date(2026, 7, 9)


@pytest.mark.parametrize(("query", "folded"), [("", True), ("?relationship=mentor", False)])
def test_the_contact_filters_fold_as_the_milestone_filters_do(user_client, query, folded):
    for name in ("network:index", "milestones:index"):
        page = user_client.get(reverse(name) + query).content.decode()
        box = page.split('<details class="filter-box"', 1)[1].split(">", 1)[0]
        assert (" open" not in box) is folded, name
