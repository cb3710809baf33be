"""Cheers: a mentor reacts to a mentee's milestone done or check-in; she sees it on the item's
page, her brag document counts it as recognition, and it is hers in her export (the mentor kept
by name). Only a mentor who may see the item cheers it; nobody cheers their own plan."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.accounts.audit import Actor
from apps.dataio import portability
from apps.mentoring import services
from apps.mentoring.models import Cheer
from apps.milestones import services as milestone_services
from apps.record.selectors import evidence_lines
from apps.sharing import services as sharing_services
from tests.factories import CheckInFactory, MentorshipFactory, MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maya():
    return UserFactory(display_name="Maya Okafor")


@pytest.fixture
def sam(maya):
    sam = UserFactory(display_name="Sam Lee")
    MentorshipFactory(mentee=maya, mentor=sam)
    return sam


@pytest.fixture
def done(maya):
    milestone = MilestoneFactory(owner=maya, title="Speak at PyData", horizon=5)
    return milestone_services.milestone_set_status(milestone=milestone, status="done")


def cheer(client, who, kind, item, reaction="applause"):
    client.force_login(who)
    return client.post(reverse("mentoring:cheer", args=[kind, item.pk]), {"reaction": reaction})


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def test_a_mentor_cheers_a_milestone_done_and_the_mentee_sees_it(client, maya, sam, done):
    response = cheer(client, sam, "milestone", done)

    assert response.url == done.get_absolute_url() + "#cheers"
    assert Cheer.objects.get().owner == maya
    client.force_login(maya)
    page = client.get(done.get_absolute_url()).content.decode()
    assert "👏 Applause from Sam Lee" in page
    assert 'name="reaction"' not in page  # nobody cheers their own plan


def test_the_mentor_sees_the_buttons_and_which_one_he_chose(client, sam, done):
    client.force_login(sam)
    assert 'aria-pressed="true"' not in client.get(done.get_absolute_url()).content.decode()

    cheer(client, sam, "milestone", done, "celebrate")

    page = client.get(done.get_absolute_url()).content.decode()  # the cached fragment is retired
    assert page.count('name="reaction"') == 3
    assert 'value="celebrate" aria-pressed="true"' in page


def test_the_same_reaction_again_takes_the_cheer_back_and_another_replaces_it(sam, done):
    services.cheer_toggle(actor=Actor(sam), item=done, reaction="applause")
    services.cheer_toggle(actor=Actor(sam), item=done, reaction="keep_going")
    assert list(Cheer.objects.values_list("reaction", flat=True)) == ["keep_going"]

    assert services.cheer_toggle(actor=Actor(sam), item=done, reaction="keep_going") is None
    assert not Cheer.objects.exists()


def test_any_check_in_can_be_cheered(client, maya, sam):
    checkin = CheckInFactory(owner=maya)

    cheer(client, sam, "checkin", checkin, "keep_going")

    assert Cheer.objects.get().checkin == checkin


def test_a_milestone_not_done_is_not_cheered_yet(client, maya, sam):
    milestone = MilestoneFactory(owner=maya, status="in_progress")

    response = cheer(client, sam, "milestone", milestone)

    assert messages_of(response) == ["A milestone is cheered once it is done."]
    assert not Cheer.objects.exists()
    assert 'name="reaction"' not in client.get(milestone.get_absolute_url()).content.decode()


def test_nobody_cheers_their_own_plan(client, maya, done):
    assert cheer(client, maya, "milestone", done).status_code == 404
    with pytest.raises(PermissionDenied):
        services.cheer_toggle(actor=Actor(maya), item=done, reaction="applause")


@pytest.mark.parametrize("who", ["unshared", "former", "stranger"])
def test_only_a_mentor_who_sees_the_item_cheers_it(client, maya, done, who):
    other = UserFactory()
    if who == "unshared":
        MentorshipFactory(mentee=maya, mentor=other, share_milestones=False)
    elif who == "former":
        mentorship = MentorshipFactory(mentee=maya, mentor=other)
        sharing_services.mentorship_end(mentorship=mentorship, actor=Actor(maya))

    assert cheer(client, other, "milestone", done).status_code == 404
    with pytest.raises(PermissionDenied):
        services.cheer_toggle(actor=Actor(other), item=done, reaction="applause")
    assert not Cheer.objects.exists()


def test_an_unknown_reaction_or_kind_is_refused(client, sam, done):
    assert messages_of(cheer(client, sam, "milestone", done, "thumbs_down")) == [
        "Choose a reaction."
    ]
    assert cheer(client, sam, "contact", done).status_code == 404
    with pytest.raises(ValidationError):
        services.cheer_toggle(actor=Actor(sam), item=done, reaction="thumbs_down")


def test_the_database_refuses_a_cheer_on_both_or_neither(maya, done):
    checkin = CheckInFactory(owner=maya)
    for items in ({"milestone": done, "checkin": checkin}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Cheer.objects.create(owner=maya, mentor_name="Sam", reaction="applause", **items)


def test_the_brag_document_counts_cheers_as_recognition(maya, sam, done):
    checkin = CheckInFactory(owner=maya)
    with time_machine.travel("2026-05-04 10:00:00+00:00", tick=False):
        services.cheer_toggle(actor=Actor(sam), item=done, reaction="celebrate")
        services.cheer_toggle(actor=Actor(sam), item=checkin, reaction="applause")

    lines = evidence_lines(
        owner=maya, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31)
    )

    recognition = {
        (line["text"], line["horizon"]) for line in lines if line["heading"] == "Recognition"
    }
    assert recognition == {
        ("🎉 Celebrate from Sam Lee on “Speak at PyData”", 5),
        (f"👏 Applause from Sam Lee on “{checkin}”", None),
    }


def test_cheers_travel_with_her_export_and_come_back_with_the_mentor_by_name(maya, sam, done):
    checkin = CheckInFactory(owner=maya)
    services.cheer_toggle(actor=Actor(sam), item=done, reaction="celebrate")
    services.cheer_toggle(actor=Actor(sam), item=checkin, reaction="applause")
    document = portability.export_document(maya)
    assert {(row["mentor_name"], row["reaction"]) for row in document["cheers"]} == {
        ("Sam Lee", "celebrate"),
        ("Sam Lee", "applause"),
    }
    newcomer = UserFactory()

    portability.import_zip(newcomer, portability.export_zip(maya))

    restored = Cheer.objects.filter(owner=newcomer)
    assert {(c.mentor, c.mentor_name, c.reaction) for c in restored} == {
        (None, "Sam Lee", "celebrate"),
        (None, "Sam Lee", "applause"),
    }
    assert {c.item.owner for c in restored} == {newcomer}
