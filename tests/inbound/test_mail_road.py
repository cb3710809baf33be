"""The findings of the mail road's security test, each closed as a class: a sender is who the
mail's authentication says, not who `From:` says; refused mail counts against the address's
limit and is one security entry per cause; a control character anywhere never makes the sender
retry; replies arriving at once keep every note; a message stuck in its handler holds no other;
a saved reply reads what it needs in a few queries."""

import smtplib
import threading
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage
from email.utils import make_msgid

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from apps.accounts.audit import Actor
from apps.accounts.models import SecurityEvent
from apps.checkins.models import CheckIn
from apps.inbound.models import InboundMessage
from apps.inbound.services import inbound_message_receive
from apps.network.models import InboxEntry, Interaction
from apps.network.services import mail_drop_replace
from apps.reminders import services
from apps.reminders.links import make_checkin_reply_address
from apps.reminders.models import Reminder
from tests.conftest import checkin_due_now, require_service
from tests.factories import ContactFactory, UserFactory
from tests.inbound.mailauth import deliver, refused, reply, send, signed

pytestmark = pytest.mark.django_db(transaction=True)


def raw_reply(*, to, sender, text="North Star: 4\nCareer: 3\n", **headers) -> bytes:
    return reply(to=to, sender=sender, text=text, **headers).as_bytes()


# The sender is authenticated, not read from From


def test_a_forged_from_with_a_strangers_envelope_is_refused(maya, inbox, smtp):
    user, reply_to = maya
    forged = reply(to=reply_to, sender=user.email, text="North Star: 1\nCareer: 1")

    reason = refused(inbox, forged, sender="attacker@evil.example")

    assert "not authenticated" in reason and "envelope sender" in reason
    assert CheckIn.objects.filter(owner=user).count() == 1
    assert smtp.messages == []


def test_a_forged_from_to_the_logging_address_creates_nothing(inbox):
    user = UserFactory()
    address = mail_drop_replace(user=user, actor=Actor(user)).address
    message = reply(to=address, sender=user.email, Cc="Eve <eve@evil.example>")
    with pytest.raises(smtplib.SMTPDataError) as error:  # unsigned, from the attacker's server
        deliver(inbox, message, sender="attacker@evil.example", sign=False)
    assert error.value.smtp_code == 550
    assert not InboxEntry.objects.exists() and not Interaction.objects.exists()


@pytest.mark.parametrize(
    "case",
    ["unsigned", "signed by another domain", "body changed after signing", "envelope misaligned"],
)
def test_the_built_in_receiver_wants_an_aligned_dkim_signature(maya, case):
    user, reply_to = maya
    raw = raw_reply(to=reply_to, sender=user.email)
    envelope = user.email
    if case == "signed by another domain":
        raw = signed(raw, domain="example.org")  # a valid signature, of example.org
    elif case == "body changed after signing":
        raw = signed(raw).replace(b"Career: 3", b"Career: 1")
    elif case == "envelope misaligned":
        raw, envelope = signed(raw), "bounce@evil.example"

    [result] = inbound_message_receive(raw=raw, sender=envelope, recipients=[reply_to])

    assert result.refused and "not authenticated" in result.reason
    assert CheckIn.objects.filter(owner=user).count() == 1
    [ok] = inbound_message_receive(
        raw=signed(raw_reply(to=reply_to, sender=user.email)),
        sender=user.email,
        recipients=[reply_to],
    )
    assert ok.outcome == "saved"


def results(authserv_id: str, verdicts: str) -> str:
    return f"{authserv_id}; {verdicts}"


MTA = "mx.careerbuilder.test"


@pytest.mark.parametrize(
    "header, saved",
    [
        (results(MTA, "dmarc=pass header.from=example.com"), True),
        (results(MTA, "dkim=pass header.d=example.com; dmarc=none"), True),
        (results(MTA, "spf=pass smtp.mailfrom=person@example.com"), True),
        (results(MTA, "dkim=pass header.d=example.com; dmarc=fail"), False),
        (results(MTA, "dkim=pass header.d=evil.example"), False),
        (results(MTA, "none"), False),
    ],
)
@pytest.mark.parametrize("milter", ["above our Received line", "below it (OpenDMARC)"])
def test_behind_an_mta_only_its_authentication_results_count(maya, settings, header, saved, milter):
    settings.INBOUND_SENDER_POLICY = "authentication-results"
    settings.INBOUND_AUTHSERV_ID = MTA
    user, reply_to = maya
    message = reply(to=reply_to, sender=user.email)
    # the sender's own header, claiming a pass under the trusted id: it can only make it stricter
    message["Authentication-Results"] = results("MX.careerbuilder.test ", "dmarc=pass")
    ours = [f"Authentication-Results: {header}", f"Received: from mail.example.com by {MTA}"]
    if milter.startswith("below"):
        ours.reverse()
    raw = "\r\n".join(ours).encode() + b"\r\n" + message.as_bytes()

    [result] = inbound_message_receive(raw=raw, sender=user.email, recipients=[reply_to])

    assert (result.outcome == "saved") is saved, result.reason


def test_behind_an_mta_a_message_without_its_header_is_refused(maya, settings):
    settings.INBOUND_SENDER_POLICY = "authentication-results"
    settings.INBOUND_AUTHSERV_ID = MTA
    user, reply_to = maya
    message = reply(to=reply_to, sender=user.email)
    message["Authentication-Results"] = results("mx.evil.example", "dmarc=pass")
    [result] = inbound_message_receive(
        raw=signed(message.as_bytes()), sender=user.email, recipients=[reply_to]
    )
    assert result.refused and f"no Authentication-Results from {MTA}" in result.reason


def test_healthz_names_the_sender_policy_in_force(client, settings):
    settings.REDIS_URL = ""
    settings.INBOUND_SENDER_POLICY = "dkim"
    detail = client.get("/healthz").json()["detail"]
    assert detail["inbound_sender_policy"].startswith("dkim: DKIM verified here")


# Refused mail counts against the limit; the security activity gets one entry per cause


def test_a_flood_of_refused_mail_is_one_security_entry_per_cause_and_stops_at_the_limit(
    maya,
    settings,
):
    settings.INBOUND_PER_HOUR = 30
    user, reply_to = maya
    for number in range(40):
        sender = f'"Reset your password at evil.example NOW {number}" <mallory@example.com>'
        raw = signed(raw_reply(to=reply_to, sender=sender))
        [result] = inbound_message_receive(
            raw=raw, sender="mallory@example.com", recipients=[reply_to]
        )
        assert result.refused

    assert InboundMessage.objects.filter(user=user).count() == 30  # nothing written past it
    events = SecurityEvent.objects.filter(user=user, kind="mail_refused").order_by("pk")
    assert [event.count for event in events] == [30, 10]
    assert "not the account's verified address (30 times" in events[0].detail
    assert events[1].detail.startswith("Too many messages this hour (10 times")
    assert not any("Reset your password" in event.detail for event in events)
    # and her own reply waits for the next hour too: every message counted
    [own] = inbound_message_receive(
        raw=signed(raw_reply(to=reply_to, sender=user.email)),
        sender=user.email,
        recipients=[reply_to],
    )
    assert own.refused and own.reason == "too many messages this hour"


def test_mail_to_an_address_that_names_nobody_is_limited_too(settings):
    settings.INBOUND_PER_HOUR = 5
    for number in range(8):
        inbound_message_receive(
            raw=f"From: a@example.com\r\nSubject: {number}\r\n\r\nhi".encode(),
            sender="a@example.com",
            recipients=["checkin+1-20261201-000000000000000000000000@careerbuilder.local"],
        )
    assert InboundMessage.objects.count() == 5


# A control character anywhere in a message never makes its sender retry

CONTROL = [chr(code) for code in [*range(0, 32), 127, 0x85, 0x9F]]


MARK = "CTRLMARK"


def hostile(*, to, sender, character: str, where: str) -> bytes:
    """A message with `character` in one place (or all of them): a display name in From and
    in Cc, the subject, the Date and Message-ID, the plain and HTML bodies, a forwarded note."""

    def put(place: str, text: str) -> str:
        return text.replace("|", MARK if where in (place, "everywhere") else "")

    message = EmailMessage()
    message["From"] = put("from", f'"Ma|ya" <{sender}>')
    message["To"] = to
    message["Cc"] = put("cc", '"Gr|ace" <grace@example.net>')
    message["Subject"] = put("subject", "Fwd: Co|ffee")
    message["Date"] = put("date", "Tue, 1 Dec 2026 09:|30:00 +0000")
    message["Message-ID"] = put("message-id", make_msgid(domain="mail.example.com") + "|")
    text = put("text", "North Star: 4|\nCareer: 3\nNext: ca|ll Ada\nmy no|te\n")
    text += put("note", "\n---------- Forwarded message ---------\nFrom: Ada <ada@example.org>\n")
    message.set_content(text, cte="8bit")
    html = put("html", "<p>North Star: 4|</p><p>Career: 3</p>")
    message.add_alternative(html, subtype="html", cte="8bit")
    return message.as_bytes().replace(MARK.encode(), character.encode("utf-8"))


@pytest.mark.parametrize("character", CONTROL, ids=[f"U+{ord(c):04X}" for c in CONTROL])
def test_a_control_character_anywhere_is_cleaned_or_refused_never_retried(
    maya,
    settings,
    character,
):
    require_service(connection.vendor == "postgresql", "PostgreSQL is what refuses NUL")
    settings.INBOUND_SENDER_POLICY = "none"  # robustness, not authentication, is tested here
    user, reply_to = maya
    drop = mail_drop_replace(user=user, actor=Actor(user)).address
    places = (
        ["everywhere"]
        if character != "\x00"
        else [
            "from",
            "cc",
            "subject",
            "date",
            "message-id",
            "text",
            "note",
            "html",
            "everywhere",
        ]
    )
    for where in places:
        raw = hostile(to=reply_to, sender=user.email, character=character, where=where)
        results = inbound_message_receive(raw=raw, sender=user.email, recipients=[reply_to, drop])
        # never raised (the receiver's 451, a webhook's 500: retried for days), never a fault
        assert len(results) == 2 and not any("could not be read" in r.reason for r in results)
        if character not in "\r\n":  # one that does not end a header's line leaves it hers
            assert all(r.outcome in ("saved", "unclear", "ignored") for r in results), where
    for text in CheckIn.objects.values_list("notes", "next_step", "learned"):
        assert not any("\x00" in value for value in text)


def test_a_nul_in_a_forwarded_note_is_accepted_over_smtp(inbox):
    user = UserFactory()
    ContactFactory(owner=user, email="ada@example.org")
    address = mail_drop_replace(user=user, actor=Actor(user)).address
    message = reply(
        to=address,
        sender=user.email,
        Cc='"Gr\x00ace" <grace@example.net>',
        text="a note\x00 of mine\n---------- Forwarded message ---------\n"
        "From: Ada <ada@example.org>\n",
    )
    message.replace_header("Subject", "Fwd: Coffee")
    assert deliver(inbox, message, recipients=[address]) == {}  # 250, not 451
    assert InboxEntry.objects.get().name == "Gr ace"


# Replies at once


def test_twelve_replies_at_once_keep_every_note_once(maya, inbox, settings):
    require_service(connection.vendor == "postgresql", "needs PostgreSQL's row locks")
    settings.INBOUND_PER_HOUR = 50
    user, reply_to = maya
    send(inbox, reply(to=reply_to, sender=user.email))  # the check-in exists

    def one(number):
        text = f"North Star: 4\nCareer: 3\nNote number {number} of twelve"
        return send(inbox, reply(to=reply_to, sender=user.email, text=text))

    with ThreadPoolExecutor(12) as pool:
        assert list(pool.map(one, range(12))) == [{}] * 12

    notes = CheckIn.objects.filter(owner=user).latest("created_at").notes
    for number in range(12):
        assert notes.count(f"Note number {number} of twelve") == 1


def test_a_second_reply_adds_only_what_the_notes_do_not_hold(maya, inbox):
    user, reply_to = maya
    text = "NORTH STAR 4\nCareer - 3\nA thought of mine"
    send(inbox, reply(to=reply_to, sender=user.email, text=text))
    send(inbox, reply(to=reply_to, sender=user.email, text=text))  # sent again, a new Message-ID
    send(inbox, reply(to=reply_to, sender=user.email, text="Career: 4\nAnother thought"))
    checkin = CheckIn.objects.filter(owner=user).latest("created_at")
    assert checkin.notes == "A thought of mine\n\nAnother thought"
    assert (checkin.north_star_progress, checkin.job_or_career) == (4, 4)


def test_a_message_stuck_in_its_handler_holds_no_other(maya, inbox):
    require_service(connection.vendor == "postgresql", "needs PostgreSQL's row locks")
    user, reply_to = maya
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        other = UserFactory()  # not new: a new account's first check-in is not reminded
    checkin_due_now(other)
    services.reminders_dispatch()
    period = Reminder.objects.get(user=other, kind="checkin").period
    other_address = make_checkin_reply_address(user=other, period=period)
    locked, release = threading.Event(), threading.Event()

    def hold_her_reminder():  # another transaction holds the row her reply must lock
        with transaction.atomic():
            Reminder.objects.select_for_update().get(user=user, kind="checkin")
            locked.set()
            release.wait(60)
        connection.close()

    holder = threading.Thread(target=hold_her_reminder)
    holder.start()
    locked.wait(10)
    with ThreadPoolExecutor(1) as pool:
        stuck = pool.submit(send, inbox, reply(to=reply_to, sender=user.email))
        # while hers waits on the lock, his goes through the same receiver
        assert send(inbox, reply(to=other_address, sender=other.email)) == {}
        assert CheckIn.objects.filter(owner=other).exists()
        assert not stuck.done()
        release.set()
        assert stuck.result(timeout=60) == {}
    holder.join(10)
    assert CheckIn.objects.filter(owner=user).count() == 2


def test_a_saved_reply_reads_what_it_needs_in_at_most_ten_queries(maya):
    user, reply_to = maya
    send_raw = signed(raw_reply(to=reply_to, sender=user.email))
    inbound_message_receive(raw=send_raw, sender=user.email, recipients=[reply_to])
    again = signed(raw_reply(to=reply_to, sender=user.email, text="North Star: 5\nCareer: 4\nHi"))

    with CaptureQueriesContext(connection) as queries:
        [result] = inbound_message_receive(raw=again, sender=user.email, recipients=[reply_to])

    assert result.outcome == "saved"
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith("SELECT")]
    assert len(reads) <= 10, "\n".join(reads)
