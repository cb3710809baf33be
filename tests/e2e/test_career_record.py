"""The career record in a browser: a newcomer imports LinkedIn's ZIP, checks the preview,
accepts it and finds her career history filled; then she makes the brag document of her year
and downloads it as DOCX and PDF, whose text is read back."""

import io
import zipfile

import pytest
import time_machine
from docx import Document as Docx
from playwright.sync_api import expect
from pypdf import PdfReader

from apps.dashboard.demo import DEMO_PASSWORD
from apps.milestones import services as milestone_services
from tests.e2e.test_today import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

POSITIONS = (
    "\ufeffNotes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\r\n\r\n'
    "Company Name,Title,Description,Location,Started On,Finished On\r\n"
    'Healthwise,Product Manager,"Owns the clinical tools.\r\nTalks to nurses weekly.",'
    "Leeds,Mar 2024,\r\n"
    "City Hospital,Staff Nurse,,Leeds,Sep 2019,Feb 2024\r\n"
)


def linkedin_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Positions.csv", POSITIONS)
        archive.writestr("Skills.csv", "Name\r\nDiscovery\r\n")
        archive.writestr("Ad_Targeting.csv", "Member Age\r\n25-34\r\n")
    return buffer.getvalue()


def test_from_linkedin_to_the_brag_document_of_the_year(
    browser, live_server, screenshot_dir, tmp_path
):
    with time_machine.travel("2026-11-20 10:00:00+00:00", tick=False):
        nurse = UserFactory(email="amara@example.com", display_name="Amara Obi")
        nurse.set_password(DEMO_PASSWORD)
        nurse.save()
        talk = milestone_services.milestone_create(
            owner=nurse, title="Teach triage to new nurses", horizon=1, kind="challenge"
        )
        milestone_services.milestone_reflect(
            milestone=talk, lessons="Start with a story.", impact="Twelve nurses trained."
        )
        milestone_services.milestone_set_status(milestone=talk, status="done")
    upload = tmp_path / "Basic_LinkedInDataExport_12-01-2026.zip"
    upload.write_bytes(linkedin_zip())
    page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    sign_in(page, live_server, nurse.email)

    page.goto(f"{live_server.url}/data/")
    page.get_by_label("A JSON Resume file, or LinkedIn's data export").set_input_files(upload)
    page.get_by_role("button", name="Read the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What your résumé would add")
    expect(page.locator("body")).to_contain_text("Ad_Targeting.csv: not used")
    expect(page.locator("main")).to_contain_text("Product Manager")
    page.screenshot(path=screenshot_dir / "record-preview.png", full_page=True)
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.locator("#import-progress")).to_contain_text("Added 3, merged 0")
    page.get_by_role("link", name="Your career history").click()
    expect(page.locator("main")).to_contain_text("Product Manager")
    expect(page.locator("main")).to_contain_text("Staff Nurse")

    page.goto(f"{live_server.url}/record/new/")
    page.get_by_label("What it is for").select_option("my_review")
    page.get_by_label("The last year").check()
    page.get_by_role("button", name="Gather the evidence").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("My review")
    expect(page.locator("main")).to_contain_text("Teach triage to new nurses: Twelve nurses")
    # the jobs began before the year: its evidence is what was done in it
    expect(page.locator("main")).not_to_contain_text("Started as Product Manager")
    page.screenshot(path=screenshot_dir / "record-brag-document.png", full_page=True)

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="DOCX").click()
    text = "\n".join(paragraph.text for paragraph in Docx(docx_download.value.path()).paragraphs)
    assert "Teach triage to new nurses: Twelve nurses trained." in text
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF").click()
    pdf = PdfReader(pdf_download.value.path())
    assert "Teach triage to new nurses" in " ".join(
        " ".join(p.extract_text().split()) for p in pdf.pages
    )
