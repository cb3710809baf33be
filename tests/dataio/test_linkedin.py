"""LinkedIn's data export, in LinkedIn's own layout and quirks, read into the résumé preview:
nothing saved until accepted; the career history, skills and certifications after."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.dataio.models import ResumePreview
from apps.learning.models import LearningItem, Skill
from apps.vision.models import Job
from tests.factories import JobFactory, UserFactory

pytestmark = pytest.mark.django_db

POSITIONS = (
    "\ufeffCompany Name,Title,Description,Location,Started On,Finished On\r\n"
    'Healthwise,Product Manager,"Owns the clinical tools.\r\nTalks to nurses weekly.",'
    "Leeds,Mar 2024,\r\n"
    "City Hospital,Staff Nurse,,Leeds,Sep 2019,Feb 2024\r\n"
)
SKILLS = "Name\r\nDiscovery\r\nclinical safety\r\n"
CERTIFICATIONS = (
    "Name,Url,Authority,Started On,Finished On,License Number\r\n"
    "CPHIMS,https://example.com/c,HIMSS,Nov 2023,Nov 2026,12345\r\n"
)


def linkedin_zip(**files) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name.replace("_", "."), text.encode())
    return buffer.getvalue()


def upload(client, name: str, content: bytes):
    return client.post(reverse("dataio:resume_import"), {"file": SimpleUploadedFile(name, content)})


def test_linkedins_export_fills_the_career_history_after_a_preview(client):
    nurse = UserFactory()
    JobFactory(
        owner=nurse,
        organisation="City Hospital",
        title="staff nurse",
        start_date=datetime.date(2019, 9, 16),
        end_date=None,
    )
    Skill.objects.create(owner=nurse, name="Discovery")
    client.force_login(nurse)
    data = linkedin_zip(
        Positions_csv=POSITIONS,
        Skills_csv=SKILLS,
        Certifications_csv=CERTIFICATIONS,
        Invitations_csv="From,To,Sent At,Message,Direction\r\n",
        Education_csv=(
            "School Name,Start Date,End Date,Notes,Degree Name,Activities\r\n"
            "Leeds University,2015,2019,,BSc Nursing,Choir\r\n"
        ),
        Courses_csv="Name,Number\r\nProduct discovery,PD-101\r\n",
    )

    response = upload(client, "Basic_LinkedInDataExport_12-04-2026.zip", data)

    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Invitations.csv: not used" in page
    assert page.count('value="skip"') == 7 and page.count("matches one you have") == 2
    assert not Job.objects.filter(owner=nurse, title="Product Manager").exists()
    client.post(response.url)  # every row as it comes: added, or merged
    pm = Job.objects.get(owner=nurse, title="Product Manager")
    assert (pm.organisation, pm.start_date, pm.end_date) == (
        "Healthwise",
        datetime.date(2024, 3, 1),
        None,
    )
    nurse_job = Job.objects.get(owner=nurse, organisation="City Hospital")
    assert nurse_job.end_date == datetime.date(2024, 2, 1)  # merged: the end it lacked
    assert sorted(Skill.objects.filter(owner=nurse).values_list("name", flat=True)) == [
        "Discovery",
        "clinical safety",
    ]
    certification = LearningItem.objects.get(owner=nurse, kind="certification")
    assert (certification.provider, certification.issued_on, certification.expires_on) == (
        "HIMSS",
        datetime.date(2023, 11, 1),
        datetime.date(2026, 11, 1),
    )


def test_one_csv_of_the_export_imports_on_its_own(client):
    client.force_login(UserFactory())
    response = upload(
        client,
        "Positions.csv",
        ("Notes:\r\nSome text\r\n\r\n" + POSITIONS.lstrip("\ufeff")).encode("latin-1"),
    )
    assert response.status_code == 302
    assert client.get(response.url).content.decode().count('value="skip"') == 2


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("Connections.txt", b"x", "This file is not JSON."),
        ("Invitations.csv", b"x", "Upload LinkedIn"),
        ("export.zip", b"not a zip", "This is not a ZIP file."),
        ("export.zip", linkedin_zip(Invitations_csv="a"), "none of the LinkedIn files"),
        ("Positions.csv", b"Name,Title\r\nx,y\r\n", "Nothing in this file can be added."),
    ],
)
def test_a_file_that_is_not_linkedins_says_why(client, name, content, problem):
    client.force_login(UserFactory())
    response = upload(client, name, content)
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert not ResumePreview.objects.exists()


def test_a_row_with_a_date_linkedin_never_writes_is_reported(client):
    client.force_login(UserFactory())
    positions = POSITIONS + "Globex,Analyst,,,Spring 2018,Mar 2019\r\n"
    response = upload(client, "Positions.csv", positions.encode())
    page = client.get(response.url).content.decode()
    assert "Positions.csv, line 5: the date “Spring 2018” is not like “Mar 2021”" in page
    assert page.count('value="skip"') == 2


def test_education_and_courses_become_courses_done(client):
    owner = UserFactory()
    client.force_login(owner)
    data = linkedin_zip(
        Education_csv=(
            "School Name,Start Date,End Date,Notes,Degree Name,Activities\r\n"
            "Leeds University,2015,2019,,BSc Nursing,Choir\r\n"
        ),
        Courses_csv="Name,Number\r\nProduct discovery,PD-101\r\n",
    )
    response = upload(client, "export.zip", data)
    client.post(response.url)
    degree = LearningItem.objects.get(owner=owner, title="BSc Nursing")
    assert (degree.kind, degree.status, degree.provider) == ("course", "done", "Leeds University")
    assert (degree.started_on, degree.finished_on) == (
        datetime.date(2015, 1, 1),
        datetime.date(2019, 1, 1),
    )
    assert LearningItem.objects.filter(owner=owner, title="Product discovery").exists()


def test_a_file_with_thousands_of_bad_rows_reports_the_first_fifty(client):
    client.force_login(UserFactory())
    positions = POSITIONS + "".join(f"Globex,Analyst {n},,,Someday,\r\n" for n in range(300))
    response = upload(client, "Positions.csv", positions.encode())
    page = client.get(response.url).content.decode()
    assert page.count("is not like “Mar 2021”") == 50 and "… and 250 more." in page
