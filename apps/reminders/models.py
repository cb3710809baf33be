from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.limits import line_validators

from .kinds import kind_choices


class DigestCadence(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    OFF = "off", _("Off")


HOUR = [MinValueValidator(0), MaxValueValidator(23)]


class ReminderPreference(models.Model):
    """How and when one user wants to be nudged back to their plan."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    milestone_due = models.BooleanField(_("milestones due soon"), default=True)
    milestone_days_before = models.PositiveSmallIntegerField(
        _("days before a milestone is due"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    milestone_overdue = models.BooleanField(_("overdue milestones"), default=True)
    contact_due = models.BooleanField(_("contacts due for keep-in-touch"), default=True)
    certification = models.BooleanField(
        _("certifications expiring (60, 30 and 7 days before)"), default=True
    )
    opportunities = models.BooleanField(
        _("opportunities: next actions due, and no move for a while"), default=True
    )
    year_review = models.BooleanField(
        _("my year in review, in December (with a link to the year's brag document)"),
        default=True,
    )
    mentoring_nudge = models.BooleanField(
        _(
            "mentoring: a nudge when you and your mentor or mentee go longer than agreed without "
            "a session or a comment"
        ),
        default=True,
    )
    mentoring_close = models.BooleanField(
        _("mentoring: an offer to close the mentorship when silent three times longer than agreed"),
        default=True,
    )
    comments = models.CharField(
        _("mentor comment digest"),
        max_length=10,
        choices=DigestCadence.choices,
        default=DigestCadence.DAILY,
    )
    # New users get quiet nights; users from before keep what they had (migration 0006).
    quiet_from = models.PositiveSmallIntegerField(
        _("quiet hours from"), null=True, blank=True, default=22, validators=HOUR
    )
    quiet_until = models.PositiveSmallIntegerField(
        _("quiet hours until"), null=True, blank=True, default=7, validators=HOUR
    )
    paused = models.BooleanField(_("pause all reminders"), default=False)
    snoozed_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The database refuses what the form refuses, whatever road a row comes by (an import,
        # the admin, a bulk update): one user's impossible hour must never stop the dispatcher.
        constraints = [
            models.CheckConstraint(
                condition=Q(milestone_days_before__gte=1, milestone_days_before__lte=60),
                name="reminder_days_before_1_to_60",
            ),
            models.CheckConstraint(
                condition=Q(quiet_from__isnull=True, quiet_until__isnull=True)
                | Q(quiet_from__gte=0, quiet_from__lte=23, quiet_until__gte=0, quiet_until__lte=23),
                name="reminder_quiet_hours_both_or_neither",
            ),
            models.CheckConstraint(
                condition=Q(comments__in=DigestCadence.values),
                name="reminder_known_digest_cadence",
            ),
        ]

    def __str__(self):
        return f"Reminder preferences of {self.user}"

    def clean(self):
        if (self.quiet_from is None) != (self.quiet_until is None):
            raise ValidationError(
                {"quiet_until": gettext("Give both ends of the quiet hours, or neither.")}
            )

    def in_quiet_hours(self, local_hour: int) -> bool:
        if (
            self.quiet_from is None
            or self.quiet_until is None
            or self.quiet_from == self.quiet_until
        ):
            return False
        if self.quiet_from < self.quiet_until:
            return self.quiet_from <= local_hour < self.quiet_until
        return local_hour >= self.quiet_from or local_hour < self.quiet_until


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    RETRY = "retry", "Waiting to retry"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Delivery(models.Model):
    """One email to one user, carrying every reminder that was due for them at the time."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "deliveries"
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["created_at", "id"], name="deliveries_by_age"),
        ]

    def __str__(self):
        return f"Delivery {self.pk} to {self.user} ({self.status})"

    @property
    def message_id(self) -> str:
        """Stable across retries, so a duplicate that slipped through a crash is recognisable."""
        return f"<reminder-delivery-{self.pk}-user-{self.user_id}@careerbuilder>"


class Reminder(models.Model):
    """Something due for a user, recorded once per user, kind and period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=20, choices=kind_choices)  # the registry's (kinds.py)
    period = models.CharField(
        max_length=80, help_text="What and when it is for, e.g. the week or the item and its date."
    )
    subject = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivery = models.ForeignKey(
        Delivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="reminders"
    )
    checkin = models.ForeignKey(
        "checkins.CheckIn",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The check-in answered from this check-in reminder's email: one per period.",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "period"], name="one_reminder_per_user_kind_period"
            )
        ]
        indexes = [
            # The dispatcher groups only what no email carries yet: a small partial index.
            models.Index(
                fields=["user"], name="reminders_not_grouped", condition=Q(delivery__isnull=True)
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.user}: {self.subject}"


class Moment(models.Model):
    """When one thing of one user's plan next needs the dispatcher: the user's next check-in slot,
    a milestone's next reminder (due soon, overdue), a contact's keep-in-touch date, a
    certification's next threshold, the pending comment digest. Stored in UTC, at the user's
    reminder hour and out of their quiet hours, so that the dispatcher reads only the rows whose
    moment has come (apps.reminders.moments keeps them current)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(
        max_length=40,
        validators=line_validators(),
        help_text="What it is for: checkin, digest, milestone:ID, contact:ID…",
    )
    due_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: nothing is coming until its inputs change."
    )
    last_period = models.CharField(
        max_length=120,
        blank=True,
        validators=line_validators(),
        help_text="The last reminder recorded for it (kind|period), remembered past retention.",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "source"], name="one_moment_per_user_source")
        ]
        indexes = [
            models.Index(
                fields=["due_at", "id"],
                name="moments_by_due_time",
                include=["user"],
                condition=Q(due_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.source} of user {self.user_id} at {self.due_at}"


class MomentChange(models.Model):
    """A user whose moments must be worked out again: written by database triggers on every
    table the moments depend on, whatever road the write came by (apps.reminders.triggers)."""

    user_id = models.BigIntegerField(unique=True)

    def __str__(self):
        return f"Moments of user {self.user_id} to refresh"


class DispatcherState(models.Model):
    """One row per dispatch partition: how its last runs went, so a stopped beat or a failing
    run shows in /healthz and the metrics instead of failing silently."""

    partition = models.PositiveSmallIntegerField(unique=True, default=0)
    last_run_at = models.DateTimeField(
        null=True, blank=True, help_text="When a run last finished its work."
    )
    last_failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    users_skipped = models.PositiveIntegerField(
        default=0, help_text="Users the last finished run left out because of an error."
    )
    last_duration = models.FloatField(default=0, help_text="Seconds the last finished run took.")
    last_recorded = models.PositiveIntegerField(
        default=0, help_text="Reminders the last finished run recorded."
    )

    def __str__(self):
        return f"Dispatch partition {self.partition} last ran at {self.last_run_at}"

    @property
    def last_run_failed(self) -> bool:
        return self.last_failed_at is not None and (
            self.last_run_at is None or self.last_failed_at > self.last_run_at
        )
