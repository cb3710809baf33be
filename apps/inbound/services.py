"""Mail to careerbuilder, by whichever road it arrives (the built-in SMTP/LMTP receiver or a
provider's inbound webhook), handled here and only here: `inbound_message_receive`.

A message is read once per address it came to. Mail nobody wrote (auto-replies, bounces, bulk
mail) is ignored; mail that cannot be taken (malformed, too large, a wrong or expired address, a
sender who is not the account's verified address, too many in an hour) is refused. Either way
the reason goes to the log, to the user's security activity where the address names them, and
to a line of InboundMessage, which also records each Message-ID once. Nothing is half-saved: the
check-in and that line are written in one transaction.
"""

import datetime
import hashlib
import logging
import zoneinfo
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import getaddresses, parsedate_to_datetime

from allauth.account.models import EmailAddress
from celery import current_app
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from apps.accounts.audit import Actor, record
from apps.accounts.models import Road, SecurityEventKind, User
from apps.core.mail import header_text
from apps.network.models import MailDropAddress
from apps.network.services import email_log, inbox_purge
from apps.reminders.links import read_checkin_reply_token
from apps.reminders.selectors import checkin_period_now, checkin_reminder
from apps.reminders.services import reminders_checkin_answer

from .models import InboundMessage, Outcome
from .parsing import (
    FORWARDED,
    forward_note,
    latest_reply,
    message_text,
    parse_message,
    people_in,
    read_checkin_reply,
)

logger = logging.getLogger("careerbuilder.inbound")

AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}


@dataclass(frozen=True)
class Received:
    """What became of a message at one address."""

    outcome: str
    reason: str
    user: User | None = None

    @property
    def refused(self) -> bool:
        return self.outcome == Outcome.REFUSED


def inbound_message_receive(*, raw: bytes, sender: str, recipients: list[str]) -> list[Received]:
    """Handles one message as delivered: its bytes, the envelope's sender (empty for a bounce)
    and the recipients of ours it came to; one result per recipient. Never raises for anything
    in the message."""
    if len(raw) > settings.INBOUND_MAX_BYTES:
        return [_refused(to, "the message is larger than careerbuilder takes") for to in recipients]
    try:
        message = parse_message(raw)
        message_id = _message_id(message, raw)
    except Exception:  # the parser is lenient, but a message is anyone's bytes
        logger.warning("inbound mail refused: malformed (sender %r)", sender[:200])
        return [_refused(to, "the message is malformed") for to in recipients]
    return [_receive_safely(message, message_id, sender, to) for to in recipients]


def _receive_safely(message, message_id: str, sender: str, recipient: str) -> Received:
    """A message that trips anything of ours is refused and logged, never raised; the database
    failing is raised (the receiver answers "try again later", a webhook 500: both retry)."""
    try:
        return _receive(message, message_id, sender, recipient)
    except DatabaseError:
        raise
    except Exception:
        logger.exception("inbound mail refused: it could not be read")
        return _refused(recipient, "the message could not be read")


def _receive(message, message_id: str, sender: str, recipient: str) -> Received:
    purpose, _, token = _local_part(recipient).partition("+")
    line = InboundMessage(
        message_id=message_id, address_digest=_digest(recipient), purpose=purpose[:20]
    )
    if InboundMessage.objects.filter(
        address_digest=line.address_digest, message_id=message_id
    ).exists():
        return _ignored(line, "the same message (Message-ID) was received before")
    automatic = _automatic(message, sender)
    if automatic:
        return _ignored(line, automatic)
    if purpose == "log":
        return _logged_conversation(message, line, token)
    if purpose != "checkin":
        return _refused_line(line, "no such address")
    return _checkin_reply(message, line, token)


def _checkin_reply(message, line: InboundMessage, token: str) -> Received:
    try:
        payload = read_checkin_reply_token(token)
    except signing.BadSignature:
        return _refused_line(line, "the check-in reply address is not valid")
    user = User.objects.filter(pk=payload["u"], is_active=True).first()
    if user is None:
        return _refused_line(line, "the check-in reply address is not valid")
    line.user, period = user, payload["p"]
    sender = _from_address(message)
    refusal = _sender_refused(line, user, sender)
    if refusal:
        return refusal
    reminder = checkin_reminder(user=user, period=period)
    if reminder is None or checkin_period_now(user=user, now=timezone.now()) != period:
        return _refused_line(line, "the period of this check-in has ended", sender=sender)
    refusal = _over_limit(line, user, sender)
    if refusal:
        return refusal
    reply = read_checkin_reply(latest_reply(message_text(message)))
    saved = reminder.checkin
    if saved is None and not reply.complete:
        reply.problems.insert(
            0, "Nothing was saved: a check-in needs “North Star: 1 to 5” and “Career: 1 to 5”."
        )
        return _refused_line(
            line,
            "the reply does not answer both questions",
            sender=sender,
            reply=reply,
            period=period,
        )
    fields = dict(reply.answers)
    if reply.notes:
        fields["notes"] = (
            reply.notes if saved is None or not saved.notes else f"{saved.notes}\n\n{reply.notes}"
        )
    try:
        with transaction.atomic():
            line.outcome, line.reason = (
                Outcome.SAVED,
                "check-in saved" if saved is None else "check-in updated",
            )
            line.save()
            checkin = reminders_checkin_answer(user=user, period=period, **fields)
            _confirm(line, sender=sender, reply=reply, period=period, checkin=checkin)
    except IntegrityError:  # the same message, delivered twice at once: the other one won
        return Received(Outcome.IGNORED, "the same message (Message-ID) was received before", user)
    except ValidationError as error:
        reply.problems.insert(0, "Nothing was saved: " + " ".join(error.messages))
        return _refused_line(
            line, "the check-in's answers are not valid", sender=sender, reply=reply, period=period
        )
    logger.info("inbound check-in %s for user %s", line.reason.split()[-1], user.pk)
    return Received(line.outcome, line.reason, user)


def _sender_refused(line: InboundMessage, user, sender: str) -> Received | None:
    """Mail to a user's address must come from one of their verified addresses."""
    if EmailAddress.objects.filter(user=user, email__iexact=sender, verified=True).exists():
        return None
    return _refused_line(
        line, "it came from an address that is not the account's verified address", sender=sender
    )


def _over_limit(line: InboundMessage, user, sender: str) -> Received | None:
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    received = InboundMessage.objects.filter(user=user, received_at__gte=hour_ago).count()
    if received < settings.INBOUND_PER_HOUR:
        return None
    # said once in the security activity, when the limit is reached, not for each message
    return _refused_line(
        line, "too many messages this hour", sender=sender,
        audit=received == settings.INBOUND_PER_HOUR,
    )  # fmt: skip


def _logged_conversation(message, line: InboundMessage, key: str) -> Received:
    """Mail forwarded or BCC'd to a user's private address: the conversation is logged with
    each contact it names, the others wait in the Inbox. Kept: the subject and, for a forward,
    the user's own note above it; nothing of the other people's words."""
    drop = MailDropAddress.objects.filter(key=key.lower()).select_related("user").first()
    if drop is None or not drop.user.is_active:
        return _refused_line(line, "the address for logging email is not valid")
    user = line.user = drop.user
    sender = _from_address(message)
    refusal = _sender_refused(line, user, sender) or _over_limit(line, user, sender)
    if refusal:
        return refusal
    own = {
        a.lower() for a in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    people = [(name, address) for name, address in people_in(message) if address not in own]
    if not people:
        return _refused_line(line, "it names nobody to log the conversation with", audit=False)
    subject = header_text(str(message.get("Subject", "") or ""))
    forwarded = FORWARDED.match(subject)
    note = forward_note(message_text(message)) if forwarded else ""
    subject = FORWARDED.sub("", subject)[:200]
    try:
        with transaction.atomic():
            logged = email_log(
                owner=user, people=people, subject=subject, note=note[:2000],
                date=_date(message, user),
            )  # fmt: skip
            line.outcome = Outcome.SAVED
            line.reason = (
                f"logged with {len(logged.contacts)} contacts, {len(logged.waiting)} in the Inbox"
            )
            line.save()
    except IntegrityError:
        return Received(Outcome.IGNORED, "the same message (Message-ID) was received before", user)
    except ValidationError as error:
        return _refused_line(line, "not valid: " + " ".join(error.messages)[:150], audit=False)
    logger.info("inbound conversation %s for user %s", line.reason, user.pk)
    return Received(line.outcome, line.reason, user)


def _date(message, user) -> datetime.date:
    """The day the email was written, in the user's time zone (today if unknown or ahead)."""
    tz = zoneinfo.ZoneInfo(user.time_zone)
    today = timezone.now().astimezone(tz).date()
    try:
        written = parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return today
    if written.tzinfo is None:
        return today
    return min(written.astimezone(tz).date(), today)


def _refused_line(
    line: InboundMessage,
    reason: str,
    *,
    sender: str = "",
    audit: bool = True,
    reply=None,
    period="",
) -> Received:
    """Refuses the message with `reason`: in the log, as a line, and, where the address names
    a user, in their security activity (and, for a reply that was read, a note back to them)."""
    line.outcome, line.reason = Outcome.REFUSED, reason
    with transaction.atomic():
        try:
            with transaction.atomic():
                line.save()
        except IntegrityError:
            return Received(
                Outcome.IGNORED, "the same message (Message-ID) was received before", line.user
            )
        if line.user is not None and audit:
            record(
                kind=SecurityEventKind.MAIL_REFUSED,
                actor=Actor(user=None, road=Road.EMAIL),
                user=line.user,
                detail=f"Mail from {sender or 'an unknown sender'} refused: {reason}",
            )
        if reply is not None:
            _confirm(line, sender=sender, reply=reply, period=period, checkin=None)
    logger.warning("inbound %s mail refused: %s (user %s)", line.purpose, reason, line.user_id)
    return Received(Outcome.REFUSED, reason, line.user)


def _ignored(line: InboundMessage, reason: str) -> Received:
    logger.info("inbound %s mail ignored: %s", line.purpose, reason)
    return Received(Outcome.IGNORED, reason)


def _refused(recipient: str, reason: str) -> Received:
    logger.warning(
        "inbound mail to %s refused: %s", _local_part(recipient).partition("+")[0], reason
    )
    return Received(Outcome.REFUSED, reason)


def _confirm(line: InboundMessage, *, sender, reply, period, checkin) -> None:
    """Tells the sender what was understood, once the transaction commits: at most
    INBOUND_CONFIRMATIONS_PER_HOUR emails an hour to one user."""
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    sent = InboundMessage.objects.filter(user=line.user, confirmed=True, received_at__gte=hour_ago)
    if sent.count() >= settings.INBOUND_CONFIRMATIONS_PER_HOUR:
        return
    InboundMessage.objects.filter(pk=line.pk).update(confirmed=True)

    arguments = {
        "user_id": line.user_id, "to": sender, "period": period,
        "checkin_id": checkin.pk if checkin else None, "problems": reply.problems,
    }  # fmt: skip
    # by name, like the reminders' tasks: the services never import the tasks
    transaction.on_commit(lambda: current_app.tasks["inbound.confirm"].delay(**arguments))


def _automatic(message, sender: str) -> str:
    """Why the message was sent by a machine rather than written (auto-reply, bounce, bulk), or
    an empty string."""
    if not sender.strip("<> "):
        return "it has an empty sender (a bounce or other automatic message)"
    auto_submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    if auto_submitted and auto_submitted != "no":
        return f"it is automatic (Auto-Submitted: {auto_submitted[:30]})"
    if str(message.get("Precedence", "")).strip().lower() in AUTOMATIC_PRECEDENCE:
        return "it is bulk or automatic mail (Precedence)"
    if message.get("X-Autoreply") or message.get("X-Autorespond"):
        return "it is an auto-reply"
    return ""


def _from_address(message) -> str:
    try:
        addresses = getaddresses([str(message.get("From", ""))])
    except Exception:
        return ""
    return addresses[0][1].strip().lower() if len(addresses) == 1 else ""


def _message_id(message, raw: bytes) -> str:
    value = str(message.get("Message-ID", "") or "").strip()
    if value and len(value) <= 255 and value.isprintable():
        return value
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def _local_part(address: str) -> str:
    address = address.strip().strip("<>")
    try:
        return Address(addr_spec=address).username.lower()
    except Exception:
        return address.rpartition("@")[0].lower()


def _digest(address: str) -> str:
    return hashlib.sha256(address.strip().strip("<>").lower().encode()).hexdigest()


def is_ours(address: str) -> bool:
    """Whether an envelope recipient is at careerbuilder's mail domain."""
    return (
        address.strip().strip("<>").lower().rpartition("@")[2]
        == settings.INBOUND_MAIL_DOMAIN.lower()
    )


def inbound_purge(*, now: datetime.datetime | None = None, batch: int = 1000) -> int:
    """Deletes the lines older than INBOUND_RETENTION_DAYS, a batch at a time."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.INBOUND_RETENTION_DAYS)
    deleted = 0
    while ids := list(
        InboundMessage.objects.filter(received_at__lt=cutoff).values_list("pk", flat=True)[:batch]
    ):
        deleted += InboundMessage.objects.filter(pk__in=ids).delete()[0]
    inbox_purge(now=now or timezone.now(), days=settings.INBOUND_RETENTION_DAYS)
    return deleted
