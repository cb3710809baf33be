"""Replying to a check-in reminder checks in: smtplib sends the reply to the real receiver
(aiosmtpd, the one `manage.py receive_mail` serves), which hands it to the inbound handler."""

import datetime
import logging
import smtplib

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.utils import timezone

from apps.accounts.models import SecurityEvent
from apps.checkins.models import CheckIn
from apps.inbound.models import InboundMessage
from apps.inbound.services import inbound_message_receive, inbound_purge
from tests.factories import UserFactory
from tests.inbound.mailauth import refused, reply, send

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reply_to_the_reminder_saves_the_check_in_and_confirms_it(maya, inbox, smtp):
    user, reply_to = maya
    assert reply_to.startswith("checkin+") and len(reply_to.partition("@")[0]) <= 64

    send(inbox, reply(to=reply_to, sender=f"Maya <{user.email}>"))

    checkin = CheckIn.objects.filter(owner=user).latest("created_at")
    assert (checkin.north_star_progress, checkin.job_or_career) == (4, 3)
    assert checkin.learned == "how to scope a data project"
    assert checkin.network == "coffee with Ada"
    assert checkin.next_step == "send Ada the draft"
    assert checkin.previous_step == "Ask Ada for feedback"
    assert checkin.notes == "I felt good about this week."  # no sign-off, signature or quote
    [confirmation] = smtp.messages
    assert confirmation["To"] == user.email
    assert confirmation["Subject"] == "[careerbuilder] Your check-in is saved"
    assert confirmation["Auto-Submitted"] == "auto-replied"
    body = confirmation.get_payload()[0].get_payload(decode=True).decode()
    assert "North Star: 4 of 5" in body and "/reminders/checkin/" in body


def test_a_second_reply_edits_the_same_check_in_and_the_same_message_counts_once(maya, inbox):
    user, reply_to = maya
    first = reply(to=reply_to, sender=user.email)
    send(inbox, first)
    send(inbox, first)  # delivered twice: the same Message-ID
    send(inbox, reply(to=reply_to, sender=user.email, text="north star: 5"))

    checkins = CheckIn.objects.filter(owner=user).order_by("created_at")
    assert checkins.count() == 2  # the earlier one, and this period's
    assert checkins.last().north_star_progress == 5
    assert InboundMessage.objects.filter(outcome="saved").count() == 2
    assert InboundMessage.objects.filter(outcome="ignored").count() == 0  # duplicates: no line


@pytest.mark.parametrize(
    "charset, text",
    [("iso-8859-1", "Learned: café négociation"), ("windows-1252", "Learned: “quotes” – café")],
)
def test_a_reply_in_a_legacy_charset_is_read_correctly(maya, inbox, charset, text):
    user, reply_to = maya
    send(
        inbox,
        reply(
            to=reply_to,
            sender=user.email,
            charset=charset,
            text=f"North Star: 2\nCareer: 4\n{text}\n",
        ),
    )
    checkin = CheckIn.objects.filter(owner=user).latest("created_at")
    assert checkin.learned == text.removeprefix("Learned: ")


def test_an_html_only_reply_is_read_as_its_text(maya, inbox):
    user, reply_to = maya
    html = (
        "<html><body><div>North Star: 3</div><div>Career: <b>5</b></div><p>Next: call Ada</p>"
        '<blockquote type="cite">On Monday careerbuilder wrote:<br>North Star: 1</blockquote>'
        "</body></html>"
    )
    send(inbox, reply(to=reply_to, sender=user.email, html=html))
    checkin = CheckIn.objects.filter(owner=user).latest("created_at")
    assert (checkin.north_star_progress, checkin.job_or_career) == (3, 5)
    assert checkin.next_step == "call Ada"


def test_mail_from_an_address_that_is_not_the_accounts_verified_one_is_refused(
    maya, inbox, smtp, caplog
):
    user, reply_to = maya
    EmailAddress.objects.create(user=user, email="maya@mail.example.com", verified=False)
    for sender in ("Mallory <mallory@example.com>", "maya@mail.example.com"):  # both DKIM-signed
        with caplog.at_level(logging.WARNING, logger="careerbuilder.inbound"):
            reason = refused(inbox, reply(to=reply_to, sender=sender))
        assert "not the account's verified address" in reason
    assert CheckIn.objects.filter(owner=user).count() == 1  # only the earlier one
    [event] = SecurityEvent.objects.filter(user=user, kind="mail_refused")  # one per cause
    assert event.count == 2 and "2 times this hour" in event.detail
    assert "sender at mail.example.com" in event.detail and "Mallory" not in event.detail
    assert "not the account's verified address" in caplog.text
    assert smtp.messages == []  # nothing goes back to a stranger


def test_a_wrong_altered_or_someone_elses_token_is_refused(maya, inbox):
    user, reply_to = maya
    local, _, domain = reply_to.partition("@")
    other = UserFactory()
    altered = local[:-1] + ("0" if local[-1] != "0" else "1")
    someone_elses = local.replace(f"checkin+{user.pk}-", f"checkin+{other.pk}-")
    for address in (
        f"checkin+nonsense@{domain}",
        f"{altered}@{domain}",
        f"{someone_elses}@{domain}",
    ):
        reason = refused(inbox, reply(to=address, sender=user.email))
        assert "address is not valid" in reason
    reason = refused(inbox, reply(to=f"hello@{domain}", sender=user.email))
    assert "no such address" in reason
    assert CheckIn.objects.filter(owner=user).count() == 1


def test_a_reply_after_its_period_has_ended_is_accepted_and_answered_once(maya, inbox, smtp):
    user, reply_to = maya
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        assert send(inbox, reply(to=reply_to, sender=user.email)) == {}  # 250: it is hers
    assert CheckIn.objects.filter(owner=user).count() == 1
    [note] = smtp.messages
    assert note["Subject"] == "[careerbuilder] Your check-in was not saved"
    body = note.get_payload()[0].get_payload(decode=True).decode()
    assert "period has ended" in body and "/checkins/new/" in body
    assert not SecurityEvent.objects.filter(user=user, kind="mail_refused").exists()


@pytest.mark.parametrize(
    "headers, sender",
    [
        ({"Auto_Submitted": "auto-replied"}, None),
        ({"Precedence": "bulk"}, None),
        ({}, ""),  # a bounce: the envelope's sender is empty
    ],
)
def test_auto_replies_and_bounces_are_ignored(maya, inbox, smtp, headers, sender):
    user, reply_to = maya
    message = reply(to=reply_to, sender=user.email, text="I am out of office. North Star: 1")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    send(inbox, message, sender=sender)  # accepted (no bounce back), and dropped
    assert CheckIn.objects.filter(owner=user).count() == 1
    assert smtp.messages == []


def test_a_reply_without_the_two_answers_is_accepted_and_answered_once_saying_why(
    maya, inbox, smtp
):
    user, reply_to = maya
    # accepted (250), not bounced: one answer, ours, and no bounce as well
    assert send(inbox, reply(to=reply_to, sender=user.email, text="North Star: 9\nGreat!")) == {}
    assert CheckIn.objects.filter(owner=user).count() == 1
    [note] = smtp.messages
    assert note["Subject"] == "[careerbuilder] Your check-in was not saved"
    body = note.get_payload()[0].get_payload(decode=True).decode()
    assert "North Star: answer with a number from 1 to 5." in body
    assert "/reminders/checkin/" in body
    assert InboundMessage.objects.get().outcome == "unclear"
    assert not SecurityEvent.objects.filter(user=user, kind="mail_refused").exists()


def test_oversize_and_malformed_mail_is_refused_and_the_receiver_keeps_going(maya, inbox, settings):
    user, reply_to = maya
    settings.INBOUND_MAX_BYTES = 5000
    big = reply(to=reply_to, sender=user.email, text="North Star: 4\nCareer: 4\n" + "x" * 6000)
    with pytest.raises(smtplib.SMTPException):
        send(inbox, big)
    assert inbound_message_receive(raw=b"\xff\xfe" * 3000, sender="a@b.c", recipients=[reply_to])[
        0
    ].refused
    for garbage in (
        b"\x00\x01\x02",
        b"From: \r\n\r\n\xff",
        b"Content-Type: multipart/mixed\r\n\r\n--",
    ):
        with smtplib.SMTP("127.0.0.1", inbox) as client:
            with pytest.raises(smtplib.SMTPDataError) as error:  # read, found wanting, no crash
                client.sendmail(user.email, [reply_to], garbage)
            assert error.value.smtp_code == 550
    send(inbox, reply(to=reply_to, sender=user.email))  # and the next one is saved
    assert CheckIn.objects.filter(owner=user).count() == 2


def test_the_receiver_relays_nothing(inbox):
    with smtplib.SMTP("127.0.0.1", inbox) as client, pytest.raises(smtplib.SMTPRecipientsRefused):
        client.sendmail("a@example.com", ["someone@gmail.com"], b"Subject: hi\r\n\r\nhi")


def test_inbound_mail_is_limited_per_user_and_so_are_confirmations(maya, inbox, smtp, settings):
    user, reply_to = maya
    settings.INBOUND_PER_HOUR, settings.INBOUND_CONFIRMATIONS_PER_HOUR = 4, 2
    for n in range(4):
        send(inbox, reply(to=reply_to, sender=user.email, text=f"North Star: {n + 1}\nCareer: 2"))
    reason = refused(inbox, reply(to=reply_to, sender=user.email, text="North Star: 5\nCareer: 5"))
    assert "too many" in reason
    assert CheckIn.objects.filter(owner=user).latest("created_at").north_star_progress == 4
    assert len(smtp.messages) == 2
    assert SecurityEvent.objects.filter(user=user, kind="mail_refused").count() == 1


def test_the_log_of_received_mail_is_deleted_after_its_retention(maya, inbox):
    user, reply_to = maya
    send(inbox, reply(to=reply_to, sender=user.email))
    assert inbound_purge() == 0
    assert inbound_purge(now=timezone.now() + datetime.timedelta(days=31)) == 1
    assert CheckIn.objects.filter(owner=user).count() == 2  # the check-in stays
