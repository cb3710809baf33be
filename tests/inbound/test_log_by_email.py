"""Forward an email, or BCC it, to the private address: the conversation is logged with each
contact it names; the others wait in the Inbox to be added or ignored."""

import datetime
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.accounts.audit import Actor
from apps.accounts.models import SecurityEvent
from apps.inbound.models import InboundMessage
from apps.network.models import Contact, InboxEntry, Interaction
from apps.network.services import mail_drop_replace
from tests.factories import ContactFactory, UserFactory
from tests.inbound.mailauth import deliver as signed_delivery

pytestmark = pytest.mark.django_db(transaction=True)

FORWARD = """Great chat, she'll intro me to the data team lead.

---------- Forwarded message ---------
From: Ada Lovelace <ada@example.org>
Date: Mon, 30 Nov 2026 at 10:12
Subject: Coffee next week?
To: Maya <{me}>
Cc: Grace Hopper <grace@example.net>

Hi Maya, the numbers in my message are private to me.
"""


@pytest.fixture
def maya():
    user = UserFactory(time_zone="UTC")
    ada = ContactFactory(owner=user, name="Ada", email="Ada@Example.org", cadence="monthly")
    return user, ada, mail_drop_replace(user=user, actor=Actor(user)).address


def mail(*, to, sender, subject, text, **headers):
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Message-ID"] = make_msgid(domain="mail.example.com")
    message["Date"] = "Tue, 01 Dec 2026 09:30:00 +0000"
    for name, value in headers.items():
        message[name] = value
    message.set_content(text)
    return message


def deliver(port, message, recipients):
    signed_delivery(port, message, recipients=recipients)


def test_a_forwarded_email_is_logged_with_the_contact_and_the_stranger_waits(maya, inbox):
    user, ada, address = maya
    text = FORWARD.format(me=user.email)
    deliver(
        inbox,
        mail(to=address, sender=user.email, subject="Fwd: Coffee next week?", text=text),
        [address],
    )

    [logged] = Interaction.objects.filter(contact=ada)
    assert logged.kind == "message" and logged.date == datetime.date(2026, 12, 1)
    assert logged.notes == (
        "Email: Coffee next week?\n\nGreat chat, she'll intro me to the data team lead."
    )
    assert "private to me" not in logged.notes  # nothing of Ada's message is kept
    ada.refresh_from_db()
    assert ada.last_contacted_on == datetime.date(2026, 12, 1) and ada.next_due_on is not None
    [waiting] = InboxEntry.objects.filter(owner=user)
    assert (waiting.name, waiting.email) == ("Grace Hopper", "grace@example.net")


def test_a_bcc_logs_the_people_written_to(maya, inbox):
    user, ada, address = maya
    message = mail(
        to="Ada <ada@example.org>",
        sender=user.email,
        subject="Thanks for today",
        text="Thank you Ada!",
        Cc="Lin <lin@example.com>",
    )
    deliver(inbox, message, [address])  # only in the envelope
    assert Interaction.objects.get(contact=ada).notes == "Email: Thanks for today"
    assert list(InboxEntry.objects.values_list("email", flat=True)) == ["lin@example.com"]


def test_the_inbox_adds_or_ignores_with_one_click(maya, inbox, client):
    user, _, address = maya
    deliver(
        inbox,
        mail(
            to=address,
            sender=user.email,
            subject="Fwd: Coffee next week?",
            text=FORWARD.format(me=user.email),
        ),
        [address],
    )
    client.force_login(user)
    network = client.get(reverse("network:index")).content.decode()
    assert address in network and "1 person from your emails waits in the Inbox" in network
    page = client.get(reverse("network:inbox")).content.decode()
    assert address in page and "Grace Hopper" in page
    entry = InboxEntry.objects.get()

    response = client.post(reverse("network:inbox_add", args=[entry.pk]))

    assert response.status_code == 302
    grace = Contact.objects.get(owner=user, email="grace@example.net")
    assert grace.name == "Grace Hopper"
    assert grace.interactions.get().notes.startswith("Email: Coffee next week?")
    assert not InboxEntry.objects.exists()
    other = InboxEntry.objects.create(owner=user, email="x@example.com", date=datetime.date.today())
    client.post(reverse("network:inbox_ignore", args=[other.pk]))
    assert not InboxEntry.objects.exists()
    assert Contact.objects.filter(owner=user).count() == 2


def test_someone_waiting_then_imported_leaves_the_inbox_with_the_conversation(maya, inbox, client):
    """The review's journey: Grace waits in the Inbox, then comes in from LinkedIn (her address
    in another case); she was still shown as not in the network, and adding her doubled her."""
    user, _, address = maya
    deliver(
        inbox,
        mail(
            to=address,
            sender=user.email,
            subject="Fwd: Coffee next week?",
            text=FORWARD.format(me=user.email),
        ),
        [address],
    )
    entry = InboxEntry.objects.get(owner=user, email="grace@example.net")
    client.force_login(user)
    export = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Grace,Hopper,https://linkedin.com/in/gh,Grace@Example.NET,Navy,Admiral,1 Dec 2025\n"
    )

    report = client.post(
        reverse("network:import"),
        {"file": SimpleUploadedFile("Connections.csv", export.encode(), content_type="text/csv")},
    )

    assert "<strong>1</strong> imported" in report.content.decode()
    [grace] = Contact.objects.filter(owner=user, email__iexact="grace@example.net")
    [logged] = grace.interactions.all()
    assert (logged.kind, logged.date) == ("message", entry.date)
    assert logged.notes.startswith("Email: Coffee next week?")
    assert not InboxEntry.objects.filter(owner=user).exists()
    assert "grace@example.net" not in client.get(reverse("network:inbox")).content.decode()
    assert client.post(reverse("network:inbox_add", args=[entry.pk])).status_code == 404
    assert Contact.objects.filter(owner=user, email__iexact="grace@example.net").count() == 1


def test_a_replaced_address_stops_working_and_strangers_are_refused(maya, inbox, client):
    user, _, address = maya
    stranger = mail(
        to=address, sender="mallory@example.com", subject="Hi", text="spam", Cc="ada@example.org"
    )
    with pytest.raises(smtplib.SMTPDataError):
        deliver(inbox, stranger, [address])
    client.force_login(user)
    client.post(reverse("network:mail_drop_replace"))
    bcc = mail(to="ada@example.org", sender=user.email, subject="Hi", text="Hello")
    with pytest.raises(smtplib.SMTPDataError) as error:
        deliver(inbox, bcc, [address])
    assert b"address for logging email is not valid" in error.value.smtp_error
    assert not Interaction.objects.exists()
    assert SecurityEvent.objects.filter(user=user, kind="mail_refused").count() == 1
    assert SecurityEvent.objects.filter(user=user, kind="token_changed").count() == 2
    assert InboundMessage.objects.filter(outcome="refused").count() == 2
