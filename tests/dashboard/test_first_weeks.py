"""The first two weeks (issue #19): a lighter first run, defaults that fit, lists that tell the
truth, mentors landing on their mentees, and sign-up emails that name the site."""

import datetime
import io
import itertools
import json
import re
import zipfile

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from apps.dataio import portability
from apps.milestones.models import Milestone
from apps.milestones.roadmap import CHAR_WIDTH
from apps.milestones.selectors import milestone_overview
from apps.network.services import contact_refresh_keep_in_touch
from apps.vision import selectors as vision_selectors
from apps.vision.models import LedgerEntry, VisionRevision
from tests.factories import (
    ContactFactory,
    HorizonFactory,
    InteractionFactory,
    JobFactory,
    LedgerEntryFactory,
    MentorshipFactory,
    MilestoneFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
GUIDE = "?next=%2Fstart%2F"


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# The vision step


def test_the_vision_step_asks_one_question_first_with_an_example(user_client):
    html = page(user_client, reverse("vision:edit") + GUIDE)

    first = html.split('class="panel first-question"')[1].split("</fieldset>")[0]
    assert "Where do you want to be in 5 years?" in first
    assert "For example:" in first and 'name="north_star"' in first
    folded = html.split('class="panel other-horizons"')[1].split("</details>")[0]
    assert 'name="h1-statement"' in folded and 'name="h20-statement"' in folded
    assert not re.search(r'class="panel other-horizons"\s+open', html)


def test_an_empty_vision_step_says_what_is_missing_and_keeps_nothing(user_client, user):
    data = {f"h{y}-{f}": "" for y in (1, 5, 10, 20) for f in ("statement", "target_role", "why")}
    data.update({"north_star": "", "beyond_the_paycheck": ""})

    response = user_client.post(reverse("vision:edit") + GUIDE, data)

    assert response.status_code == 200
    assert "Nothing was saved: write where you want to be" in response.content.decode()
    assert "Vision saved." not in response.content.decode()
    assert not VisionRevision.objects.filter(owner=user).exists()


def test_the_progress_bar_numbers_and_separates_its_steps(user_client):
    html = page(user_client, reverse("vision:edit") + GUIDE)

    steps = html.split('class="setup-steps"')[1].split("</ol>")[0]
    text = re.sub(r"<[^>]+>", "", steps)
    assert re.search(r"1\. Your vision and North Star\s*·\s*2\. Your ranked values", text)


def test_a_starter_plan_prefills_the_guide_and_saves_nothing_until_saved(user_client, user):
    html = page(user_client, reverse("vision:edit") + GUIDE + "&starter=career_change")

    assert "first career is an advantage" in html and "clinician" not in html
    assert not VisionRevision.objects.filter(owner=user).exists()
    values = page(user_client, reverse("vision:values") + GUIDE)
    # the starter is remembered for the next steps: its value offered, the input left empty
    assert 'placeholder="Curiosity"' in values and "Add “Curiosity”" in values
    assert not re.search(r'<input type="text" name="name"[^>]*value=', values)
    milestone = page(user_client, reverse("milestones:create") + GUIDE)
    assert "Finish a course in my new field" in milestone
    assert not Milestone.objects.filter(owner=user).exists()


def test_a_newcomer_with_a_starter_saves_the_vision_as_shown(user_client, user):
    html = page(user_client, reverse("vision:edit") + GUIDE + "&starter=manager")
    data = dict(re.findall(r'<textarea name="([^"]+)"[^>]*>\n?([^<]*)</textarea>', html))
    data |= dict(re.findall(r'<input type="text" name="([^"]+)"[^>]*value="([^"]*)"', html))
    data["north_star"] = "5"

    user_client.post(reverse("vision:edit") + GUIDE, data)

    assert vision_selectors.north_star_for(owner=user).statement.startswith("Manage a team")


def test_an_empty_values_list_invites_the_first_value(user_client):
    html = page(user_client, reverse("vision:values"))

    assert "Add your first one" in html
    assert "No values yet" in html and '<li class="muted">' not in html


# The ledger step


def test_the_ledger_explains_itself_and_scores_only_the_written_horizons(user_client, user):
    HorizonFactory(owner=user, years=5, statement="Lead a team")
    job = JobFactory(owner=user)

    html = page(user_client, reverse("vision:ledger_create", args=[job.pk]))

    assert "A ledger is a dated note of what a job gives you" in html
    assert 'name="score_5"' in html and 'class="scale"' in html
    assert 'name="score_1"' not in html and 'name="score_20"' not in html


def test_a_ledger_entry_keeps_empty_scores_for_unwritten_horizons(user_client, user):
    HorizonFactory(owner=user, years=5, statement="Lead a team")
    job = JobFactory(owner=user)

    user_client.post(
        reverse("vision:ledger_create", args=[job.pk]),
        {"recorded_on": "2026-02-01", "skills": "SQL", "score_5": "4"},
    )

    entry = LedgerEntry.objects.get()
    assert (entry.score_1, entry.score_5, entry.score_10, entry.score_20) == (None, 4, None, None)
    assert entry.average_score == 4


def test_one_ledger_entry_gives_no_verdict_yet(user):
    job = JobFactory(owner=user)
    LedgerEntryFactory(job=job, skills="", connections="", knowledge="")

    trajectory = vision_selectors.job_trajectory(vision_selectors.jobs_for(owner=user).get())

    assert trajectory.verdict == "first_entry"


def test_the_api_takes_empty_scores(user):
    api = APIClient()
    api.force_authenticate(user)
    job = JobFactory(owner=user)

    response = api.post(
        "/api/v1/ledger-entries/",
        {"job": job.pk, "recorded_on": "2026-02-01", "score_5": 3, "score_1": None},
        format="json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["score_1"] is None


def test_an_export_of_the_first_version_still_imports(client, user):
    document = {
        "format": portability.FORMAT,
        "version": 1,
        "horizons": [{"id": 1, "years": 5, "statement": "Lead a team", "is_north_star": True}],
        "jobs": [{"id": 1, "title": "Analyst", "organisation": "Acme", "start_date": "2024-01-01"}],
        "ledger": [
            {
                "id": 1,
                "job_id": 1,
                "recorded_on": "2026-01-01",
                "score_1": 2,
                "score_5": 4,
                "score_10": 3,
                "score_20": 1,
            }
        ],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("careerbuilder.json", json.dumps(document))
    client.force_login(user)

    response = client.post(
        reverse("dataio:import"), {"file": SimpleUploadedFile("old.zip", buffer.getvalue())}
    )

    assert response.status_code == 200
    entry = LedgerEntry.objects.get(job__owner=user)
    assert (entry.score_1, entry.score_5, entry.score_10, entry.score_20) == (None, 4, None, None)
    assert portability.export_document(user)["version"] == portability.VERSION


# Defaults that fit


def test_a_new_milestone_serves_the_north_star_and_asks_only_what_it_is(user_client, user):
    HorizonFactory(owner=user, years=10, statement="Head of Data", is_north_star=True)

    html = page(user_client, reverse("milestones:create"))

    assert re.search(r'<option value="10" selected>', html)
    for hidden in ('name="status"', 'name="progress"', 'name="lessons"', 'name="impact"'):
        assert hidden not in html


def test_the_reflection_shows_only_once_a_milestone_is_closed(user_client, user):
    milestone = MilestoneFactory(owner=user)
    assert 'name="lessons"' not in page(
        user_client, reverse("milestones:edit", args=[milestone.pk])
    )

    Milestone.objects.filter(pk=milestone.pk).update(
        status="done", progress=100, closed_on="2026-03-01"
    )

    assert 'name="lessons"' in page(user_client, reverse("milestones:edit", args=[milestone.pk]))


def test_marking_a_milestone_done_asks_for_its_reflection_in_place(user_client, user):
    milestone = MilestoneFactory(owner=user)

    row = user_client.post(
        reverse("milestones:status", args=[milestone.pk]),
        {"status": "done"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Before you move on" in row and 'name="lessons"' in row

    saved = user_client.post(
        reverse("milestones:reflect", args=[milestone.pk]),
        {"lessons": "Ask earlier.", "impact": "People know me now."},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    milestone.refresh_from_db()
    assert (milestone.lessons, milestone.impact) == ("Ask earlier.", "People know me now.")
    assert "Before you move on" not in saved


def test_without_javascript_marking_done_opens_the_reflection(user_client, user):
    milestone = MilestoneFactory(owner=user)

    response = user_client.post(
        reverse("milestones:status", args=[milestone.pk]), {"status": "done"}
    )

    assert response.url.endswith(f"/milestones/{milestone.pk}/#reflection")
    assert 'id="reflection"' in page(user_client, reverse("milestones:detail", args=[milestone.pk]))


def test_certification_dates_sit_apart_for_certifications_only(user_client):
    html = page(user_client, reverse("learning:item_create"))

    part = html.split('data-shown-value="certification"')[1].split("</fieldset>")[0]
    assert 'name="issued_on"' in part and 'name="expires_on"' in part


def test_reach_out_logs_a_conversation_with_an_optional_note(user_client, user):
    contact = ContactFactory(owner=user, next_due_on=datetime.date(2026, 1, 1))
    html = page(user_client, reverse("network:reach_out"))
    assert f'id="log-notes-due-{contact.pk}"' in html

    user_client.post(
        reverse("network:interaction_create", args=[contact.pk]),
        {"date": datetime.date.today().isoformat(), "kind": "call", "notes": "About the role."},
    )

    assert contact.interactions.get().notes == "About the role."


def test_the_contact_list_shows_when_you_last_spoke(user_client, user):
    contact = ContactFactory(owner=user, name="Amara")
    InteractionFactory(contact=contact, date=datetime.date(2026, 3, 1))
    contact_refresh_keep_in_touch(contact=contact)

    assert "Last spoke 1 Mar 2026" in page(user_client, reverse("network:index"))


# Lists that tell the truth


@time_machine.travel("2026-06-01 12:00:00+00:00", tick=False)
def test_the_milestone_list_puts_open_by_date_overdue_first_and_closed_last(user_client, user):
    made = {
        "done": MilestoneFactory(owner=user, title="Done", target_date="2026-01-01", status="done"),
        "undated": MilestoneFactory(owner=user, title="Undated", target_date=None),
        "later": MilestoneFactory(owner=user, title="Later", target_date="2026-09-01"),
        "overdue": MilestoneFactory(owner=user, title="Overdue", target_date="2026-05-01"),
        "dropped": MilestoneFactory(owner=user, title="Dropped", status="dropped"),
        "soon": MilestoneFactory(owner=user, title="Soon", target_date="2026-06-10"),
    }
    Milestone.objects.filter(status__in=["done", "dropped"]).update(closed_on="2026-05-01")

    html = page(user_client, reverse("milestones:index"))

    shown = re.findall(r'<h3><a href="/milestones/\d+/">([^<]+)</a></h3>', html)
    assert shown == ["Overdue", "Soon", "Later", "Undated", "Done", "Dropped"]
    by_date = page(user_client, reverse("milestones:index") + "?sort=target_date")
    dated = re.findall(r'<h3><a href="/milestones/\d+/">([^<]+)</a></h3>', by_date)
    assert dated.index("Undated") > dated.index("Later")
    assert made


# Mentors


def test_a_mentor_without_a_plan_lands_on_what_waits_for_him(client):
    mentor = UserFactory()
    MentorshipFactory(mentor=mentor)
    client.force_login(mentor)

    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url == reverse("today")
    today = client.get(response.url).content.decode()
    assert f'href="{reverse("mentoring:index")}#mentees-heading"' in today


def test_a_mentor_with_a_plan_keeps_the_dashboard(client):
    mentor = UserFactory()
    MentorshipFactory(mentor=mentor)
    HorizonFactory(owner=mentor, years=5, statement="Coach", is_north_star=True)
    client.force_login(mentor)

    assert client.get(reverse("dashboard")).status_code == 200


# Sign-up emails

SIGNUP = {
    "email": "new@example.com",
    "password1": "plan-my-career-2026",
    "password2": "plan-my-career-2026",
    "display_name": "New",
    "time_zone": "UTC",
}


def test_the_verification_email_names_careerbuilder_and_its_address(client, mailoutbox, settings):
    settings.SITE_URL = "https://careers.example.com"
    client.post(reverse("account_signup"), SIGNUP)

    [message] = mailoutbox
    assert "Hello from careerbuilder!" in message.body
    assert "https://careers.example.com/" in message.body
    assert "127.0.0.1" not in message.body and "testserver" not in message.body
    assert "https://careers.example.com/accounts/confirm-email/" in message.body


def test_opening_the_verification_link_verifies_nothing_until_confirmed(client, mailoutbox):
    client.post(reverse("account_signup"), SIGNUP)
    link = re.search(r"(/accounts/confirm-email/\S+/)", mailoutbox[0].body).group(1)

    client.get(link)
    assert not EmailAddress.objects.get(email="new@example.com").verified
    client.post(link)
    assert EmailAddress.objects.get(email="new@example.com").verified


def test_the_verify_page_offers_to_send_the_link_again(client, mailoutbox):
    html = client.post(reverse("account_signup"), SIGNUP, follow=True).content.decode()
    assert "Send the link again" in html

    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(minutes=5)
    ):
        client.post(
            reverse("account_login"),
            {"login": "new@example.com", "password": "plan-my-career-2026"},
        )

    assert len(mailoutbox) == 2


# The roadmap


def label_span(point) -> tuple[float, float]:
    width = len(point.label) * CHAR_WIDTH + 1.5
    return (point.x - width, point.x) if point.label_on_left else (point.x, point.x + width)


@pytest.mark.parametrize("count", [3, 12, 40])
def test_no_two_roadmap_labels_collide(user, count):
    today = datetime.date(2026, 6, 1)
    for n in range(count):
        MilestoneFactory(
            owner=user,
            title=["Become Head of Data", "Speak at PyData", "Lead the pricing review"][n % 3],
            target_date=today + datetime.timedelta(days=20 * n),
        )

    roadmap = milestone_overview(owner=user, today=today).roadmap

    for lane in range(roadmap.lanes):
        spans = sorted(label_span(p) for p in roadmap.points if p.lane == lane and p.label)
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), spans
    for point in roadmap.points:
        assert point.label == point.milestone.title or point.label.endswith("…") or not point.label


def test_a_starters_values_are_offered_until_three_of_ones_own(user_client, user):
    page(user_client, reverse("vision:edit") + GUIDE + "&starter=career_change")
    for name in ("Fairness", "Craft", "Play"):
        assert "Add “Curiosity”" in page(user_client, reverse("vision:values") + GUIDE)
        user_client.post(reverse("vision:values") + GUIDE, {"name": name, "meaning": ""})
    values = page(user_client, reverse("vision:values") + GUIDE)
    assert "Curiosity" not in values
