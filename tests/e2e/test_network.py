from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_plan import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

FILES = Path(__file__).resolve().parents[1] / "network" / "files"


def test_importing_a_linkedin_export_through_the_page(page, live_server, screenshot):
    log_in(page, live_server, UserFactory())

    page.get_by_role("link", name="Network", exact=True).click()
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("Connections.csv or .vcf file").set_input_files(FILES / "Connections.csv")
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("status")).to_contain_text("3 imported")
    expect(page.get_by_role("status")).to_contain_text("1 merged")
    expect(page.get_by_role("status")).to_contain_text("3 rejected")
    expect(page.get_by_role("table")).to_contain_text("is not an email address")
    screenshot("import-report")

    page.get_by_role("link", name="See your contacts").click()
    expect(page.get_by_role("link", name="Li Wei, PhD")).to_be_visible()
    expect(page.get_by_role("link", name="Amara Nwosu")).to_have_count(1)


def test_importing_an_address_book_through_the_page(page, live_server):
    log_in(page, live_server, UserFactory())

    page.goto(f"{live_server.url}/network/import/")
    page.get_by_label("Connections.csv or .vcf file").set_input_files(FILES / "contacts.vcf")
    page.get_by_role("button", name="Import").click()

    expect(page.get_by_role("status")).to_contain_text("2 imported")
    expect(page.get_by_role("status")).to_contain_text("2 rejected")
    expect(page.get_by_role("table")).to_contain_text("No name.")
    expect(page.get_by_role("table")).to_contain_text("The email address is not valid.")
    page.get_by_role("link", name="See your contacts").click()
    expect(page.get_by_role("link", name="Priya Raman")).to_be_visible()
