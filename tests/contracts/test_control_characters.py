"""CR/LF and NUL on every road into every text field, and out through every header.

A NUL byte reaches PostgreSQL, which refuses it (a 500 before); a line break in a name or a
title reaches an email's headers (the invitation failed half-way, leaving an unsent invitation),
a CSV cell or a calendar line. Every form of every page is sent both (WebTest sends what a
browser's own input would have stripped), as are the imports; text already stored with line
breaks goes out in emails on one header line.
"""

import datetime
import io
import json
import zipfile

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.models import User
from apps.checkins.models import CheckInRhythm
from apps.dataio import portability
from apps.mentoring.models import Invitation
from apps.milestones.models import Milestone
from apps.reminders import services as reminder_services
from tests.factories import HorizonFactory, MilestoneFactory, UserFactory
from tests.worlds import changed_rows, database_state, get_urls, world

pytestmark = pytest.mark.django_db

HOSTILE = {"nul": "before\x00after", "line break": "first line\r\nBcc: everyone@example.com"}


def text_fields(form):
    for name, fields in form.fields.items():
        for field in fields:
            kind = getattr(field, "attrs", {}).get("type", "text")
            if field.tag == "textarea" or (field.tag == "input" and kind in ("text", "search")):
                yield name, field.tag == "textarea"


def test_no_form_takes_a_nul_or_a_line_break_where_none_belongs(django_app):
    sample, users = world()
    tried = 0
    for name, url in get_urls(sample):
        page = django_app.get(url, user=users["owner"].email, expect_errors=True)
        if page.status_code != 200 or page.content_type != "text/html":
            continue
        for form in page.forms.values():
            if form.method.lower() != "post" or form.action not in ("", url):
                continue
            for field, multiline in text_fields(form):
                for label, value in HOSTILE.items():
                    if multiline and label == "line break":
                        continue  # line breaks belong in a textarea
                    form[field] = value
                    before = database_state()
                    response = form.submit(expect_errors=True)
                    assert response.status_code < 500, (name, field, label)
                    changed = changed_rows(before, database_state())
                    assert not changed, f"{name}: {field} took a {label}: {changed}"
                    tried += 1
                page = django_app.get(url, user=users["owner"].email)
                break  # the page again, for the next form with fresh values
    assert tried > 30


def test_an_address_book_row_with_a_nul_is_reported_not_a_database_error(user_client):
    csv = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    csv += "Ada,Love\x00lace,,,,,\nGrace,Hopper,,,,,\n"
    upload = SimpleUploadedFile("Connections.csv", csv.encode())

    response = user_client.post(reverse("network:import"), {"file": upload})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Keep this on one line" in page
    assert list(User.objects.get().contacts.values_list("name", flat=True)) == ["Grace Hopper"]


def test_a_vcard_with_a_nul_is_reported_not_a_database_error(user_client):
    cards = "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nNOTE:a\x00b\nEND:VCARD\n"
    upload = SimpleUploadedFile("people.vcf", cards.encode())

    response = user_client.post(reverse("network:import"), {"file": upload})

    assert response.status_code == 200
    assert "Null characters are not allowed" in response.content.decode()


def test_an_export_with_a_nul_is_refused_with_a_report(user_client):
    document = {
        "format": portability.FORMAT,
        "version": portability.VERSION,
        "values": [{"id": 1, "name": "Hon\x00esty", "position": 1}],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("careerbuilder.json", json.dumps(document))

    response = user_client.post(
        reverse("dataio:import"), {"file": SimpleUploadedFile("x.zip", buffer.getvalue())}
    )

    assert response.status_code == 400
    assert "values, row 1: name: Keep this on one line" in response.content.decode()


def test_a_title_stored_with_a_line_break_goes_out_on_one_subject_line(smtp):
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        user = UserFactory(time_zone="UTC")
    HorizonFactory(owner=user, is_north_star=True)
    CheckInRhythm.objects.create(user=user, checkin_cadence="off")
    milestone = MilestoneFactory(owner=user, target_date=datetime.date(2026, 3, 1))
    Milestone.objects.filter(pk=milestone.pk).update(title="Talk\r\nBcc: everyone@example.com")

    with time_machine.travel("2026-03-02 09:00:00+00:00", tick=False):  # overdue, no check-in
        reminder_services.reminders_dispatch()

    [message] = smtp.messages
    assert message["Bcc"] is None
    assert "Talk Bcc: everyone@example.com" in message["Subject"]


def test_an_inviter_whose_name_holds_a_line_break_sends_a_clean_invitation(smtp, user_client):
    User.objects.filter(pk=user_client.session["_auth_user_id"]).update(
        display_name="Maya\r\nBcc: everyone@example.com"
    )

    user_client.post(reverse("mentoring:invite"), {"email": "mentor@example.com"})

    [message] = smtp.messages
    assert message["Bcc"] is None
    assert Invitation.objects.filter(email="mentor@example.com").exists()


def test_an_invitation_that_cannot_be_sent_leaves_no_invitation(smtp, user_client):
    smtp.fail_next = 1

    response = user_client.post(reverse("mentoring:invite"), {"email": "mentor@example.com"})

    assert response.status_code == 302
    assert not Invitation.objects.exists()
    page = user_client.get(reverse("mentoring:index")).content.decode()
    assert "could not be sent" in page
