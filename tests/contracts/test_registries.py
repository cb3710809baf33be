"""Adding an area or a reminder kind is one registration: a throwaway area and a throwaway kind,
registered inside the test (register_temporarily, as wagtail's hooks offer), appear everywhere
the app goes over every area or kind: navigation, comments, the recap, the mentee page, the
export, the API schema and the URL × role matrix, the reminder settings and email. And an area
the mentor can be shared is complete: the completeness test names what one lacks."""

import datetime
import importlib

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import get_template
from django.urls import clear_url_caches, reverse
from django.utils import timezone
from rest_framework import serializers

import careerbuilder.urls as project_urls
from apps.api import urls as api_urls
from apps.core import areas
from apps.core.changes import PROVIDERS, Change, provides
from apps.dashboard.models import SetupSkip
from apps.dataio import portability
from apps.mentoring.forms import MarkReadForm
from apps.reminders import kinds, services
from apps.reminders.models import Reminder
from apps.reminders.moments import Next, Person
from apps.sharing.api import PlanViewSet
from tests.conftest import checkin_due_now
from tests.contracts.test_url_access import api_rules, statuses
from tests.factories import CheckInFactory, MentorshipFactory, UserFactory
from tests.urlconf import project_routes
from tests.worlds import one_of_everything, world

pytestmark = pytest.mark.django_db


def api_models(area) -> set:
    return {route.viewset.serializer_class.Meta.model for route in area.api}


def missing_parts(area) -> list[str]:
    """What an area a mentor can be shared lacks of what every such area has."""
    missing = []
    if not area.mentee_template or area.mentee_context is None:
        missing.append("its part of the mentee page (mentee_template and mentee_context)")
    else:
        get_template(area.mentee_template)
    if not area.commentable:
        missing.append("items people comment on (commentable)")
    if not area.export:
        missing.append("export sections (export)")
    if area.key not in PROVIDERS:
        missing.append("a changes provider (@provides in its changes.py)")
    unreachable = set(area.commentable_models.values()) - api_models(area)
    if unreachable:
        missing.append(f"API viewsets (api) for {sorted(m.__name__ for m in unreachable)}")
    return missing


@pytest.mark.parametrize("area", areas.plan_areas(), ids=lambda area: area.key)
def test_every_area_a_mentor_can_be_shared_has_every_part(area):
    if area.shared_area is None:
        pytest.skip(f"{area.key} is no part of the plan a mentor sees")
    missing = missing_parts(area)
    assert not missing, f"the {area.key} area lacks: {'; '.join(missing)}"


@pytest.mark.parametrize("level", ["fast", "full"])
def test_one_of_everything_holds_a_row_of_every_kind_an_area_exports(level):
    owner = UserFactory()
    plan = one_of_everything(owner, level=level)
    empty = [
        section.name
        for section in areas.export_sections()
        if not section.model_class.objects.filter(**{section.owner_path: owner}).exists()
    ]
    assert not empty, f"tests/worlds.py one_of_everything({level!r}) makes no {empty}"
    assert set(vars(plan)) == set(vars(one_of_everything(UserFactory(), level="full")))


def test_the_completeness_test_names_what_an_area_lacks():
    half_done = areas.PlanArea(
        key="half",
        label="Half",
        url_name="dashboard",
        order=98,
        shared_area="vision",
        commentable={"setupskip": "dashboard.SetupSkip"},
    )
    assert missing_parts(half_done) == [
        "its part of the mentee page (mentee_template and mentee_context)",
        "export sections (export)",
        "a changes provider (@provides in its changes.py)",
        "API viewsets (api) for ['SetupSkip']",
    ]


class ThrowawaySerializer(serializers.ModelSerializer):
    class Meta:
        model = SetupSkip
        fields = ["id", "step"]


class ThrowawayViewSet(PlanViewSet):
    base_queryset = SetupSkip.objects.all()
    serializer_class = ThrowawaySerializer


THROWAWAY = areas.PlanArea(
    key="throwaway",
    label="Throwaway",
    url_name="dashboard",
    order=99,
    shared_area="vision",
    commentable={"setupskip": "dashboard.SetupSkip"},
    export=(
        areas.ExportSection(
            name="throwaway_skips",
            model="dashboard.SetupSkip",
            owner_path="owner",
            fields=("step",),
        ),
    ),
    recap="throwaway",
    mentee_template="throwaway/_mentee.html",
    mentee_context=lambda *, owner: {
        "throwaway_skips": list(SetupSkip.objects.filter(owner=owner))
    },
    api=(areas.ApiRoute("throwaway-skips", ThrowawayViewSet, "throwaway"),),
)


def throwaway_changes(*, owner_id, since):
    return [Change("vision", timezone.now(), "Threw something away", "/throwaway/")]


def reload_urlconf() -> None:
    """Builds the URLconf again (the API router reads the registry when it is imported)."""
    importlib.reload(api_urls)
    importlib.reload(project_urls)
    clear_url_caches()


@pytest.fixture
def throwaway_area(monkeypatch):
    monkeypatch.setattr(SetupSkip, "SHARED_AREA", "vision", raising=False)  # the area it joins
    with areas.register_temporarily(THROWAWAY):
        provides("throwaway")(throwaway_changes)
        reload_urlconf()
        try:
            yield THROWAWAY
        finally:
            PROVIDERS.pop("throwaway", None)
    reload_urlconf()


def test_a_throwaway_area_appears_in_navigation_comments_recap_and_mentee_page(
    throwaway_area, client
):
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        mentee = UserFactory()
        CheckInFactory(owner=mentee)
    SetupSkip.objects.create(owner=mentee, step="values")
    mentor = UserFactory()
    MentorshipFactory(mentee=mentee, mentor=mentor)

    client.force_login(mentee)
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert ">Throwaway<" in dashboard  # in the navigation
    recap = client.get(reverse("checkins:create")).content.decode()
    assert "Threw something away" in recap  # since the last check-in
    # a kind of item comments are on: marked read by kind, and the API's item_kind
    assert "setupskip" in dict(MarkReadForm().fields["kind"].choices)
    assert areas.commentable()["setupskip"] is SetupSkip

    client.force_login(mentor)
    page = client.get(reverse("mentoring:mentee", args=[mentee.pk])).content.decode()
    assert "Skipped steps: 1" in page


def test_a_throwaway_area_goes_out_and_comes_back_in_the_export(throwaway_area, client):
    user = UserFactory()
    SetupSkip.objects.create(owner=user, step="values")
    document = portability.export_document(user)
    assert document["throwaway_skips"] == [
        {"id": document["throwaway_skips"][0]["id"], "step": "values"}
    ]

    newcomer = UserFactory()
    client.force_login(newcomer)
    upload = SimpleUploadedFile("plan.zip", portability.export_zip(user))
    assert client.post(reverse("dataio:import"), {"file": upload}).status_code == 200
    assert list(SetupSkip.objects.filter(owner=newcomer).values_list("step", flat=True)) == [
        "values"
    ]


def test_a_throwaway_area_appears_in_the_api_schema_and_the_url_role_matrix(throwaway_area, client):
    sample, users = world()
    sample.throwaway_skip = SetupSkip.objects.create(owner=users["owner"], step="values")

    schema = client.get(reverse("api:schema")).content.decode()
    assert "/api/v1/throwaway-skips/{id}/" in schema

    routes = {route.name for route in project_routes()}
    assert {"api:throwaway-list", "api:throwaway-detail"} <= routes
    rules = api_rules(api_urls.router.registry)
    for name in ("api:throwaway-list", "api:throwaway-detail"):
        assert statuses(client, users, name, rules[name], sample) == rules[name][2]


def throwaway_load(found, now, chosen):
    for person in found.values():
        person.facts["throwaway"] = True


def throwaway_next(person: Person, _, now, last: str) -> Next | None:
    due = kinds.Due(person.user.pk, "throwaway", "throwaway:1", "Throw it away", "/")
    if last == "throwaway|throwaway:1":
        return None
    return Next(now - datetime.timedelta(minutes=1), due)


THROWAWAY_SOURCE = kinds.Source(
    key="throwaway",
    order=99,
    kinds=(
        kinds.Kind(
            key="throwaway",
            label="Throwaway nudges",
            rule="Whenever a test says so.",
            setting="certification",
            off=False,
            button="Open the throwaway",
            importance=1,
        ),
    ),
    load=throwaway_load,
    next_of=throwaway_next,
)


def test_a_throwaway_reminder_kind_appears_in_the_settings_and_the_email(
    throwaway_area, client, mailoutbox
):
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        user = UserFactory()
        CheckInFactory(owner=user)
    checkin_due_now(user)
    with kinds.register_temporarily(THROWAWAY_SOURCE):
        client.force_login(user)
        settings_page = client.get(reverse("reminders:preferences")).content.decode()
        assert "Throwaway nudges" in settings_page and "Whenever a test says so." in settings_page

        services.reminders_dispatch()

    assert Reminder.objects.filter(user=user, kind="throwaway").exists()
    [email] = mailoutbox
    assert email.subject.startswith("[careerbuilder] Throw it away")  # the most important
    assert "Throwaway nudges" in email.body  # its section; the check-in it carries is the button
    assert "Check in now" in email.body and "Open the throwaway" not in email.body
    assert "Threw something away" in email.body  # the area's news, since the last check-in
