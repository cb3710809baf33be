"""Everything that changes a pair's record, whichever road it came by (the web, the API, an
email, a task). Each function checks that the person acting is one side of an active
mentorship, validates as a form would, and leaves nothing half-done."""

import datetime
import logging

from celery import current_app
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import audit
from apps.accounts.audit import Actor
from apps.accounts.models import SecurityEventKind
from apps.accounts.selectors import suppressed_addresses
from apps.core.cache import plan_changed
from apps.core.ratelimits import allowed_for
from apps.milestones import services as milestone_services
from apps.milestones.models import OPEN_STATUSES, Milestone
from apps.sharing.models import Mentorship

from .calendar import attendees
from .emails import session_followup, session_invitation
from .models import (
    LATEST_PROPOSAL,
    ActionItem,
    Agreement,
    AgreementStatus,
    MailKind,
    PrivateNote,
    Reflection,
    Session,
    SessionMail,
    SessionStatus,
    TalkingPoint,
)

logger = logging.getLogger("careerbuilder.meetings")

MAIL_TASK = "meetings.session_mail_send"
MAIL_LEASE = datetime.timedelta(minutes=5)  # a worker that died holds an email this long
MAIL_GIVEN_UP = datetime.timedelta(days=7)  # the sweep stops trying an email owed this long ago
# the outbox keeps a row this long: every change of a session since has a SEQUENCE of its own, so
# nothing forgotten can be owed again
MAIL_KEPT = datetime.timedelta(days=90)


def _side(mentorship: Mentorship, user) -> str:
    """ "mentee" or "mentor": which side of an active mentorship `user` is, else refused."""
    if mentorship is None or mentorship.ended_at is not None:
        raise ValidationError(_("This mentorship has ended: nothing more can be planned in it."))
    if user.pk == mentorship.mentee_id:
        return "mentee"
    if user.pk == mentorship.mentor_id:
        return "mentor"
    raise PermissionDenied


def other_side(mentorship: Mentorship, user):
    return mentorship.mentor if user.pk == mentorship.mentee_id else mentorship.mentee


def _touched(mentorship: Mentorship) -> None:
    """Both sides' cached pages (Today, the mentoring page) show the pair's record."""
    plan_changed(owner_id=mentorship.mentee_id)
    plan_changed(owner_id=mentorship.mentor_id)


# Agreements ---------------------------------------------------------------------------------


@transaction.atomic
def agreement_propose(
    *,
    mentorship: Mentorship,
    actor: Actor,
    purpose: str,
    every_weeks: int,
    until: datetime.date,
    horizons=(),
    milestones=(),
    today: datetime.date | None = None,
) -> Agreement:
    """One side proposes what the mentorship is for (or a change to it); it is in force once
    the other side confirms. A proposal still waiting is replaced."""
    by = actor.user
    _side(mentorship, by)
    today = today or timezone.localdate()
    if until <= today:
        raise ValidationError({"until": _("Choose a day after today.")})
    horizons, milestones = list(horizons), list(milestones)
    if any(h.owner_id != mentorship.mentee_id for h in horizons) or any(
        m.owner_id != mentorship.mentee_id for m in milestones
    ):
        raise ValidationError(_("Goals can only serve the mentee's own horizons and milestones."))
    terms = (purpose, every_weeks, until, {h.pk for h in horizons}, {m.pk for m in milestones})
    standing = Agreement.objects.filter(
        mentorship=mentorship, status__in=[AgreementStatus.PROPOSED, AgreementStatus.ACTIVE]
    ).order_by("status")  # "active" < "proposed": the proposal waiting, if any, comes last
    latest = list(standing)[-1:]
    if latest and _terms(latest[0]) == terms:
        return latest[0]  # proposed again as it stands: nothing changes, nobody is asked again
    Agreement.objects.filter(mentorship=mentorship, status=AgreementStatus.PROPOSED).update(
        status=AgreementStatus.WITHDRAWN
    )
    agreement = Agreement(
        mentorship=mentorship,
        owner_id=mentorship.mentee_id,
        mentor_name=mentorship.mentor.get_full_name(),
        purpose=purpose,
        every_weeks=every_weeks,
        until=until,
        proposed_by=by,
    )
    agreement.full_clean()
    agreement.save()
    agreement.horizons.set(horizons)
    agreement.milestones.set(milestones)
    audit.record(
        kind=SecurityEventKind.SHARING_CHANGED,
        actor=actor,
        detail=f"Proposed a mentoring agreement with {other_side(mentorship, by).email}",
    )
    _touched(mentorship)
    return agreement


def _terms(agreement: Agreement) -> tuple:
    return (
        agreement.purpose,
        agreement.every_weeks,
        agreement.until,
        {h.pk for h in agreement.horizons.all()},
        {m.pk for m in agreement.milestones.all()},
    )


@transaction.atomic
def agreement_confirm(*, agreement: Agreement, actor: Actor) -> Agreement:
    """The other side confirms a proposal: it replaces the agreement in force."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    mentorship = agreement.mentorship
    by = actor.user
    _side(mentorship, by)
    if agreement.status != AgreementStatus.PROPOSED:
        raise ValidationError(_("This proposal is no longer waiting for confirmation."))
    if agreement.proposed_by_id == by.pk:
        raise ValidationError(_("The other side confirms what you proposed."))
    Agreement.objects.filter(mentorship=mentorship, status=AgreementStatus.ACTIVE).update(
        status=AgreementStatus.SUPERSEDED
    )
    agreement.status = AgreementStatus.ACTIVE
    agreement.confirmed_at = timezone.now()
    agreement.save(update_fields=["status", "confirmed_at"])
    audit.record(
        kind=SecurityEventKind.SHARING_CHANGED,
        actor=actor,
        detail=f"Confirmed the mentoring agreement with {other_side(mentorship, by).email}",
    )
    _touched(mentorship)
    return agreement


@transaction.atomic
def agreement_withdraw(*, agreement: Agreement, actor: Actor) -> None:
    """Either side sets a proposal aside: the proposer withdraws it, the other declines it."""
    _side(agreement.mentorship, actor.user)
    if agreement.status != AgreementStatus.PROPOSED:
        raise ValidationError(_("This proposal is no longer waiting for confirmation."))
    agreement.status = AgreementStatus.WITHDRAWN
    agreement.save(update_fields=["status"])
    _touched(agreement.mentorship)


# Sessions ------------------------------------------------------------------------------------


def _check_time(session: Session, *, now: datetime.datetime, future: bool) -> None:
    """A proposal is in the future (within a year), a logged session in the past, and neither
    overlaps another live session of either person."""
    if future and session.starts_at <= now:
        raise ValidationError({"starts_at": _("A session you propose starts in the future.")})
    if future and session.starts_at > now + LATEST_PROPOSAL:
        raise ValidationError({"starts_at": _("Sessions are planned at most a year ahead.")})
    if not future and session.starts_at > now:
        raise ValidationError(
            {"starts_at": _("A session you log has happened: choose a time in the past.")}
        )
    people = [session.owner_id, session.mentor_id]
    overlapping = (
        Session.objects.filter(
            Q(owner_id__in=people) | Q(mentor_id__in=people),
            status__in=[SessionStatus.PROPOSED, SessionStatus.ACCEPTED, SessionStatus.HELD],
            starts_at__lt=session.ends_at,
        )
        .exclude(pk=session.pk)
        .only("starts_at", "minutes")
    )
    if any(other.ends_at > session.starts_at for other in overlapping):
        raise ValidationError(
            {"starts_at": _("One of you already has a session at that time. Choose another.")}
        )


def _new_session(mentorship: Mentorship, by, **fields) -> Session:
    return Session(
        mentorship=mentorship,
        owner_id=mentorship.mentee_id,
        mentor_id=mentorship.mentor_id,
        mentor_name=mentorship.mentor.get_full_name(),
        proposed_by=by,
        **fields,
    )


@transaction.atomic
def session_propose(
    *,
    mentorship: Mentorship,
    actor: Actor,
    starts_at: datetime.datetime,
    minutes: int,
    place: str = "",
    now: datetime.datetime | None = None,
) -> Session:
    """Either side proposes a time; the other accepts it (then both get the invitation)."""
    by = actor.user
    _side(mentorship, by)
    Mentorship.objects.select_for_update().filter(pk=mentorship.pk).first()  # one at a time
    session = _new_session(mentorship, by, starts_at=starts_at, minutes=minutes, place=place)
    session.full_clean()
    _check_time(session, now=now or timezone.now(), future=True)
    session.save()
    _touched(mentorship)
    return session


@transaction.atomic
def session_log(
    *,
    mentorship: Mentorship,
    actor: Actor,
    starts_at: datetime.datetime,
    minutes: int,
    place: str = "",
    notes: str = "",
    now: datetime.datetime | None = None,
) -> Session:
    """Either side records a session that already happened (no invitation goes out)."""
    by = actor.user
    _side(mentorship, by)
    Mentorship.objects.select_for_update().filter(pk=mentorship.pk).first()
    session = _new_session(
        mentorship,
        by,
        starts_at=starts_at,
        minutes=minutes,
        place=place,
        notes=notes,
        status=SessionStatus.HELD,
    )
    session.full_clean()
    _check_time(session, now=now or timezone.now(), future=False)
    session.save()
    _touched(mentorship)
    return session


def _locked(session: Session) -> Session:
    """The session locked (only its own row: PostgreSQL locks nothing on the nullable side of
    the join to its mentorship, and refuses to be asked)."""
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("mentorship")
        .get(pk=session.pk)
    )


@transaction.atomic
def session_accept(*, session: Session, actor: Actor, now=None) -> Session:
    """The other side accepts a proposal: both get the calendar invitation."""
    session = _locked(session)
    by = actor.user
    _side(session.mentorship, by)
    now = now or timezone.now()
    if session.status != SessionStatus.PROPOSED:
        raise ValidationError(_("This session is not waiting for an answer."))
    if session.proposed_by_id == by.pk:
        raise ValidationError(_("The other side accepts what you proposed."))
    if session.starts_at <= now:
        raise ValidationError(_("This proposal's time has passed. Propose another time."))
    session.status = SessionStatus.ACCEPTED
    session.accepted_at = now
    session.save(update_fields=["status", "accepted_at"])
    _mail_owed(session, MailKind.REQUEST)
    _touched(session.mentorship)
    return session


@transaction.atomic
def session_decline(*, session: Session, actor: Actor) -> Session:
    session = _locked(session)
    by = actor.user
    _side(session.mentorship, by)
    if session.status != SessionStatus.PROPOSED or session.proposed_by_id == by.pk:
        raise ValidationError(_("Only a proposal from the other side can be declined."))
    session.status = SessionStatus.DECLINED
    session.save(update_fields=["status"])
    _touched(session.mentorship)
    return session


@transaction.atomic
def session_move(
    *,
    session: Session,
    actor: Actor,
    starts_at: datetime.datetime,
    minutes: int,
    place: str = "",
    now: datetime.datetime | None = None,
) -> Session:
    """A new time or place. An accepted session stays accepted and both calendars get the same
    event again with a higher SEQUENCE; a proposal moved by the other side becomes theirs."""
    session = _locked(session)
    by = actor.user
    _side(session.mentorship, by)
    if session.status not in (SessionStatus.PROPOSED, SessionStatus.ACCEPTED):
        raise ValidationError(_("Only a planned session can be moved."))
    if (session.starts_at, session.minutes, session.place) == (starts_at, minutes, place):
        return session  # saved as it was: no new time, nobody's calendar is told again
    session.starts_at, session.minutes, session.place = starts_at, minutes, place
    session.full_clean()
    _check_time(session, now=now or timezone.now(), future=True)
    if session.status == SessionStatus.ACCEPTED:
        session.sequence += 1
        session.owner_answer = session.mentor_answer = ""
        session.save()
        _mail_owed(session, MailKind.REQUEST)
    else:
        session.proposed_by = by
        session.save()
    _touched(session.mentorship)
    return session


@transaction.atomic
def session_cancel(*, session: Session, actor: Actor) -> Session:
    """Either side calls a planned session off; an accepted one leaves both calendars."""
    session = _locked(session)
    by = actor.user
    _side(session.mentorship, by)
    if session.status not in (SessionStatus.PROPOSED, SessionStatus.ACCEPTED):
        raise ValidationError(_("Only a planned session can be cancelled."))
    was_accepted = session.status == SessionStatus.ACCEPTED
    session.status = SessionStatus.CANCELLED
    if was_accepted:
        session.sequence += 1
    session.save(update_fields=["status", "sequence"])
    if was_accepted:
        _mail_owed(session, MailKind.CANCEL)
    audit.record(
        kind=SecurityEventKind.SHARING_CHANGED,
        actor=actor,
        detail=f"Cancelled the mentoring session of {session.starts_at:%Y-%m-%d %H:%M} UTC",
    )
    _touched(session.mentorship)
    return session


@transaction.atomic
def session_answer(*, session: Session, user, answer: str) -> Session:
    """What one side answered from their calendar (an iCalendar REPLY's PARTSTAT)."""
    session = _locked(session)
    field = "owner_answer" if user.pk == session.owner_id else "mentor_answer"
    if user.pk not in (session.owner_id, session.mentor_id):
        raise PermissionDenied
    setattr(session, field, answer)
    session.full_clean()
    session.save(update_fields=[field])
    if session.mentorship is not None:
        _touched(session.mentorship)
    return session


@transaction.atomic
def session_notes_save(*, session: Session, actor: Actor, notes: str) -> Session:
    """The shared notes, written by either side."""
    session = _locked(session)
    _side(session.mentorship, actor.user)
    if session.status in (SessionStatus.CANCELLED, SessionStatus.DECLINED):
        raise ValidationError(_("This session did not take place."))
    session.notes = notes
    session.full_clean()
    session.save(update_fields=["notes"])
    _touched(session.mentorship)
    return session


@transaction.atomic
def session_finish(*, session: Session, actor: Actor, now=None) -> Session:
    """After the session: it is held, and both get the follow-up email with the notes and the
    action items (once, however often this is asked)."""
    session = _locked(session)
    _side(session.mentorship, actor.user)
    now = now or timezone.now()
    if session.status not in (SessionStatus.ACCEPTED, SessionStatus.HELD):
        raise ValidationError(_("Only a session that took place can be followed up."))
    if session.starts_at > now:
        raise ValidationError(_("The follow-up goes once the session has started."))
    session.status = SessionStatus.HELD
    session.save(update_fields=["status"])
    if session.followup_sent_at is None:
        Session.objects.filter(pk=session.pk).update(followup_sent_at=now)
        session.followup_sent_at = now
        _mail_owed(session, MailKind.FOLLOWUP)
    _touched(session.mentorship)
    return session


@transaction.atomic
def private_note_save(*, session: Session, actor: Actor, body: str) -> PrivateNote:
    """The mentor's own notes of a session (the mentee never sees them)."""
    by = actor.user
    if _side(session.mentorship, by) != "mentor":
        raise PermissionDenied
    note, _created = PrivateNote.objects.get_or_create(session=session, author=by)
    note.body = body
    note.full_clean()
    note.save()
    return note


# The outbox ----------------------------------------------------------------------------------


def _mail_owed(session: Session, kind: str) -> None:
    """Owes both sides an email about `session`, in the caller's transaction; a worker sends it
    once the transaction commits (the minute's sweep, if the broker could not take it)."""
    mail, created = SessionMail.objects.get_or_create(
        session=session, kind=kind, sequence=session.sequence
    )
    if created:
        transaction.on_commit(lambda: mail_queue(mail_id=mail.pk))


def mail_queue(*, mail_id: int) -> None:
    try:  # by name: services never import the tasks
        current_app.tasks[MAIL_TASK].apply_async(kwargs={"mail_id": mail_id}, retry=False)
    except Exception:
        logger.warning("session mail %s not queued; the sweep will send it", mail_id)


def session_mail_send(*, mail_id: int) -> bool:
    """Sends one owed email to both sides if this call wins its claim; a claim lapses after a
    lease, so a worker that died leaves it to the sweep. True if it was sent here. An invitation
    that a newer email of the session supersedes (moved again, called off) is not sent: the
    newer one says what holds."""
    now = timezone.now()
    claimed = (
        SessionMail.objects.filter(pk=mail_id, sent_at=None)
        .filter(Q(claimed_until=None) | Q(claimed_until__lt=now))
        .update(claimed_until=now + MAIL_LEASE)
    )
    if not claimed:
        return False
    mail = SessionMail.objects.select_related(
        "session__owner", "session__mentor", "session__proposed_by"
    ).get(pk=mail_id)
    if _superseded(mail):
        recipients = []
        logger.info("session mail %s not sent: a newer one of the session says what holds", mail_id)
    else:
        recipients = _recipients(mail)
    connection = get_connection()
    for user in recipients:  # one at a time, each recorded: a retry never sends one twice
        try:
            connection.send_messages([_session_email(mail, user, now)])
        except OSError:
            SessionMail.objects.filter(pk=mail_id).update(claimed_until=None)
            raise
        mail.sent_to.append(user.pk)
        SessionMail.objects.filter(pk=mail_id).update(sent_to=mail.sent_to)
    SessionMail.objects.filter(pk=mail_id).update(sent_at=timezone.now())
    logger.info("session mail %s sent to %s people", mail_id, len(recipients))
    return bool(recipients)


def _superseded(mail: SessionMail) -> bool:
    session = mail.session
    return mail.kind == MailKind.REQUEST and (
        session.sequence != mail.sequence or session.status != SessionStatus.ACCEPTED
    )


def _recipients(mail: SessionMail) -> list:
    """Both sides, but never an inactive account, an address that bounced or complained, or
    someone past their share of session emails (RATE_LIMITS["session_mail"]: skipped, logged)."""
    people = [
        person
        for person in attendees(mail.session)
        if person.is_active and person.pk not in mail.sent_to
    ]
    suppressed = suppressed_addresses([person.email for person in people])
    recipients = []
    for person in people:
        if person.email.lower() in suppressed:
            logger.info("session mail %s not sent to user %s: suppressed", mail.pk, person.pk)
        elif not allowed_for(person, action="session_mail"):
            logger.warning(
                "session mail %s not sent to user %s: over their session emails' rate limit",
                mail.pk,
                person.pk,
            )
        else:
            recipients.append(person)
    return recipients


def _session_email(mail: SessionMail, user, now: datetime.datetime):
    if mail.kind == MailKind.FOLLOWUP:
        return session_followup(mail=mail, user=user)
    return session_invitation(mail=mail, user=user, now=now)


def session_mails_queue_waiting(*, now: datetime.datetime | None = None, batch: int = 500) -> int:
    """The minute's sweep: session emails owed over a minute ago and neither sent nor held by a
    worker are queued again (the broker was down, or a worker died). Reads only what waits,
    through the partial index session_mail_waiting; an email owed MAIL_GIVEN_UP ago is given up."""
    now = now or timezone.now()
    waiting = list(
        SessionMail.objects.filter(
            sent_at=None,
            created_at__lt=now - datetime.timedelta(minutes=1),
            created_at__gte=now - MAIL_GIVEN_UP,
        )
        .filter(Q(claimed_until=None) | Q(claimed_until__lt=now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:batch]
    )
    for mail_id in waiting:
        mail_queue(mail_id=mail_id)
    return len(waiting)


def session_mails_purge(*, now: datetime.datetime | None = None) -> int:
    """Forgets the outbox's rows sent (or given up) more than MAIL_KEPT ago, each read through
    its partial index (session_mail_sent, session_mail_waiting): the hour's purge costs what it
    deletes. Returns how many went."""
    before = (now or timezone.now()) - MAIL_KEPT
    sent, _by_model = SessionMail.objects.filter(sent_at__lt=before).delete()
    given_up, _by_model = SessionMail.objects.filter(sent_at=None, created_at__lt=before).delete()
    return sent + given_up


# Talking points and action items -------------------------------------------------------------


def talking_point_add(*, mentorship: Mentorship, actor: Actor, text: str) -> TalkingPoint:
    by = actor.user
    _side(mentorship, by)
    point = TalkingPoint(
        mentorship=mentorship,
        owner_id=mentorship.mentee_id,
        author=by,
        author_name=by.get_full_name(),
        text=text.strip(),
    )
    point.full_clean()
    point.save()
    _touched(mentorship)
    return point


def talking_point_discussed(
    *, point: TalkingPoint, actor: Actor, session: Session | None
) -> TalkingPoint:
    """Marks a point discussed in `session` (None: not yet, it carries over)."""
    _side(point.mentorship, actor.user)
    if session is not None and session.mentorship_id != point.mentorship_id:
        raise ValidationError(_("A point is discussed in a session of the same pair."))
    point.discussed_in = session
    point.save(update_fields=["discussed_in"])
    _touched(point.mentorship)
    return point


@transaction.atomic
def talking_point_delete(*, point: TalkingPoint, actor: Actor) -> None:
    if point.author_id != getattr(actor.user, "pk", None):
        raise PermissionDenied
    _side(point.mentorship, actor.user)
    audit.record_deleted(actor=actor, what="talking point", name=point.text[:80])
    mentorship = point.mentorship
    point.delete()
    _touched(mentorship)


def action_item_create(
    *,
    session: Session,
    actor: Actor,
    assignee,
    title: str,
    due_on: datetime.date | None = None,
) -> ActionItem:
    """An action for one of the pair, never anyone else."""
    mentorship = session.mentorship
    _side(mentorship, actor.user)
    if assignee is None or assignee.pk not in (mentorship.mentee_id, mentorship.mentor_id):
        raise ValidationError({"assignee": _("An action item is for one of the two of you.")})
    if session.status in (SessionStatus.CANCELLED, SessionStatus.DECLINED):
        raise ValidationError(_("This session did not take place."))
    item = ActionItem(
        session=session,
        owner_id=mentorship.mentee_id,
        assignee=assignee,
        assignee_name=assignee.get_full_name(),
        title=title.strip(),
        due_on=due_on,
    )
    item.full_clean()
    item.save()
    _touched(mentorship)
    return item


def action_item_set_done(*, item: ActionItem, actor: Actor, done: bool = True) -> ActionItem:
    _side(item.session.mentorship, actor.user)
    item.done_at = timezone.now() if done else None
    item.save(update_fields=["done_at"])
    _touched(item.session.mentorship)
    return item


@transaction.atomic
def action_item_delete(*, item: ActionItem, actor: Actor) -> None:
    mentorship = item.session.mentorship
    _side(mentorship, actor.user)
    audit.record_deleted(actor=actor, what="action item", name=item.title[:80])
    item.delete()
    _touched(mentorship)


def _mentees_own(item: ActionItem, actor: Actor) -> None:
    """Only the mentee turns her own action item into part of her plan."""
    mentorship = item.session.mentorship
    if _side(mentorship, actor.user) != "mentee" or item.assignee_id != mentorship.mentee_id:
        raise PermissionDenied(_("The mentee turns her own action items into her plan."))
    if item.milestone_id or item.step_id:
        raise ValidationError(_("This action item is already part of the plan."))


@transaction.atomic
def action_item_to_milestone(*, item: ActionItem, actor: Actor, horizon: int = 1) -> Milestone:
    """One click: the mentee's action item becomes a milestone of her plan (hers, seen by the
    mentor through sharing), and the item is done when the milestone is."""
    _mentees_own(item, actor)
    milestone = milestone_services.milestone_create(
        owner=actor.user,
        title=item.title,
        horizon=horizon,
        target_date=item.due_on,
        description=_("From the mentoring session of %(day)s.")
        % {"day": timezone.localtime(item.session.starts_at).date().isoformat()},
    )
    item.milestone = milestone
    item.save(update_fields=["milestone"])
    _touched(item.session.mentorship)
    return milestone


@transaction.atomic
def action_item_to_step(*, item: ActionItem, actor: Actor, milestone: Milestone):
    """One click: the mentee's action item becomes a step of one of her open milestones."""
    _mentees_own(item, actor)
    if milestone.owner_id != actor.user.pk or milestone.status not in OPEN_STATUSES:
        raise ValidationError({"milestone": _("Choose one of your open milestones.")})
    step = milestone_services.step_create(milestone=milestone, title=item.title, due_on=item.due_on)
    item.step = step
    item.save(update_fields=["step"])
    _touched(item.session.mentorship)
    return step


# The end -------------------------------------------------------------------------------------


def reflection_write(*, mentorship: Mentorship, actor: Actor, text: str) -> Reflection:
    """A closing reflection, once the mentorship has ended: one from each side, editable."""
    by = actor.user
    if by is None or by.pk not in (mentorship.mentee_id, mentorship.mentor_id):
        raise PermissionDenied
    if mentorship.ended_at is None:
        raise ValidationError(_("Reflections are written once the mentorship has ended."))
    reflection = Reflection.objects.filter(mentorship=mentorship, author=by).first() or Reflection(
        mentorship=mentorship, owner_id=mentorship.mentee_id, author=by
    )
    reflection.author_name = by.get_full_name()
    reflection.text = text
    reflection.full_clean()
    reflection.save()
    return reflection
