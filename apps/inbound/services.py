"""Mail to careerbuilder, by whichever road it arrives (the built-in SMTP/LMTP receiver or a
provider's inbound webhook), handled here and only here: `inbound_message_receive`.

Each message is read once (`Mail`: every text taken from it cleaned of NUL and control
characters there), then once per address it came to, in this order: the address names a user or
is refused; every message to an address counts against its hourly limit before anything else;
each Message-ID is taken once; mail nobody wrote (auto-replies, bounces, bulk) is ignored; the
sender must be authenticated (`authentication.py`) and be one of the user's verified addresses,
or the message is refused (SMTP 550: it is not the user's). Mail that is the user's is accepted:
saved, or, when it cannot be understood (or answers a period that has ended), answered once by
our own email saying why; a calendar's answer to a session invitation is recorded, or refused or
ignored with its reason, and never answered. Refusals go to the log, to a line of
InboundMessage and, once per cause and hour with a count, to the user's security activity.
Nothing is half-saved: the check-in, its line and the confirmation owed (an outbox row, sent
when the broker can take it) are written in one transaction.
"""

import datetime
import hashlib
import logging
import zoneinfo
from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import getaddresses, parsedate_to_datetime
from functools import cached_property

from allauth.account.models import EmailAddress
from celery import current_app
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Road, SecurityEvent, SecurityEventKind, User
from apps.accounts.selectors import suppressed_addresses
from apps.core.i18n import speaking
from apps.meetings.calendar import REPLY, UnreadableCalendar, read_reply
from apps.meetings.links import read_session_reply_token
from apps.meetings.models import Answer, Session, SessionStatus
from apps.meetings.services import session_answer
from apps.network.models import MailDropAddress
from apps.network.services import email_log, inbox_purge
from apps.reminders.links import read_checkin_reply_token
from apps.reminders.selectors import checkin_period_now, checkin_reminder
from apps.reminders.services import reminders_checkin_answer

from .authentication import Verdict, domain_of, sender_verdict
from .emails import checkin_confirmation
from .models import Confirmation, InboundMessage, Outcome
from .parsing import (
    CalendarTooLarge,
    calendar_part,
    clean_text,
    forward_note,
    forward_subject,
    message_text,
    parse_message,
    people_in,
    read_checkin_reply,
)

logger = logging.getLogger("careerbuilder.inbound")

AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
SAME_MESSAGE = "the same message (Message-ID) was received before"
TOO_MANY = "too many messages this hour"
CONFIRM_TASK = "inbound.confirm"
CONFIRMATION_LEASE = datetime.timedelta(minutes=5)


@dataclass(frozen=True)
class Received:
    """What became of a message at one address."""

    outcome: str
    reason: str
    user: User | None = None

    @property
    def refused(self) -> bool:
        return self.outcome == Outcome.REFUSED


class Mail:
    """A message as the handler reads it. Every text taken from it (addresses, subject, body,
    names) is cleaned here, the one entry point, so no NUL or control character reaches the
    database or a log line; what is costly (the body's text, the sender's verdict) is worked
    out once, when first needed, whatever the number of recipients."""

    def __init__(self, raw: bytes, envelope_sender: str, verdict: Verdict | None):
        self.raw = raw
        self.message = parse_message(raw)
        self.envelope_sender = clean_text(envelope_sender, lines=False).strip()[:320]
        self.given_verdict = verdict
        self.message_id = self._message_id()
        self.from_address = self._from_address()

    def header(self, name: str, limit: int = 1000) -> str:
        """A header's value as one clean line (the empty string if absent or unreadable)."""
        try:
            value = str(self.message.get(name, "") or "")
        except Exception:  # a header the standard library cannot decode
            return ""
        return " ".join(clean_text(value[:limit], lines=False).split())

    def _message_id(self) -> str:
        value = self.header("Message-ID", 1000)
        if value and len(value) <= 255:
            return value
        return "sha256:" + hashlib.sha256(self.raw).hexdigest()

    def _from_address(self) -> str:
        addresses = getaddresses([self.header("From")])
        return addresses[0][1].strip().lower()[:254] if len(addresses) == 1 else ""

    @cached_property
    def automatic(self) -> str:
        """Why the message was sent by a machine rather than written (auto-reply, bounce,
        bulk), or an empty string."""
        if not self.envelope_sender.strip("<> "):
            return "it has an empty sender (a bounce or other automatic message)"
        auto_submitted = self.header("Auto-Submitted").lower() or "no"
        if auto_submitted != "no":
            return f"it is automatic (Auto-Submitted: {auto_submitted[:30]})"
        if self.header("Precedence").lower() in AUTOMATIC_PRECEDENCE:
            return "it is bulk or automatic mail (Precedence)"
        if self.header("X-Autoreply") or self.header("X-Autorespond"):
            return "it is an auto-reply"
        return ""

    @cached_property
    def verdict(self) -> Verdict:
        if self.given_verdict is not None:
            return self.given_verdict
        return sender_verdict(
            raw=self.raw,
            message=self.message,
            envelope_sender=self.envelope_sender,
            from_address=self.from_address,
        )

    @cached_property
    def text(self) -> str:
        return message_text(self.message)

    @cached_property
    def subject(self) -> str:
        return self.header("Subject")

    def date(self, time_zone: str) -> datetime.date:
        """The day the email was written, in the user's time zone (today if unknown or ahead)."""
        tz = zoneinfo.ZoneInfo(time_zone)
        today = timezone.now().astimezone(tz).date()
        try:
            written = parsedate_to_datetime(self.header("Date", 200))
        except (TypeError, ValueError, IndexError, OverflowError):
            return today
        if written.tzinfo is None:
            return today
        return min(written.astimezone(tz).date(), today)


def inbound_message_receive(
    *, raw: bytes, sender: str, recipients: list[str], verdict: Verdict | None = None
) -> list[Received]:
    """Handles one message as delivered: its bytes, the envelope's sender (empty for a bounce),
    the recipients of ours it came to, and, from a provider's webhook, the provider's verdict on
    the sender; one result per recipient. Never raises for anything in the message; raises
    DatabaseError when the database fails (the sender tries again later)."""
    if len(raw) > settings.INBOUND_MAX_BYTES:
        return [_refused(to, "the message is larger than careerbuilder takes") for to in recipients]
    try:
        mail = Mail(raw, sender, verdict)
    except Exception:  # the parser is lenient, but a message is anyone's bytes
        logger.warning("inbound mail refused: malformed (sender %r)", sender[:200])
        return [_refused(to, "the message is malformed") for to in recipients]
    return [_receive_safely(mail, to) for to in recipients]


def _receive_safely(mail: Mail, recipient: str) -> Received:
    """A message that trips anything of ours is refused and logged, never raised; only the
    database failing is raised (the receiver answers "try again later", a webhook 500)."""
    try:
        return _receive(mail, recipient)
    except DatabaseError as error:
        if _database_refused_the_data(error):  # the data, not the database: retrying won't help
            logger.exception("inbound mail refused: the database refused what it holds")
            return _refused(recipient, "the message could not be read")
        raise
    except Exception:
        logger.exception("inbound mail refused: it could not be read")
        return _refused(recipient, "the message could not be read")


def _database_refused_the_data(error: DatabaseError) -> bool:
    """PostgreSQL refusing a value (SQLSTATE class 22, data exception: a NUL, a bad encoding)
    says nothing about the database being down."""
    sqlstate = getattr(getattr(error, "__cause__", None), "sqlstate", None) or ""
    return sqlstate.startswith("22")


@dataclass
class Addressee:
    """Whom an address names: the user, what for (and, for a check-in reply, which period; for
    a calendar's answer to a session invitation, which session)."""

    user_id: int | None
    purpose: str
    period: str = ""
    session_id: int | None = None
    refusal: str = ""


def _addressee(recipient: str) -> Addressee:
    purpose, token = _local_part(recipient).partition("+")[::2]
    purpose = purpose[:20]
    if purpose == "checkin":
        try:
            payload = read_checkin_reply_token(token)
        except signing.BadSignature:
            return Addressee(None, purpose, refusal="the check-in reply address is not valid")
        return Addressee(payload["u"], purpose, period=payload["p"])
    if purpose == "log":
        user_id = (
            MailDropAddress.objects.filter(key=token.lower()[:100])
            .values_list("user_id", flat=True)
            .first()
        )
        if user_id is None:
            return Addressee(None, purpose, refusal="the address for logging email is not valid")
        return Addressee(user_id, purpose)
    if purpose == "session":
        try:
            session_id, user_id = read_session_reply_token(token)
        except signing.BadSignature:
            return Addressee(None, purpose, refusal="the session reply address is not valid")
        return Addressee(user_id, purpose, session_id=session_id)
    return Addressee(None, purpose, refusal="no such address")


def _receive(mail: Mail, recipient: str) -> Received:
    addressee = _addressee(recipient)
    line = InboundMessage(
        message_id=mail.message_id, address_digest=_digest(recipient), purpose=addressee.purpose
    )
    if addressee.user_id is None:
        return _refused_stranger(line, addressee.refusal)
    user = _user_facts(addressee.user_id, mail, line.address_digest)
    if user is None:
        return _refused_stranger(line, "the address is not valid")
    line.user = user
    if user.received_this_hour >= settings.INBOUND_PER_HOUR:
        return _refused(recipient, TOO_MANY, user=user, sender=mail)  # no line: a flood writes none
    if user.same_message:
        logger.info("inbound %s mail ignored: %s", line.purpose, SAME_MESSAGE)
        return Received(Outcome.IGNORED, SAME_MESSAGE, user)
    if mail.automatic:
        return _line_saved(line, Outcome.IGNORED, mail.automatic)
    if not mail.verdict.passed:
        return _refused_line(line, f"its sender is not authenticated ({mail.verdict.reason})", mail)
    if not user.sender_verified:
        return _refused_line(
            line, "it came from an address that is not the account's verified address", mail
        )
    if addressee.purpose == "log":
        return _logged_conversation(mail, line, user)
    if addressee.purpose == "session":
        return _session_reply(mail, line, user, addressee.session_id)
    with speaking(user):  # what the reply gets wrong is told in the user's language
        return _checkin_reply(mail, line, user, addressee.period)


def _user_facts(user_id: int, mail: Mail, address_digest: str) -> User | None:
    """The active user an address names, in one query with what deciding about a message
    needs: how many messages reached them this hour, whether this one came before, and whether
    its From is one of their verified addresses."""
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    recent = (
        InboundMessage.objects.filter(user=OuterRef("pk"), received_at__gte=hour_ago)
        .order_by()
        .values("user")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        User.objects.filter(pk=user_id, is_active=True)
        .annotate(
            received_this_hour=Coalesce(Subquery(recent), 0),
            same_message=Exists(
                InboundMessage.objects.filter(
                    address_digest=address_digest, message_id=mail.message_id
                )
            ),
            sender_verified=Exists(
                EmailAddress.objects.filter(
                    user=OuterRef("pk"), email__iexact=mail.from_address, verified=True
                )
            )
            if mail.from_address
            else Value(False),
        )
        .first()
    )


def _checkin_reply(mail: Mail, line: InboundMessage, user, period: str) -> Received:
    reminder = checkin_reminder(user=user, period=period)
    if reminder is None or checkin_period_now(user=user, now=timezone.now()) != period:
        # no link for the period that ended: the confirmation points at the site's check-in
        return _unclear(
            line, mail, "", [_("This reply answers a check-in whose period has ended.")]
        )
    reply = read_checkin_reply(mail.text)
    if reminder.checkin is None and not reply.complete:
        reply.problems.insert(
            0, _("Nothing was saved: a check-in needs “North Star: 1 to 5” and “Career: 1 to 5”.")
        )
        return _unclear(line, mail, period, reply.problems)
    if reminder.checkin is not None and reply.empty:
        return _unclear(line, mail, period, [_("Nothing in this reply answers the check-in.")])
    try:
        with transaction.atomic():
            line.outcome = Outcome.SAVED
            line.reason = "check-in saved" if reminder.checkin is None else "check-in updated"
            line.save()
            checkin = reminders_checkin_answer(
                user=user, period=period, add_notes=reply.notes, **reply.answers
            )
            if not all(text in checkin.notes for text in reply.notes.splitlines()):
                reply.problems.append(_("Notes: what did not fit in the notes was left out."))
            _confirm(line, mail, period=period, problems=reply.problems, checkin=checkin)
    except IntegrityError:  # the same message, delivered twice at once: the other one won
        return Received(Outcome.IGNORED, SAME_MESSAGE, user)
    except ValidationError as error:
        problem = _("Nothing was saved: %(reason)s") % {"reason": " ".join(error.messages)}
        return _unclear(line, mail, period, [problem])
    logger.info("inbound check-in %s for user %s", line.reason.split()[-1], user.pk)
    return Received(line.outcome, line.reason, user)


def _logged_conversation(mail: Mail, line: InboundMessage, user) -> Received:
    """Mail forwarded or BCC'd to a user's private address: the conversation is logged with
    each contact it names, the others wait in the Inbox. Kept: the subject and, for a forward,
    the user's own note above it; nothing of the other people's words."""
    own = {
        address.lower()
        for address in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    people = [(name, address) for name, address in people_in(mail.message, mail.text)]
    people = [(name, address) for name, address in people if address not in own]
    if not people:
        return _line_saved(line, Outcome.UNCLEAR, "it names nobody to log the conversation with")
    forwarded, subject = forward_subject(mail.subject)
    note = forward_note(mail.text) if forwarded else ""
    try:
        with transaction.atomic():
            logged = email_log(
                owner=user,
                people=people,
                subject=subject[:200],
                note=note[:2000],
                date=mail.date(user.time_zone),
            )
            line.outcome = Outcome.SAVED
            line.reason = (
                f"logged with {len(logged.contacts)} contacts, {len(logged.waiting)} in the Inbox"
            )
            line.save()
    except IntegrityError:
        return Received(Outcome.IGNORED, SAME_MESSAGE, user)
    except ValidationError as error:
        return _line_saved(line, Outcome.UNCLEAR, "not valid: " + " ".join(error.messages)[:150])
    logger.info("inbound conversation %s for user %s", line.reason, user.pk)
    return Received(line.outcome, line.reason, user)


ANSWERS = {Answer.ACCEPTED, Answer.TENTATIVE, Answer.DECLINED}


def _session_reply(mail: Mail, line: InboundMessage, user, session_id: int) -> Received:
    """A calendar's answer to a session invitation (an iCalendar REPLY, RFC 5546): the PARTSTAT
    of the user's own attendee line is recorded. Nothing goes back, whatever became of it: a
    calendar reads no mail, and an answer to its answer could only loop."""
    try:
        data = calendar_part(mail.message)
    except CalendarTooLarge:
        return _line_saved(line, Outcome.REFUSED, "its calendar part is larger than is read")
    if data is None:
        return _line_saved(line, Outcome.REFUSED, "it carries no calendar answer")
    try:
        reply = read_reply(data)
    except UnreadableCalendar:
        return _line_saved(line, Outcome.REFUSED, "its calendar part could not be read")
    if reply.method != REPLY:
        return _line_saved(line, Outcome.REFUSED, "its calendar part is not an answer (REPLY)")
    session = Session.objects.filter(pk=session_id).first()
    if session is None or user.pk not in (session.owner_id, session.mentor_id):
        return _line_saved(line, Outcome.REFUSED, "the account is not an attendee of the session")
    if reply.uid != session.uid:
        return _line_saved(line, Outcome.REFUSED, "it answers another event than the session")
    own = {
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }
    answer = next((answer for address, answer in reply.answers if address in own), None)
    if answer is None:
        return _line_saved(
            line, Outcome.REFUSED, "it answers for an attendee who is not the account's address"
        )
    if reply.sequence < session.sequence:
        return _line_saved(line, Outcome.IGNORED, "it answers an earlier version of the session")
    if session.status != SessionStatus.ACCEPTED:
        return _line_saved(line, Outcome.IGNORED, "the session is no longer planned")
    if answer not in ANSWERS:
        return _line_saved(
            line, Outcome.IGNORED, "its answer is not accepted, tentative or declined"
        )
    try:
        with transaction.atomic():
            line.outcome, line.reason = Outcome.SAVED, f"calendar answer saved: {answer.lower()}"
            line.save()
            session_answer(session=session, user=user, answer=answer)
    except IntegrityError:
        return Received(Outcome.IGNORED, SAME_MESSAGE, user)
    logger.info("inbound calendar answer saved for user %s (session %s)", user.pk, session.pk)
    return Received(line.outcome, line.reason, user)


def _line_saved(line: InboundMessage, outcome: str, reason: str) -> Received:
    line.outcome, line.reason = outcome, reason[:200]
    try:
        with transaction.atomic():
            line.save()
    except IntegrityError:
        return Received(Outcome.IGNORED, SAME_MESSAGE, line.user)
    logger.info("inbound %s mail %s: %s (user %s)", line.purpose, outcome, reason, line.user_id)
    return Received(outcome, line.reason, line.user)


def _unclear(line: InboundMessage, mail: Mail, period: str, problems: list[str]) -> Received:
    """The user's own mail that saved nothing: accepted, and answered once, by our email, with
    what was not understood (never a bounce as well)."""
    line.outcome, line.reason = Outcome.UNCLEAR, "not understood: nothing was saved"
    try:
        with transaction.atomic():
            line.save()
            _confirm(line, mail, period=period, problems=problems, checkin=None)
    except IntegrityError:
        return Received(Outcome.IGNORED, SAME_MESSAGE, line.user)
    logger.info("inbound %s mail not understood (user %s)", line.purpose, line.user_id)
    return Received(line.outcome, line.reason, line.user)


def _refused_line(line: InboundMessage, reason: str, mail: Mail) -> Received:
    """Refuses a message to a user's address that is not the user's: in the log, as a line (it
    counts against the address's hourly limit), and in their security activity."""
    line.outcome, line.reason = Outcome.REFUSED, reason[:200]
    with transaction.atomic():
        try:
            with transaction.atomic():
                line.save()
        except IntegrityError:
            return Received(Outcome.IGNORED, SAME_MESSAGE, line.user)
        _refusal_recorded(user=line.user, reason=reason, mail=mail)
    logger.warning("inbound %s mail refused: %s (user %s)", line.purpose, reason, line.user_id)
    return Received(Outcome.REFUSED, reason, line.user)


def _refused_stranger(line: InboundMessage, reason: str) -> Received:
    """Refuses mail to an address that names nobody; such an address has its hourly limit too,
    past which nothing more is written."""
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    recent = InboundMessage.objects.filter(
        address_digest=line.address_digest, received_at__gte=hour_ago
    )
    if recent[: settings.INBOUND_PER_HOUR].count() < settings.INBOUND_PER_HOUR:
        line.outcome, line.reason = Outcome.REFUSED, reason
        try:
            with transaction.atomic():
                line.save()
        except IntegrityError:
            return Received(Outcome.IGNORED, SAME_MESSAGE)
    logger.warning("inbound %s mail refused: %s", line.purpose, reason)
    return Received(Outcome.REFUSED, reason)


def _refused(recipient: str, reason: str, *, user=None, sender: Mail | None = None) -> Received:
    """Refuses without writing a line (oversize, malformed, or over the hourly limit)."""
    if user is not None:
        _refusal_recorded(user=user, reason=reason, mail=sender)
    logger.warning(
        "inbound mail to %s refused: %s (user %s)",
        _local_part(recipient).partition("+")[0][:20],
        reason,
        getattr(user, "pk", None),
    )
    return Received(Outcome.REFUSED, reason, user)


def _refusal_recorded(*, user, reason: str, mail: Mail | None) -> None:
    """One entry in the user's security activity per cause and hour, counting the messages;
    it names the sender's domain, never their display name or anything else they wrote."""
    cause = reason.split(" (")[0][:150]
    domain = domain_of(mail.from_address)[:80] if mail is not None else ""
    sender = f"; the last from a sender at {domain}" if domain else ""
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    with transaction.atomic():
        event = (
            SecurityEvent.objects.select_for_update()
            .filter(
                user=user,
                kind=SecurityEventKind.MAIL_REFUSED,
                created_at__gte=hour_ago,
                detail__startswith=f"{cause[:1].upper()}{cause[1:]}",
            )
            .order_by("-created_at")
            .first()
        )
        count = event.count + 1 if event else 1
        detail = f"{cause[:1].upper()}{cause[1:]} ({_times(count)} this hour{sender})"[:300]
        if event is None:
            SecurityEvent.objects.create(
                user=user, kind=SecurityEventKind.MAIL_REFUSED, road=Road.EMAIL, detail=detail
            )
        else:
            SecurityEvent.objects.filter(pk=event.pk).update(count=count, detail=detail)


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _confirm(line: InboundMessage, mail: Mail, *, period, problems, checkin) -> None:
    """Owes the sender an email saying what was understood: an outbox row written in the
    caller's transaction, handed to a worker once it commits (or found by the minute's sweep
    if the broker could not take it). At most INBOUND_CONFIRMATIONS_PER_HOUR to one user."""
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    sent = InboundMessage.objects.filter(user=line.user, confirmed=True, received_at__gte=hour_ago)
    if sent.count() >= settings.INBOUND_CONFIRMATIONS_PER_HOUR:
        return
    InboundMessage.objects.filter(pk=line.pk).update(confirmed=True)
    confirmation = Confirmation.objects.create(
        line=line,
        user=line.user,
        to=mail.from_address,
        period=period,
        checkin=checkin,
        problems=problems,
    )
    transaction.on_commit(lambda: _queue_confirmation(confirmation.pk))


def _queue_confirmation(confirmation_id: int) -> None:
    """Hands a confirmation to a worker; with the broker down it stays in the outbox, and the
    message's answer does not change (it was saved)."""
    try:
        # by name, like the reminders' tasks: the services never import the tasks
        current_app.tasks[CONFIRM_TASK].apply_async(
            kwargs={"confirmation_id": confirmation_id}, retry=False
        )
    except Exception:
        logger.warning("confirmation %s not queued; the sweep will send it", confirmation_id)


def confirmation_send(*, confirmation_id: int) -> bool:
    """Sends one confirmation if this call wins its claim; a claim lapses after a lease, so a
    worker that died leaves it to the sweep. True if it was sent here."""
    now = timezone.now()
    claimed = (
        Confirmation.objects.filter(pk=confirmation_id, sent_at=None)
        .filter(Q(claimed_until=None) | Q(claimed_until__lt=now))
        .update(claimed_until=now + CONFIRMATION_LEASE)
    )
    if not claimed:
        return False
    confirmation = Confirmation.objects.select_related("user", "checkin").get(pk=confirmation_id)
    user = confirmation.user
    if not user.is_active or suppressed_addresses([confirmation.to]):
        Confirmation.objects.filter(pk=confirmation_id).update(sent_at=now)
        return False
    message = checkin_confirmation(
        user=user,
        to=confirmation.to,
        period=confirmation.period,
        checkin=confirmation.checkin,
        problems=confirmation.problems,
    )
    try:
        message.send()
    except OSError:
        Confirmation.objects.filter(pk=confirmation_id).update(claimed_until=None)
        raise
    Confirmation.objects.filter(pk=confirmation_id).update(sent_at=timezone.now())
    logger.info("confirmation of an emailed check-in sent to user %s", user.pk)
    return True


def confirmations_queue_waiting(*, now: datetime.datetime | None = None, batch: int = 500) -> int:
    """The minute's sweep: confirmations written over a minute ago and neither sent nor held by
    a worker are queued again (the broker was down, or a worker died). Reads only what waits,
    through a partial index; a confirmation a day old is given up."""
    now = now or timezone.now()
    waiting = list(
        Confirmation.objects.filter(
            sent_at=None,
            created_at__lt=now - datetime.timedelta(minutes=1),
            created_at__gte=now - datetime.timedelta(days=1),
        )
        .filter(Q(claimed_until=None) | Q(claimed_until__lt=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:batch]
    )
    for confirmation_id in waiting:
        _queue_confirmation(confirmation_id)
    return len(waiting)


def _local_part(address: str) -> str:
    address = address.strip().strip("<>")[:320]
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
    """Deletes the lines older than INBOUND_RETENTION_DAYS (their confirmations with them), a
    batch at a time."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.INBOUND_RETENTION_DAYS)
    deleted = 0
    while ids := list(
        InboundMessage.objects.filter(received_at__lt=cutoff).values_list("pk", flat=True)[:batch]
    ):
        Confirmation.objects.filter(line_id__in=ids).delete()
        deleted += InboundMessage.objects.filter(pk__in=ids).delete()[0]
    inbox_purge(now=now or timezone.now(), days=settings.INBOUND_RETENTION_DAYS)
    return deleted
