import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ForeignKey, OneToOneField
from django.urls import reverse
from icalendar import Calendar

from apps.accounts.models import User
from apps.checkins.models import CheckInRhythm
from apps.dataio import portability
from apps.mentoring import services as mentoring_services
from apps.reminders.models import ReminderPreference
from tests.factories import (
    CheckInFactory,
    ContactFactory,
    EventFactory,
    HorizonFactory,
    InteractionFactory,
    JobFactory,
    LearningItemFactory,
    LedgerEntryFactory,
    MentorshipFactory,
    MilestoneFactory,
    OpportunityFactory,
    SkillFactory,
    StepFactory,
    UserFactory,
    ValueFactory,
)

pytestmark = pytest.mark.django_db


def plan_with_dates(owner):
    """A date of each kind the calendar feed shows, and a value that tries a formula injection."""
    horizon = HorizonFactory(owner=owner, is_north_star=True)
    ValueFactory(owner=owner, name="=cmd|' /C calc'!A0")  # a formula injection attempt
    LedgerEntryFactory(job=JobFactory(owner=owner))
    milestone = MilestoneFactory(
        owner=owner, title="Speak at PyData", target_date=datetime.date(2026, 9, 1)
    )
    StepFactory(milestone=milestone)
    skill = SkillFactory(owner=owner)
    item = LearningItemFactory(
        owner=owner, kind="certification", expires_on=datetime.date(2026, 8, 1), milestone=milestone
    )
    item.skills.add(skill)
    contact = ContactFactory(owner=owner, name="Amara", next_due_on=datetime.date(2026, 7, 1))
    contact.horizons.add(horizon)
    contact.milestones.add(milestone)
    InteractionFactory(contact=contact)
    EventFactory(owner=owner).contacts.add(contact)
    CheckInFactory(owner=owner)
    OpportunityFactory(owner=owner, next_action_on=datetime.date(2026, 10, 1)).contacts.add(contact)
    ReminderPreference.objects.create(user=owner, milestone_days_before=3)
    CheckInRhythm.objects.create(
        user=owner, checkin_cadence="weekly", checkin_weekday=2, checkin_hour=8
    )


def feed(client, user):
    client.force_login(user)
    client.post(reverse("dataio:calendar_regenerate"))
    page = client.get(reverse("dataio:index")).content.decode()
    url = page.split('id="feed-url" value="')[1].split('"')[0]
    client.logout()
    return url.replace("http://127.0.0.1:8000", "")


def test_the_calendar_feed_holds_the_plans_dates(client):
    user = UserFactory(time_zone="America/New_York")
    plan_with_dates(user)

    with time_machine.travel("2026-06-01 12:00:00+00:00", tick=False):
        response = client.get(feed(client, user))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert events["Milestone due: Speak at PyData"].decoded("dtstart") == datetime.date(2026, 9, 1)
    assert events["Reach out to Amara"].decoded("dtstart") == datetime.date(2026, 7, 1)
    assert any(s.startswith("Certification expires") for s in events)
    checkin = events["Check-in: job or career?"]
    start = checkin.decoded("dtstart")
    assert (start.hour, start.weekday(), str(start.tzinfo)) == (8, 2, "America/New_York")
    assert checkin["rrule"]["FREQ"] == ["WEEKLY"]
    assert calendar.walk("VTIMEZONE")


def test_a_new_calendar_address_retires_the_old_one(client, user):
    old = feed(client, user)
    client.force_login(user)
    client.post(reverse("dataio:calendar_regenerate"))
    client.logout()

    assert client.get(old).status_code == 404
    assert client.get(feed(client, user)).status_code == 200


def test_export_is_a_zip_with_json_and_a_csv_per_area(user_client, user):
    plan_with_dates(user)

    response = user_client.post(reverse("dataio:export"))

    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"careerbuilder.json", "milestones.csv", "contacts.csv", "checkins.csv"} <= names
    values_csv = archive.read("values.csv").decode()
    assert "'=cmd|' /C calc'!A0" in values_csv
    assert "\n=cmd" not in values_csv and ",=cmd" not in values_csv


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_formula_cells_are_neutralised(cell):
    assert portability.neutralise(cell).startswith("'")


def comparable(document):
    """An export without its ids, dates of export and the owner's address."""

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "id" and not k.endswith("_id")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    document = {k: v for k, v in document.items() if k not in ("exported_at", "profile")}
    document = {k: v for k, v in document.items() if k not in portability.links()}
    for ranked in ("values", "steps"):  # the import numbers each list 1..n, in the same order
        document[ranked] = [
            {k: v for k, v in row.items() if k != "position"}
            for row in sorted(document[ranked], key=lambda row: row["position"])
        ]
    return strip(document)


def test_export_then_import_into_a_new_account_gives_the_same_plan(client, user):
    plan_with_dates(user)
    data = portability.export_zip(user)
    newcomer = UserFactory()
    client.force_login(newcomer)

    response = client.post(reverse("dataio:import"), {"file": SimpleUploadedFile("plan.zip", data)})

    assert response.status_code == 200
    assert comparable(portability.export_document(newcomer)) == comparable(
        portability.export_document(user)
    )
    for name in portability.links():
        assert len(portability.export_document(newcomer)[name]) == len(
            portability.export_document(user)[name]
        )


def test_import_refuses_an_account_that_has_a_plan(client, user):
    plan_with_dates(user)
    client.force_login(user)

    response = client.post(
        reverse("dataio:import"),
        {"file": SimpleUploadedFile("plan.zip", portability.export_zip(user))},
    )

    assert response.status_code == 400
    assert "only into an empty account" in response.content.decode()


def test_import_refuses_a_file_that_is_not_an_export(user_client):
    response = user_client.post(
        reverse("dataio:import"), {"file": SimpleUploadedFile("x.zip", b"not a zip")}
    )

    assert response.status_code == 400
    assert "This is not a careerbuilder export" in response.content.decode()


def test_deleting_the_account_leaves_no_row_of_the_user(client, password):
    user = UserFactory()
    plan_with_dates(user)
    mentor = UserFactory()
    MentorshipFactory(mentee=user, mentor=mentor)
    mentoring_services.comment_create(
        author=mentor, item=user.milestones.first(), body="On your plan"
    )
    client.force_login(user)
    client.post(reverse("dataio:calendar_regenerate"))  # creates the calendar feed

    client.post(reverse("accounts:delete"), {"password": password, "confirm": "on"})

    assert not User.objects.filter(pk=user.pk).exists()
    user_links = [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, ForeignKey | OneToOneField) and field.related_model is User
    ]
    leftovers = [
        f"{model.__name__}.{name}"
        for model, name in user_links
        if model.objects.filter(**{name: user.pk}).exists()
    ]
    assert not leftovers
    assert User.objects.filter(pk=mentor.pk).exists()


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_older_export_without_answers_to_commitments_still_imports(client, user, version):
    plan_with_dates(user)
    document = portability.export_document(user)
    document["version"] = version
    for row in document["checkins"]:
        del row["notes"]
        if version < 3:
            del row["previous_step"], row["previous_step_outcome"]
    for row in document["steps"]:
        if version < 3:
            del row["done_at"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("careerbuilder.json", json.dumps(document, default=str))
    newcomer = UserFactory()
    client.force_login(newcomer)

    response = client.post(
        reverse("dataio:import"), {"file": SimpleUploadedFile("plan.zip", buffer.getvalue())}
    )

    assert response.status_code == 200
    imported = portability.export_document(newcomer)["checkins"]
    assert len(imported) == len(document["checkins"])
    assert all(row["notes"] == "" for row in imported)
    if version < 3:
        assert all(row["previous_step_outcome"] == "" for row in imported)
        steps = portability.export_document(newcomer)["steps"]
        assert len(steps) == len(document["steps"])
        assert all(row["done_at"] is None for row in steps)
