"""A check-in answered from the reminder email: the first question's answer is a tap on a link,
the page it opens saves with one more tap, without logging in; opening a link changes nothing,
and a period gets at most one check-in this way."""

import datetime
import re

import pytest
import time_machine
from django.db import models
from django.urls import reverse

from apps.checkins.models import CheckIn, CheckInRhythm, Mood
from apps.milestones.services import milestone_set_status
from apps.reminders import services
from apps.reminders.links import make_checkin_link
from apps.reminders.models import Reminder
from tests.factories import MilestoneFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY_NINE_LONDON = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
LATER = MONDAY_NINE_LONDON + datetime.timedelta(hours=3)


@pytest.fixture
def maya():
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        return UserFactory(time_zone="Europe/London")


def dispatch(at):
    with time_machine.travel(at, tick=False):
        services.reminders_dispatch()


def parts(message) -> tuple[str, str]:
    text, html = (part.get_payload(decode=True).decode() for part in message.get_payload())
    return text.replace("\r\n", "\n"), html


def score_links(text: str) -> dict[int, str]:
    found = re.findall(r"^\s+([1-5]) \([^)]*\): (\S+)$", text, re.MULTILINE)
    return {int(score): link.split("127.0.0.1:8000", 1)[1] for score, link in found}


@pytest.fixture
def links(smtp, maya) -> dict[int, str]:
    dispatch(MONDAY_NINE_LONDON)
    text, html = parts(smtp.messages[0])
    assert "How far did you move toward your North Star?" in text
    assert "How far did you move toward your North Star?" in html
    found = score_links(text)
    assert sorted(found) == [1, 2, 3, 4, 5]
    for link in found.values():
        assert link.replace("&", "&amp;") in html
    return found


def test_one_tap_in_the_email_and_one_on_the_page_save_a_check_in(django_app, links, maya):
    with time_machine.travel(LATER):
        page = django_app.get(links[4])
        form = page.forms[0]
        assert form["north_star_progress"].value == "4"
        assert "Did you just do your job, or build your career?" in page.text
        saved = form.submit("job_or_career", index=2).follow()  # the button "3"

    checkin = CheckIn.objects.get(owner=maya)
    assert (checkin.north_star_progress, checkin.job_or_career) == (4, 3)
    assert Reminder.objects.get(user=maya, kind="checkin").checkin == checkin
    assert "Check-in saved." in saved.text
    assert "4 of 5 toward your North Star" in saved.text


def test_opening_the_links_changes_nothing(django_app, links, maya):
    with time_machine.travel(LATER):
        for link in links.values():
            assert django_app.get(link).status_code == 200
            django_app.head(link)

    assert not CheckIn.objects.exists()


def test_a_second_tap_shows_the_check_in_and_edits_the_same_one(django_app, links, maya):
    with time_machine.travel(LATER):
        django_app.get(links[2]).forms[0].submit("job_or_career", index=0)
        again = django_app.get(links[5], user=maya.email)
        assert "2 of 5 toward your North Star" in again.text
        form = checkin_form(again)
        form["learned"] = "How to say no to a meeting."
        form["next_step"] = "Draft the talk outline"
        form.submit(user=maya.email).follow(user=maya.email)

    checkin = CheckIn.objects.get(owner=maya)
    assert checkin.north_star_progress == 2
    assert checkin.learned == "How to say no to a meeting."
    assert checkin.next_step == "Draft the talk outline"


def test_two_tabs_answering_at_once_make_one_check_in(django_app, links, maya):
    with time_machine.travel(LATER):
        first, second = django_app.get(links[3]).forms[0], django_app.get(links[4]).forms[0]
        first.submit("job_or_career", index=4)
        second.submit("job_or_career", index=1)

    checkin = CheckIn.objects.get(owner=maya)
    assert (checkin.north_star_progress, checkin.job_or_career) == (4, 2)


def test_the_web_form_keeps_allowing_more_check_ins(client, django_app, links, maya):
    with time_machine.travel(LATER):
        django_app.get(links[3]).forms[0].submit("job_or_career", index=4)
        client.force_login(maya)
        client.post(
            reverse("checkins:create"), {"north_star_progress": 2, "job_or_career": 2, "mood": 3}
        )

    assert CheckIn.objects.filter(owner=maya).count() == 2


def test_the_link_ends_with_its_period(django_app, links, maya):
    with time_machine.travel(MONDAY_NINE_LONDON + datetime.timedelta(days=7, hours=1)):
        page = django_app.get(links[3], status=400)

    assert "The period of this check-in has ended." in page.text
    assert not CheckIn.objects.exists()


def test_the_trend_shows_to_its_owner_only(django_app, links, maya):
    with time_machine.travel("2026-02-20 12:00:00+00:00"):
        CheckIn.objects.create(owner=maya, north_star_progress=2, job_or_career=2)
    with time_machine.travel(LATER):
        django_app.get(links[4]).forms[0].submit("job_or_career", index=3)
        assert "Your trend" not in django_app.get(links[4]).text
        assert "Your trend" in django_app.get(links[4], user=maya.email).text


SCORES = {"north_star_progress", "job_or_career"}


@pytest.fixture
def answered(django_app, links, maya):
    """Maya's check-in of the period, answered in full, after one that named a next step; every
    text she wrote in it is a word that must not leak."""
    with time_machine.travel("2026-02-23 12:00:00+00:00"):
        CheckIn.objects.create(
            owner=maya, north_star_progress=3, job_or_career=3, next_step="secret-previous-step"
        )
    with time_machine.travel(LATER):
        django_app.get(links[4]).forms[0].submit("job_or_career", index=1)
    checkin = Reminder.objects.get(user=maya, kind="checkin").checkin
    texts = [
        field.name
        for field in CheckIn._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]
    for name in texts:
        if name != "previous_step":
            setattr(checkin, name, f"secret-{name.replace('_', '-')}")
    checkin.mood = Mood.GREAT
    checkin.save()
    assert {"learned", "network", "next_step", "notes", "previous_step"} <= set(texts)
    return {name: getattr(checkin, name) for name in texts}


def checkin_form(page):
    """The check-in's form (a signed-in page has others, such as signing out)."""
    return next(form for form in page.forms.values() if "step" in form.fields)


def fields(*forms) -> set[str]:
    return {name for form in forms for name in form.fields if name}


@pytest.mark.parametrize("viewer", ["signed out", "another user"])
def test_without_its_owner_signed_in_the_link_shows_only_the_scores(
    django_app, links, answered, viewer
):
    user = UserFactory().email if viewer == "another user" else None
    with time_machine.travel(LATER):
        page = django_app.get(links[5], user=user)

    assert "4 of 5 toward your North Star, 2 of 5 career" in page.text
    for text in answered.values():
        assert text not in page.text
    assert "Last time you said you would" not in page.text
    assert fields(checkin_form(page)) == SCORES | {"csrfmiddlewaretoken", "step"}
    assert not fields(*page.forms.values()) & {"learned", "network", "next_step", "notes", "mood"}
    assert "sign in" in page.text


@pytest.mark.parametrize("viewer", ["signed out", "another user"])
def test_without_its_owner_signed_in_the_link_changes_only_the_scores(
    django_app, links, maya, answered, viewer
):
    user = UserFactory().email if viewer == "another user" else None
    with time_machine.travel(LATER):
        form = checkin_form(django_app.get(links[5], user=user))
        form["north_star_progress"] = "5"
        form.submit(user=user).follow(user=user)
        django_app.post(
            links[5].split("?")[0],
            {
                "step": "details",
                "north_star_progress": 1,
                "job_or_career": 1,
                "learned": "",
                "next_step": "",
                "notes": "",
                "mood": 1,
                "csrfmiddlewaretoken": form["csrfmiddlewaretoken"].value,
            },
            user=user,
        )

    checkin = CheckIn.objects.filter(owner=maya).first()
    assert (checkin.north_star_progress, checkin.job_or_career) == (1, 1)
    assert {name: getattr(checkin, name) for name in answered} == answered
    assert checkin.mood == Mood.GREAT


def test_the_owner_signed_in_sees_and_edits_the_whole_check_in(django_app, links, maya, answered):
    with time_machine.travel(LATER):
        page = django_app.get(links[5], user=maya.email)

    for name, text in answered.items():
        assert text in page.text, name
    assert SCORES | {"learned", "network", "next_step", "notes", "mood"} <= fields(
        checkin_form(page)
    )


@pytest.mark.parametrize("tamper", ["forged", "altered", "another user's period", "deactivated"])
def test_a_bad_link_is_refused_and_saves_nothing(django_app, links, maya, tamper):
    link = links[3]
    if tamper == "forged":
        link = reverse("reminders:checkin", args=["eyJ1IjoxfQ:1abc:forgedsignature"])
    elif tamper == "altered":
        link = link.replace("/checkin/ey", "/checkin/eX")
    elif tamper == "another user's period":
        other = UserFactory(time_zone="Europe/London")
        link = make_checkin_link(user=other, period="checkin:2026-03-02").split("8000", 1)[1]
    else:
        maya.is_active = False
        maya.save()

    with time_machine.travel(LATER):
        response = django_app.get(link, status=400)
        posted = django_app.post(
            link, {"north_star_progress": 3, "job_or_career": 3}, expect_errors=True
        )

    assert posted.status_code in (400, 403)  # refused, or refused its missing CSRF token
    assert "not valid or has expired" in response.text or "has ended" in response.text
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("score", ["0", "6", "x", "", "3.5"])
def test_a_score_out_of_range_chooses_nothing(django_app, links, maya, score):
    with time_machine.travel(LATER):
        page = django_app.get(links[3].split("?")[0] + f"?score={score}")
        assert page.forms[0]["north_star_progress"].value is None
        answered = page.forms[0].submit("job_or_career", index=2)

    assert answered.status_code == 200
    assert "This field is required." in answered.text
    assert not CheckIn.objects.exists()


def test_an_email_without_a_check_in_asks_nothing(smtp, maya):
    CheckInRhythm.objects.create(user=maya, checkin_cadence="off")
    with time_machine.travel("2026-01-06 12:00:00+00:00", tick=False):
        MilestoneFactory(owner=maya, target_date=datetime.date(2026, 3, 1))
    dispatch(MONDAY_NINE_LONDON)

    text, html = parts(smtp.messages[0])
    assert "North Star?" not in text
    assert "/reminders/checkin/" not in html


def test_the_page_then_asks_whether_last_times_step_happened(django_app, links, maya):
    with time_machine.travel("2026-02-23 12:00:00+00:00"):
        CheckIn.objects.create(
            owner=maya, north_star_progress=3, job_or_career=3, next_step="Ask Ada for feedback"
        )
    with time_machine.travel(LATER):
        page = django_app.get(links[4], user=maya.email)
        details = checkin_form(page).submit("job_or_career", index=3, user=maya.email)
        details = details.follow(user=maya.email)
        assert "Last time you said you would: “Ask Ada for feedback”" in details.text
        form = checkin_form(details)
        form["previous_step_outcome"] = "done"
        form.submit(user=maya.email).follow(user=maya.email)

    latest = CheckIn.objects.filter(owner=maya).first()
    assert (latest.previous_step, latest.previous_step_outcome) == ("Ask Ada for feedback", "done")


def test_the_email_recalls_last_times_step(smtp, maya):
    with time_machine.travel("2026-02-23 12:00:00+00:00"):
        CheckIn.objects.create(
            owner=maya,
            north_star_progress=3,
            job_or_career=3,
            next_step="Ask Ada <b>for</b> feedback",
        )
    dispatch(MONDAY_NINE_LONDON)

    text, html = parts(smtp.messages[0])
    assert "Last time you said you would: Ask Ada <b>for</b> feedback. Did it happen?" in text
    assert "Ask Ada &lt;b&gt;for&lt;/b&gt; feedback" in html


def test_what_happened_since_shows_to_the_owner_signed_in_only(django_app, links, maya):
    milestone = MilestoneFactory(owner=maya, title="Speak at PyData")
    with time_machine.travel(LATER - datetime.timedelta(days=1)):
        milestone_set_status(milestone=milestone, status="done")
    with time_machine.travel(LATER):
        assert "Done: Speak at PyData" not in django_app.get(links[3]).text
        assert "Done: Speak at PyData" in django_app.get(links[3], user=maya.email).text


def test_the_email_tells_what_happened_since_the_last_check_in(smtp, maya):
    with time_machine.travel("2026-02-23 12:00:00+00:00"):
        CheckIn.objects.create(owner=maya, north_star_progress=3, job_or_career=3)
        milestone = MilestoneFactory(owner=maya, title="Speak at <PyData>")
    with time_machine.travel("2026-02-27 12:00:00+00:00"):
        milestone_set_status(milestone=milestone, status="done")
    dispatch(MONDAY_NINE_LONDON)

    text, html = parts(smtp.messages[0])
    assert "Since your last check-in:\n- Done: Speak at <PyData>: http" in text
    assert f"/milestones/{milestone.pk}/" in text
    assert "Done: Speak at &lt;PyData&gt;" in html
