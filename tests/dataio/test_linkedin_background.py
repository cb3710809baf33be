"""A long LinkedIn export (up to its 30,000 connections): previewed in a few queries, imported
by a worker with its progress on the page, all or nothing, once."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.dataio import services
from apps.dataio.models import ResumePreview
from apps.network import services as network_services
from apps.network.models import Contact
from apps.vision.models import Job
from tests.conftest import wait_for
from tests.factories import ContactFactory, JobFactory, SkillFactory, UserFactory

from .linkedin_files import CONNECTIONS, EVERY_FILE, POSITIONS, connections, export_zip, upload


def _queries_for_a_preview(user, people: int) -> int:
    files = {**EVERY_FILE, "Connections.csv": connections(people)}
    with CaptureQueriesContext(connection) as queries:
        services.resume_preview_create(user=user, data=export_zip(files), filename="export.zip")
    return len(queries)


@pytest.mark.django_db
def test_a_preview_costs_the_same_queries_for_ten_people_or_three_thousand():
    owner = UserFactory()
    ContactFactory.create_batch(20, owner=owner)
    JobFactory.create_batch(5, owner=owner)
    SkillFactory.create_batch(5, owner=owner)

    assert _queries_for_a_preview(owner, 10) == _queries_for_a_preview(owner, 3_000)


@pytest.mark.django_db
def test_the_rows_past_the_first_five_hundred_are_chosen_by_section(client):
    owner = UserFactory()
    client.force_login(owner)
    response = upload(client, "Connections.csv", connections(600).encode())
    page = client.get(response.url).content.decode()
    assert page.count('value="skip"') == 500 + 1  # 500 rows, and the other 100 together
    assert "The other 100 contacts of the file" in page

    client.post(response.url, {"row-0": "skip", "rest-contact": "skip"})

    assert Contact.objects.filter(owner=owner).count() == 499


@pytest.mark.django_db
def test_a_long_import_waits_for_a_worker_then_runs_once(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory()
    client.force_login(owner)
    response = upload(client, "Connections.csv", connections(services.BACKGROUND_ROWS + 1).encode())

    with django_capture_on_commit_callbacks() as queued:
        client.post(response.url)
    page = client.get(response.url).content.decode()
    assert "Waiting for its turn" in page and 'hx-trigger="every 2s"' in page
    assert '<meta http-equiv="refresh"' in page  # without JavaScript, the page reloads
    assert not Contact.objects.filter(owner=owner).exists()

    for callback in queued:
        callback()  # the task, eager here: tests/dataio/test_linkedin_background's last test
    preview = ResumePreview.objects.get(owner=owner)
    assert (preview.status, preview.done_rows, preview.total_rows) == ("done", 2_001, 2_001)
    assert Contact.objects.filter(owner=owner).count() == 2_001
    assert services.resume_preview_import(preview_id=preview.pk) is False  # run twice: once
    assert Contact.objects.filter(owner=owner).count() == 2_001
    fragment = client.get(reverse("dataio:resume_import_progress", args=[preview.pk]))
    assert "Added 2001" in fragment.content.decode()
    assert "hx-trigger" not in fragment.content.decode()  # done: the page stops asking


@pytest.mark.django_db
def test_an_import_that_fails_keeps_nothing_and_says_why(client, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(network_services, "contacts_bulk_import", broken)
    owner = UserFactory()
    client.force_login(owner)
    data = export_zip({"Positions.csv": POSITIONS, "Connections.csv": CONNECTIONS})
    response = upload(client, "export.zip", data)

    page = client.get(client.post(response.url).url).content.decode()

    assert "The import failed" in page and "nothing was imported" in page
    assert not Job.objects.filter(owner=owner).exists()  # the jobs came first, and went back
    assert ResumePreview.objects.get(owner=owner).status == "failed"


@pytest.mark.django_db
def test_an_expired_preview_imports_nothing(client):
    owner = UserFactory()
    client.force_login(owner)
    start = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        response = upload(client, "Connections.csv", CONNECTIONS.encode())
    with time_machine.travel(start + datetime.timedelta(hours=2), tick=False):
        page = client.post(response.url, follow=True).content.decode()
    assert "has expired" in page
    assert not Contact.objects.filter(owner=owner).exists()
    assert ResumePreview.objects.get().accepted_at is None


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_thirty_thousand_connections_import_in_a_worker(client, celery_worker):
    owner = UserFactory()
    ContactFactory(
        owner=owner, name="Person Number 7", profile_url="https://www.linkedin.com/in/person-7"
    )
    client.force_login(owner)

    response = upload(client, "Connections.csv", connections(30_000).encode())

    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "The other 29500 contacts of the file" in page
    accepted = client.post(response.url)
    assert accepted.status_code == 302
    preview = ResumePreview.objects.get(owner=owner)
    progress = reverse("dataio:resume_import_progress", args=[preview.pk])
    seen = []

    def imported() -> bool:
        fragment = client.get(progress).content.decode()
        seen.append(ResumePreview.objects.values_list("status", "done_rows").get(pk=preview.pk))
        return "Imported" in fragment

    wait_for(imported, seconds=240)
    assert any(status == "running" and 0 < done < 30_000 for status, done in seen)
    preview.refresh_from_db()
    assert (preview.status, preview.done_rows, preview.total_rows) == ("done", 30_000, 30_000)
    assert preview.counts == {"added": 29_999, "merged": 1, "replaced": 0, "skipped": 0}
    assert Contact.objects.filter(owner=owner).count() == 30_000
    person = Contact.objects.get(owner=owner, profile_url="https://www.linkedin.com/in/person-29")
    assert (person.where_met, person.email) == ("LinkedIn, connected 02 Mar 2021", "")
    assert Contact.objects.get(owner=owner, name="Person Number 7").where_met == (
        "LinkedIn, connected 08 Mar 2021"
    )


@pytest.mark.django_db
def test_a_run_whose_worker_was_lost_is_taken_up_again_but_a_live_one_is_not(client):
    owner = UserFactory()
    client.force_login(owner)
    response = upload(client, "Connections.csv", CONNECTIONS.encode())
    preview = ResumePreview.objects.get(owner=owner)
    now = timezone.now()
    ResumePreview.objects.filter(pk=preview.pk).update(
        accepted_at=now,
        choices=["merge", "merge"],
        total_rows=2,
        status="running",
        started_at=now - datetime.timedelta(minutes=1),
    )
    assert services.resume_preview_import(preview_id=preview.pk) is False  # still running

    ResumePreview.objects.filter(pk=preview.pk).update(
        started_at=now - datetime.timedelta(minutes=20)
    )
    assert services.resume_preview_import(preview_id=preview.pk) is True
    assert Contact.objects.filter(owner=owner).count() == 2
    assert "Added 2" in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_each_file_is_read_up_to_its_own_limit(client):
    client.force_login(UserFactory())
    languages = "Name,Proficiency\r\n" + "".join(f"Language {n},\r\n" for n in range(2_001))
    response = upload(client, "Languages.csv", languages.encode())
    page = client.get(response.url).content.decode()
    assert "Languages.csv: only the first 2,000 rows are read" in page
    assert "The other 1500 skills of the file" in page
