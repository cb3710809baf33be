"""Every file of LinkedIn's export careerbuilder reads, in LinkedIn's layout, through the preview:
what each becomes in the plan, and the choice each row gets (add or merge, replace, skip)."""

import csv
import datetime
import io
import zipfile

import pytest
from django.urls import reverse

from apps.dataio import portability
from apps.dataio.models import ResumePreview
from apps.learning.models import LearningItem, Skill
from apps.milestones.models import Milestone
from apps.network.models import Contact
from apps.vision.models import Job, Vision
from tests.factories import ContactFactory, JobFactory, UserFactory

from .linkedin_files import (
    CONNECTIONS,
    CONNECTIONS_NOTES,
    EVERY_FILE,
    LANGUAGES,
    POSITIONS,
    PROFILE,
    export_zip,
    upload,
)

pytestmark = pytest.mark.django_db


def test_every_file_of_the_export_lands_in_the_plan(client):
    amara = UserFactory(headline="")
    client.force_login(amara)

    response = upload(client, "Basic_LinkedInDataExport_12-04-2026.zip", export_zip(EVERY_FILE))

    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    for unused in ("Invitations.csv", "Email Addresses.csv", "messages.csv"):
        assert f"{unused}: not used" in page
    # headline, summary, 2 jobs, 2 skills + 3 languages, certification, course (education),
    # course, project, honour, 2 volunteering, 2 contacts (Grace's recommendation joins her)
    assert page.count('value="skip"') == 18
    assert not Job.objects.filter(owner=amara).exists()  # nothing saved before accepting

    accepted = client.post(response.url)

    assert accepted.status_code == 302
    amara.refresh_from_db()
    assert amara.headline == "Product manager for clinical tools"
    assert (
        Vision.objects.get(owner=amara).beyond_the_paycheck == "Safer care, sooner.\nNurses first."
    )
    pm = Job.objects.get(owner=amara, title="Product Manager")
    assert (pm.location, pm.description, pm.start_date, pm.end_date) == (
        "Leeds, United Kingdom",
        "Owns the clinical tools.\nTalks to nurses weekly.",
        datetime.date(2024, 3, 1),
        None,
    )
    levels = dict(Skill.objects.filter(owner=amara).values_list("name", "current_level"))
    assert levels == {"Discovery": 3, "clinical safety": 3, "English": 5, "French": 2, "Yoruba": 3}
    certification = LearningItem.objects.get(owner=amara, kind="certification")
    assert (
        certification.title,
        certification.provider,
        certification.link,
        certification.licence_number,
        certification.issued_on,
        certification.expires_on,
    ) == (
        "CPHIMS",
        "HIMSS",
        "https://example.com/c",
        "12345",
        datetime.date(2023, 11, 1),
        datetime.date(2026, 11, 1),
    )
    project = LearningItem.objects.get(owner=amara, kind="project")
    assert (project.title, project.link, project.status) == (
        "Ward handover app",
        "https://www.example.com/handover",
        "done",
    )
    assert (project.started_on, project.finished_on) == (
        datetime.date(2022, 1, 1),
        datetime.date(2022, 6, 1),
    )
    honour = Milestone.objects.get(owner=amara, title="Nurse of the year")
    assert (honour.status, honour.closed_on, honour.impact) == (
        "done",
        datetime.date(2022, 11, 1),
        "For the handover work",
    )
    first_aid = Milestone.objects.get(owner=amara, title="First aider – St John Ambulance")
    assert (first_aid.status, first_aid.closed_on) == ("done", datetime.date(2018, 12, 1))
    assert "Cause: Health" in first_aid.description and "Weekend events" in first_aid.description
    driving = Milestone.objects.get(owner=amara, title="Driver – Food bank")
    assert (driving.status, driving.closed_on) == ("in_progress", None)
    grace = Contact.objects.get(owner=amara, name="Grace Hopper")
    assert (grace.email, grace.profile_url, grace.organisation, grace.role) == (
        "grace@example.com",
        "https://www.linkedin.com/in/gracehopper",
        "City Hospital",
        "Ward Manager",
    )
    assert grace.where_met == "LinkedIn, connected 15 Mar 2021"
    assert "Amara changed how we hand over.\nHighly recommended." in grace.notes
    assert Contact.objects.filter(owner=amara).count() == 2


def test_a_cell_that_looks_like_a_formula_stays_text_and_is_neutralised_on_export(client):
    owner = UserFactory()
    client.force_login(owner)
    response = upload(client, "Connections.csv", CONNECTIONS.encode())
    client.post(response.url)

    alan = Contact.objects.get(owner=owner, name="Alan Turing")
    assert alan.role == '=HYPERLINK("http://evil.example","x")'
    with zipfile.ZipFile(io.BytesIO(portability.export_zip(owner))) as archive:
        name = next(n for n in archive.namelist() if "contacts" in n and n.endswith(".csv"))
        cells = [
            cell for row in csv.reader(io.StringIO(archive.read(name).decode())) for cell in row
        ]
    assert "'" + alan.role in cells and alan.role not in cells


def test_the_summary_fills_beyond_the_paycheck_only_when_it_is_empty(client):
    owner = UserFactory(headline="Nurse")
    Vision.objects.create(owner=owner, beyond_the_paycheck="Patients first.")
    client.force_login(owner)
    response = upload(client, "Profile.csv", PROFILE.encode())
    assert client.get(response.url).content.decode().count("matches one you have") == 2

    client.post(response.url)

    owner.refresh_from_db()
    assert owner.headline == "Nurse"
    assert Vision.objects.get(owner=owner).beyond_the_paycheck == "Patients first."


def test_languages_without_a_header_say_so(client):
    client.force_login(UserFactory())
    response = upload(client, "Languages.csv", LANGUAGES.replace("Proficiency", "Level").encode())
    assert response.status_code == 400
    assert "Languages.csv: no header row with Name, Proficiency" in response.content.decode()


def test_a_connection_with_a_date_linkedin_never_writes_is_reported(client):
    client.force_login(UserFactory())
    content = CONNECTIONS_NOTES + "Ada,Lovelace,,,,,Yesterday\r\nAlan,Turing,,,,,01 Feb 2020\r\n"
    response = upload(client, "Connections.csv", content.encode("latin-1"))
    page = client.get(response.url).content.decode()
    assert "Connections.csv, line 5: the date “Yesterday” is not like “Mar 2021”" in page
    assert page.count('value="skip"') == 1


def test_a_contact_is_matched_by_profile_link_email_or_name(client):
    owner = UserFactory()
    by_link = ContactFactory(
        owner=owner, name="G. Hopper", profile_url="https://www.linkedin.com/in/gracehopper/"
    )
    by_name = ContactFactory(owner=owner, name="alan turing", email="", profile_url="")
    client.force_login(owner)
    response = upload(client, "Connections.csv", CONNECTIONS.encode())
    assert client.get(response.url).content.decode().count("matches one you have") == 2

    client.post(response.url)

    assert Contact.objects.filter(owner=owner).count() == 2
    by_name.refresh_from_db()
    assert by_name.where_met == "LinkedIn, connected 02 Jan 2024"  # merged: it had none
    by_link.refresh_from_db()
    assert by_link.name == "G. Hopper"  # merged: a name it had stays


@pytest.fixture
def nurse_with_a_job(client):
    nurse = UserFactory()
    job = JobFactory(
        owner=nurse,
        organisation="City Hospital",
        title="staff nurse",
        location="Bradford",
        start_date=datetime.date(2019, 9, 1),
        end_date=None,
    )
    client.force_login(nurse)
    response = upload(client, "Positions.csv", POSITIONS.encode())
    page = client.get(response.url).content.decode()
    assert page.count('value="replace"') == 1  # only the row matching a job can replace it
    return job, response.url


def test_a_matching_row_merges_by_default_filling_only_blanks(client, nurse_with_a_job):
    job, url = nurse_with_a_job
    client.post(url)
    job.refresh_from_db()
    assert (job.title, job.location, job.end_date) == (
        "staff nurse",
        "Bradford",
        datetime.date(2024, 2, 1),
    )
    assert Job.objects.filter(owner=job.owner).count() == 2


def test_a_matching_row_replaces_only_when_asked(client, nurse_with_a_job):
    job, url = nurse_with_a_job
    client.post(url, {"row-1": "replace"})
    job.refresh_from_db()
    assert (job.title, job.location, job.end_date) == (
        "Staff Nurse",
        "Leeds",
        datetime.date(2024, 2, 1),
    )


def test_a_skipped_row_changes_nothing(client, nurse_with_a_job):
    job, url = nurse_with_a_job
    client.post(url, {"row-0": "skip", "row-1": "skip"})
    job.refresh_from_db()
    assert (job.location, job.end_date) == ("Bradford", None)
    assert Job.objects.filter(owner=job.owner).count() == 1
    preview = ResumePreview.objects.get(owner=job.owner)
    assert preview.counts == {"added": 0, "merged": 0, "replaced": 0, "skipped": 2}


def test_rows_the_plan_refuses_on_import_are_reported_and_the_rest_imported(client):
    nurse = UserFactory()
    JobFactory(
        owner=nurse,
        organisation="City Hospital",
        title="Staff Nurse",
        start_date=datetime.date(2019, 9, 20),
        end_date=None,
    )
    client.force_login(nurse)
    # LinkedIn says the job ended in September 2019: the 1st, before the day it started here
    positions = POSITIONS.replace("Sep 2019,Feb 2024", "Sep 2019,Sep 2019")
    response = upload(client, "Positions.csv", positions.encode())

    page = client.get(client.post(response.url).url).content.decode()

    assert "Rows your plan refused" in page
    assert "Positions.csv, line 4: A job cannot end before it starts." in page
    assert "Added 1, merged 0" in page
    assert Job.objects.filter(owner=nurse, title="Product Manager").exists()


def test_a_preview_is_accepted_once(client):
    owner = UserFactory()
    client.force_login(owner)
    response = upload(client, "Connections.csv", CONNECTIONS.encode())
    client.post(response.url)

    again = client.post(response.url, follow=True)

    assert "accepted already" in again.content.decode()
    assert Contact.objects.filter(owner=owner).count() == 2


def test_someone_elses_preview_and_its_progress_are_not_found(client):
    owner = UserFactory()
    client.force_login(owner)
    response = upload(client, "Connections.csv", CONNECTIONS.encode())
    client.post(response.url)
    preview = ResumePreview.objects.get(owner=owner)
    client.force_login(UserFactory())
    progress = reverse("dataio:resume_import_progress", args=[preview.pk])
    assert client.get(progress).status_code == 404
    assert client.post(response.url).status_code == 404
