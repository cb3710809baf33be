"""The time zone field: the browser's zone chosen already, and the list of about 600 searchable."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_zone_is_preselected_and_searchable(page, live_server):
    page.goto(f"{live_server.url}/accounts/signup/")
    zone = page.get_by_label("Time zone")
    expect(zone).to_have_value("Europe/Lisbon")  # the browser's (tests/e2e/conftest.py)

    page.get_by_label("Search the list of zones").fill("tokyo")
    expect(zone).to_have_value("Asia/Tokyo")
    visible = zone.evaluate("select => [...select.options].filter(o => !o.hidden).length")
    assert visible == 1

    page.get_by_label("Search the list of zones").fill("")
    assert zone.evaluate("select => [...select.options].filter(o => !o.hidden).length") > 400
