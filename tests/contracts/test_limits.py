"""What every road in accepts: one set of limits, on the model fields, checked on every road.

Generated from the model registry and the API's router, so a new field or endpoint is covered
without anyone listing it: every text has a length limit and refuses NUL (PostgreSQL cannot store
it), every one-line text refuses line breaks (they reach email headers, CSV cells and calendar
lines), every date lies between 1900 and 2999 (date arithmetic never overflows). Then the
extremes: a plan whose every date sits at a limit is crawled page by page, with its calendar
feed, its export and a dispatcher run, and nothing answers 500.
"""

import datetime
import io
import json
import time

import pytest
import time_machine
from django.apps import apps
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import models
from django.urls import reverse
from rest_framework import serializers
from rest_framework.test import APIClient

from apps.api.urls import router
from apps.core import limits
from apps.core.limits import EARLIEST_DATE, LATEST_DATE, OneLine, WithinSupportedDates
from apps.dataio import portability
from apps.milestones import services as milestone_services
from apps.milestones.models import Milestone
from apps.reminders.services import reminders_dispatch
from apps.sharing.api import PlanViewSet
from tests.worlds import get_urls, one_of_everything, world

pytestmark = pytest.mark.django_db

# Text the application writes itself, never a person: no limit of ours applies.
WRITTEN_BY_THE_APP = {
    "accounts.SecurityEvent": {"detail", "user_agent"},
    "api.PersonalAccessToken": {"token_hash", "hint"},
    "dataio.CalendarFeed": {"key"},
    "network.MailDropAddress": {"key"},
    "accounts.SuppressedAddress": {"provider"},  # anymail's name of the provider
    # a line per message received: its Message-ID, a digest, and the handler's own words
    "inbound.InboundMessage": {"message_id", "address_digest", "purpose", "reason"},
    "inbound.Confirmation": {"period"},  # the reminder's period, as the reply token gave it
    "mentoring.Invitation": {"token_hash"},
    "meetings.Session": {"uid"},  # the iCalendar UID, made by the app
    "reminders.Reminder": {"period", "subject", "url"},
    "reminders.Delivery": {"last_error"},
    "reminders.Moment": {"source", "last_period"},
    "reminders.DispatcherState": {"last_error"},
    "accounts.User": {"password", "email", "time_zone"},  # allauth's and a zone list's own
}


def project_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("apps."):
            continue
        for field in model._meta.concrete_fields:
            if field.name not in WRITTEN_BY_THE_APP.get(model._meta.label, set()):
                yield model, field


def test_every_text_a_person_writes_has_a_limit_and_refuses_nul():
    unguarded = []
    for model, field in project_fields():
        if field.choices or isinstance(field, models.EmailField | models.URLField):
            continue  # a choice, or a validator of Django's that refuses control characters
        validators = field.validators
        if isinstance(field, models.TextField):
            has_limit = any(isinstance(v, MaxLengthValidator) for v in validators)
            refuses_nul = any(isinstance(v, ProhibitNullCharactersValidator) for v in validators)
            if not (has_limit and refuses_nul):
                unguarded.append(f"{model._meta.label}.{field.name}")
        elif isinstance(field, models.CharField) and not any(
            isinstance(v, OneLine) for v in validators
        ):
            unguarded.append(f"{model._meta.label}.{field.name}")
    assert not unguarded, f"give these fields a limit from apps.core.limits: {unguarded}"


LENGTHS = {
    name: value for name, value in vars(limits).items() if name.endswith("_LENGTH") and value < 1000
}


def test_every_line_a_person_writes_is_as_long_as_a_limit_in_apps_core_limits_says():
    """One length per kind of line (a tag, a label, a person's name, a title, a link), so the
    column, the form, the API and the import agree, and the guide can say where they come from."""
    literal = [
        f"{model._meta.label}.{field.name} ({field.max_length})"
        for model, field in project_fields()
        if isinstance(field, models.CharField)
        and not isinstance(field, models.EmailField)  # RFC 5321's 254, Django's own
        and not field.choices
        and field.max_length not in LENGTHS.values()
    ]
    assert not literal, f"take these lengths from apps.core.limits ({LENGTHS}): {literal}"


def test_every_date_lies_between_1900_and_2999():
    """Every calendar date (moments the app stamps itself, such as a sign-in, are not written by
    anyone), and the one moment an import brings, a check-in's."""
    unguarded = [
        f"{model._meta.label}.{field.name}"
        for model, field in project_fields()
        if (
            (isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField))
            or (model._meta.label, field.name) == ("checkins.CheckIn", "created_at")
        )
        and not any(isinstance(v, WithinSupportedDates) for v in field.validators)
    ]
    assert not unguarded, f"give these dates apps.core.limits.date_validators(): {unguarded}"


# The API, endpoint by endpoint: every text and date field a client can write.
def api_fields():
    for prefix, viewset, basename in router.registry:
        serializer = viewset.serializer_class()
        for name, field in serializer.fields.items():
            if not field.read_only:
                yield basename, prefix, name, field


@pytest.fixture
def owner_api():
    sample, users = world()
    client = APIClient()
    client.force_authenticate(users["owner"])
    return client, sample


def changeable(basename: str) -> bool:
    """Whether the API lets the owner change an object of `basename` (some are only created and
    deleted: their texts are checked on creation below)."""
    viewset = dict((b, v) for _p, v, b in router.registry)[basename]
    allowed = getattr(viewset, "http_method_names", ["patch"])
    update = getattr(viewset, "update_item", PlanViewSet.update_item)
    return "patch" in allowed and update is not PlanViewSet.update_item


def sample_of(sample, basename: str):
    """The world's object of the endpoint's model (the plan's own)."""
    viewset = dict((b, v) for _p, v, b in router.registry)[basename]
    model = viewset.serializer_class.Meta.model
    return next(value for value in vars(sample).values() if isinstance(value, model))


@pytest.mark.parametrize(
    ("endpoint", "body"),
    [
        ("interactions", {"date": "2026-01-05", "kind": "call", "notes": "a\x00b"}),
        ("check-ins", {"north_star_progress": 3, "job_or_career": 3, "next_step": "a\r\nb"}),
        ("comments", {"item_kind": "milestone", "body": "x" * 20_001}),
    ],
)
def test_the_api_refuses_bad_text_in_what_it_only_creates(owner_api, endpoint, body):
    client, sample = owner_api
    body = {**body, "contact": sample.contact.pk, "item_id": sample.milestone.pk}

    response = client.post(f"/api/v1/{endpoint}/", body, format="json")

    assert response.status_code == 400, response.content


def bad_values(field) -> list:
    if isinstance(field, serializers.DateField):
        return ["9999-12-31", "1899-12-31"]
    if isinstance(field, serializers.ListField):
        return [["bad\x00tag"], ["two\r\nlines"]]
    if isinstance(field, serializers.CharField) and not isinstance(field, serializers.ChoiceField):
        return ["nul\x00byte", "x" * 20_001]
    return []


@pytest.mark.parametrize(
    ("basename", "prefix", "name"),
    [(b, p, n) for b, p, n, f in api_fields() if bad_values(f) and changeable(b)],
    ids=lambda value: str(value),
)
def test_the_api_refuses_what_the_forms_refuse(owner_api, basename, prefix, name):
    """Every writable text and date of every object the API lets its owner change."""
    client, sample = owner_api
    field = dict((n, f) for b, _p, n, f in api_fields() if b == basename)[name]
    url = f"/api/v1/{prefix}/{sample_of(sample, basename).pk}/"
    before = client.get(url).json()

    for value in bad_values(field):
        response = client.patch(url, {name: value}, format="json")

        assert response.status_code == 400, (name, value, response.content)
        assert response.json(), "a 400 names what is wrong"
    assert client.get(url).json() == before


def test_an_interaction_dated_9999_is_a_400_not_a_500(owner_api):
    client, sample = owner_api

    response = client.post(
        "/api/v1/interactions/",
        {"contact": sample.contact.pk, "date": "9999-12-31", "kind": "call"},
        format="json",
    )

    assert response.status_code == 400
    assert "Choose a date between" in response.json()["date"][0]


def test_a_body_of_100000_brackets_is_a_400_in_json(owner_api):
    client, _sample = owner_api

    response = client.post(
        "/api/v1/milestones/", "[" * 100_000 + "]" * 100_000, content_type="application/json"
    )

    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_a_form_refuses_a_date_outside_the_limits(user_client):
    response = user_client.post(
        reverse("milestones:create"),
        {
            "title": "Far away",
            "horizon": 20,
            "kind": "goal",
            "target_date": "9999-12-31",
            "status": "planned",
            "progress": 0,
        },
    )

    assert response.status_code == 200
    assert "Choose a date between 1 January 1900 and 31 December 2999." in response.content.decode()
    assert not Milestone.objects.exists()


@pytest.mark.parametrize("extreme", [EARLIEST_DATE, LATEST_DATE])
def test_a_plan_at_the_date_limits_breaks_no_page_feed_export_or_dispatch(client, extreme):
    sample, users = world()
    owner = users["owner"]
    for model in apps.get_models():
        dates = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.DateField)
            and not isinstance(f, models.DateTimeField)
            and any(isinstance(v, WithinSupportedDates) for v in f.validators)
        ]
        if not (dates and hasattr(model, "OWNER_PATH")):
            continue
        for row in model.objects.filter(**{model.OWNER_PATH: owner}).values("pk", *dates):
            model.objects.filter(pk=row.pop("pk")).update(
                **{name: extreme for name, value in row.items() if value is not None}
            )

    for role in ("owner", "mentor"):
        client.force_login(users[role])
        for name, url in get_urls(sample):
            assert client.get(url).status_code < 500, name
    client.force_login(owner)
    assert client.get(reverse("dataio:calendar_feed", args=[sample.feed_key])).status_code == 200
    assert client.post(reverse("dataio:export")).status_code == 200
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC)):
        reminders_dispatch()


def test_markdown_over_the_limit_is_refused_by_name(user_client):
    response = user_client.post(
        reverse("milestones:create"),
        {
            "title": "Long",
            "horizon": 1,
            "kind": "goal",
            "status": "planned",
            "progress": 0,
            "description": "a" * 20_001,
        },
    )

    assert "at most 20000 characters (it has 20001)" in response.content.decode()
    assert not Milestone.objects.exists()


def test_a_longer_text_saved_before_the_limit_stays_readable_and_savable(user_client, user):
    milestone = milestone_services.milestone_create(owner=user, title="Old", horizon=1)
    step = milestone_services.step_create(milestone=milestone, title="First")
    legacy = "A line of an old description.\n\n" * 80_000  # 2.4 MB, from before the limit
    Milestone.objects.filter(pk=milestone.pk).update(description=legacy)

    started = time.perf_counter()
    page = user_client.get(reverse("milestones:detail", args=[milestone.pk]))
    rendered_in = time.perf_counter() - started
    ticked = user_client.post(reverse("milestones:step_toggle", args=[step.pk]), {"done": "true"})

    assert page.status_code == 200 and "A line of an old description." in page.content.decode()
    assert rendered_in < 5  # plain paragraphs, not parsed as Markdown (it took 24 s)
    assert ticked.status_code == 302
    milestone.refresh_from_db()
    assert milestone.progress == 100 and milestone.description == legacy


def test_an_address_book_of_more_than_10000_rows_is_refused_by_name(user_client):
    rows = "".join(f"Ada{n},Lovelace,,,,,\n" for n in range(10_001))
    csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows
    upload = io.BytesIO(csv.encode())
    upload.name = "Connections.csv"

    response = user_client.post(reverse("network:import"), {"file": upload})

    assert "an import takes at most 10,000" in response.content.decode()


def test_the_export_document_stays_within_what_the_import_takes(user):
    one_of_everything(user)
    document = portability.export_document(user)

    assert json.loads(json.dumps(document))["version"] == portability.VERSION
