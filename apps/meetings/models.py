"""A mentoring relationship's working record: what the pair agreed it is for, the sessions they
hold, what they talk about, what they write down and what they said they would do.

Every row belongs to the mentee (`owner`): the record is hers, in her export, and stays hers when
the mentorship ends or the mentor's account goes (the mentor is then kept by name). The mentor of
the pair sees a row while the mentorship is active (`PAIR_FIELD`, apps.sharing.access); a former
mentor sees none. Private notes are the one exception: the mentor's own, never the mentee's.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.limits import (
    LINK_LENGTH,
    LONG_TEXT_LENGTH,
    NAME_LENGTH,
    SHORT_NAME_LENGTH,
    SHORT_TEXT_LENGTH,
    date_validators,
    line_validators,
    text_validators,
)

MIN_MINUTES, MAX_MINUTES = 15, 8 * 60
MAX_WEEKS = 26  # a pair meeting less often than twice a year has no rhythm to keep
LATEST_PROPOSAL = datetime.timedelta(days=366)  # sessions are planned at most a year ahead


class AgreementStatus(models.TextChoices):
    PROPOSED = "proposed", _("Waiting for confirmation")
    ACTIVE = "active", _("Agreed")
    SUPERSEDED = "superseded", _("Replaced by a newer agreement")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Agreement(models.Model):
    """What a mentorship is for, how often the pair meet and until when. One side proposes, the
    other confirms; a change is a new proposal that replaces the agreement once confirmed."""

    OWNER_PATH = "owner"
    PAIR_FIELD = "mentorship"
    SHARED_AREA = None

    mentorship = models.ForeignKey(
        "sharing.Mentorship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_agreements"
    )
    mentor_name = models.CharField(
        max_length=SHORT_NAME_LENGTH, blank=True, validators=line_validators()
    )
    purpose = models.TextField(
        _("what it is for"),
        validators=text_validators(SHORT_TEXT_LENGTH),
        help_text=_("The goals you work on together. Markdown is welcome."),
    )
    horizons = models.ManyToManyField(
        "vision.Horizon", blank=True, related_name="+", verbose_name=_("horizons it serves")
    )
    milestones = models.ManyToManyField(
        "milestones.Milestone",
        blank=True,
        related_name="+",
        verbose_name=_("milestones it serves"),
    )
    every_weeks = models.PositiveSmallIntegerField(
        _("meet every (weeks)"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEKS)],
    )
    until = models.DateField(_("until"), validators=date_validators())
    status = models.CharField(
        max_length=12, choices=AgreementStatus.choices, default=AgreementStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship"],
                condition=Q(status="active"),
                name="one_agreement_in_force",
            ),
            models.UniqueConstraint(
                fields=["mentorship"],
                condition=Q(status="proposed"),
                name="one_agreement_proposed",
            ),
            models.CheckConstraint(
                condition=Q(every_weeks__gte=1) & Q(every_weeks__lte=MAX_WEEKS),
                name="agreement_rhythm_in_range",
            ),
        ]

    def __str__(self):
        return f"Agreement with {self.mentor_name or 'a mentor'} until {self.until}"

    @property
    def rhythm(self) -> datetime.timedelta:
        return datetime.timedelta(weeks=self.every_weeks)


class SessionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")


# what each side answered from their calendar (iCalendar PARTSTAT), when they did
class Answer(models.TextChoices):
    NONE = "", _("No answer from the calendar")
    ACCEPTED = "ACCEPTED", _("Accepted in the calendar")
    TENTATIVE = "TENTATIVE", _("Tentative in the calendar")
    DECLINED = "DECLINED", _("Declined in the calendar")


LIVE_STATUSES = (SessionStatus.PROPOSED, SessionStatus.ACCEPTED, SessionStatus.HELD)


def new_uid() -> str:
    return f"{uuid.uuid4()}@careerbuilder"


class Session(models.Model):
    """One meeting of the pair: proposed by one side and accepted by the other (then both get
    a calendar invitation), or logged after it happened."""

    OWNER_PATH = "owner"
    PAIR_FIELD = "mentorship"
    SHARED_AREA = None

    mentorship = models.ForeignKey(
        "sharing.Mentorship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_sessions"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions_as_mentor",
    )
    mentor_name = models.CharField(
        max_length=SHORT_NAME_LENGTH, blank=True, validators=line_validators()
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveSmallIntegerField(
        _("length (minutes)"),
        default=45,
        validators=[MinValueValidator(MIN_MINUTES), MaxValueValidator(MAX_MINUTES)],
    )
    place = models.CharField(
        _("place or video link"),
        max_length=LINK_LENGTH,
        blank=True,
        validators=line_validators(),
    )
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.PROPOSED
    )
    uid = models.CharField(
        max_length=100, unique=True, default=new_uid, editable=False, validators=line_validators()
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)
    notes = models.TextField(
        _("shared notes"),
        blank=True,
        validators=text_validators(LONG_TEXT_LENGTH),
        help_text=_("Both of you see these. Markdown is welcome."),
    )
    owner_answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    mentor_answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    followup_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [
            models.Index(fields=["mentorship", "starts_at"]),
            models.Index(fields=["owner", "starts_at"]),
            models.Index(fields=["mentor", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=MIN_MINUTES) & Q(minutes__lte=MAX_MINUTES),
                name="session_length_in_range",
            ),
        ]

    def __str__(self):
        return f"Session of {self.starts_at:%Y-%m-%d %H:%M} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("meetings:session", args=[self.pk])

    @property
    def ends_at(self) -> datetime.datetime:
        return self.starts_at + datetime.timedelta(minutes=self.minutes)

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES

    def has_started(self, now=None) -> bool:
        return self.starts_at <= (now or timezone.now())

    def clean(self):
        if self.place.lower().startswith(("javascript:", "data:", "vbscript:")):
            raise ValidationError({"place": _("Give a place or a web address (https://…).")})


class PrivateNote(models.Model):
    """The mentor's own notes of a session: only they ever see them (not the mentee, not her
    export)."""

    OWNER_PATH = "author"
    SHARED_AREA = None

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="private_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="private_session_notes"
    )
    body = models.TextField(
        _("private notes"),
        blank=True,
        validators=text_validators(LONG_TEXT_LENGTH),
        help_text=_("Only you ever see these."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "author"], name="one_private_note_each")
        ]

    def __str__(self):
        return f"Private notes on session {self.session_id}"


class TalkingPoint(models.Model):
    """A point either side wants to raise; it carries over from session to session until it is
    marked discussed (in `discussed_in`)."""

    OWNER_PATH = "owner"
    PAIR_FIELD = "mentorship"
    SHARED_AREA = None

    mentorship = models.ForeignKey(
        "sharing.Mentorship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="talking_points",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talking_points"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(
        max_length=SHORT_NAME_LENGTH, blank=True, validators=line_validators()
    )
    text = models.CharField(_("point"), max_length=NAME_LENGTH, validators=line_validators())
    created_at = models.DateTimeField(default=timezone.now)
    discussed_in = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="points_discussed"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text


class ActionItem(models.Model):
    """Something one of the pair said they would do, by a date. The mentee's can become a
    milestone or a step of her plan; it is done when it, or what it became, is done."""

    OWNER_PATH = "owner"
    PAIR_FIELD = "session__mentorship"
    SHARED_AREA = None

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="action_items")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_action_items"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_action_items",
        verbose_name=_("who"),
    )
    assignee_name = models.CharField(
        max_length=SHORT_NAME_LENGTH, blank=True, validators=line_validators()
    )
    title = models.CharField(_("action"), max_length=NAME_LENGTH, validators=line_validators())
    due_on = models.DateField(_("by"), null=True, blank=True, validators=date_validators())
    done_at = models.DateTimeField(null=True, blank=True)
    milestone = models.ForeignKey(
        "milestones.Milestone",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    step = models.ForeignKey(
        "milestones.Step", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        if self.done_at is not None:
            return True
        if self.milestone is not None:
            return self.milestone.status == "done"
        if self.step is not None:
            return self.step.done_at is not None
        return False

    @property
    def is_mentees(self) -> bool:
        return self.assignee_id is not None and self.assignee_id == self.owner_id


class Reflection(models.Model):
    """What one side takes away when the mentorship ends, early or on time. The page it is
    written on shows nothing of the plan: access ended with the mentorship."""

    OWNER_PATH = "owner"
    SHARED_AREA = None

    mentorship = models.ForeignKey(
        "sharing.Mentorship",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reflections",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentoring_reflections"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(
        max_length=SHORT_NAME_LENGTH, blank=True, validators=line_validators()
    )
    text = models.TextField(
        _("your reflection"),
        validators=text_validators(SHORT_TEXT_LENGTH),
        help_text=_("What worked, what you take away, what you would do differently."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author"], name="one_reflection_each_side"
            )
        ]

    def __str__(self):
        return f"Reflection by {self.author_name}"


class MailKind(models.TextChoices):
    REQUEST = "request", _("Invitation")  # iCalendar METHOD:REQUEST, new or moved
    CANCEL = "cancel", _("Cancellation")  # METHOD:CANCEL
    FOLLOWUP = "followup", _("Follow-up")  # the notes and action items, after the session


class SessionMail(models.Model):
    """An email owed to both sides of a session: an outbox row written in the transaction that
    changed the session, so a broker that is down delays it but cannot lose it, and each is sent
    once (claimed for a lease by a worker; the minute's sweep queues what waits)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="mails")
    kind = models.CharField(max_length=10, choices=MailKind.choices)
    sequence = models.PositiveIntegerField(default=0)  # the session's SEQUENCE it announces
    created_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # the people it went to already: a retry after one side's server failed sends to the other
    sent_to = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "kind", "sequence"], name="one_session_mail_each"
            )
        ]
        indexes = [
            models.Index(
                fields=["created_at"], condition=Q(sent_at=None), name="session_mail_waiting"
            ),
            models.Index(
                fields=["sent_at"], condition=Q(sent_at__isnull=False), name="session_mail_sent"
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.sequence} of session {self.session_id}"
