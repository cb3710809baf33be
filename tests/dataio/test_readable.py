"""The export holds the plan as a document people read (Markdown and HTML), with the comments
written on it, each under its item; user text never runs as markup in the HTML."""

import io
import zipfile

import pytest
from django.urls import reverse

from apps.mentoring import services as mentoring_services
from tests.worlds import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(client):
    sample, users = world()
    mentoring_services.comment_create(
        author=users["mentor"],
        item=sample.checkin,
        body="Proud of this week.\nKeep the <script>alert(1)</script> habit.",
    )
    client.force_login(users["owner"])
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("dataio:export")).content))
    return sample, users, archive


def test_the_export_holds_the_plan_as_markdown_people_read(exported):
    _sample, users, archive = exported
    text = archive.read("careerbuilder.md").decode()
    for heading in (
        "# The career plan of Maya Okafor",
        "## Vision",
        "## Career history",
        "## Milestones",
        "## Learning",
        "## Opportunities",
        "## Check-ins",
    ):
        assert heading in text
    assert "### 10 years ★ North Star" in text
    assert "1. **Honesty**: Say it plainly." in text
    assert "### Senior analyst, Northwind (Dec 2022 – now)" in text
    assert "toward my horizons: 4, 4, 3, 2 (1–5)" in text
    assert "**What I learned:** Start early." in text
    assert "**Why:** Nights would end my evening course." in text
    mentor = users["mentor"].get_full_name()
    milestone = text.split("### Speak at PyData")[1].split("###")[0]
    assert f"> **{mentor}**" in milestone and "Have you asked **Amara**?" in milestone
    checkin = text.split("## Check-ins")[1]
    assert "> Keep the <script>alert(1)</script> habit." in checkin  # every line quoted


def test_the_html_renders_the_comments_markdown_and_never_a_script(exported):
    _sample, _users, archive = exported
    html = archive.read("careerbuilder.html").decode()
    assert html.startswith("<!DOCTYPE html>") and "<h2>Check-ins</h2>" in html
    assert "Have you asked <strong>Amara</strong>?" in html
    assert "<script>" not in html
