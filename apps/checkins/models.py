from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import local_date
from apps.core.limits import (
    NAME_LENGTH,
    SHORT_TEXT_LENGTH,
    CheckedWhenEdited,
    date_validators,
    line_validators,
    text_validators,
)
from apps.milestones.models import Milestone

SCALE = [MinValueValidator(1), MaxValueValidator(5)]
HOUR = [MinValueValidator(0), MaxValueValidator(23)]


class CheckinCadence(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    BIWEEKLY = "biweekly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")
    OFF = "off", _("Off")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class CheckInRhythm(models.Model):
    """How often one person checks in, and when, in their own time zone: the check-ins' own
    rhythm (the streak counts in it), which the reminders read to ask at the right moment."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkin_rhythm"
    )
    checkin_cadence = models.CharField(
        _("check-in reminders"),
        max_length=10,
        choices=CheckinCadence.choices,
        default=CheckinCadence.WEEKLY,
    )
    checkin_weekday = models.PositiveSmallIntegerField(
        pgettext_lazy("the weekday of the check-ins", "on"),
        choices=Weekday.choices,
        default=Weekday.MONDAY,
    )
    checkin_hour = models.PositiveSmallIntegerField(
        _("at (hour, your time)"), default=9, validators=HOUR
    )

    class Meta:
        # The database refuses what the form refuses, whatever road a row comes by.
        constraints = [
            models.CheckConstraint(
                condition=Q(checkin_hour__gte=0, checkin_hour__lte=23),
                name="checkin_rhythm_hour_0_to_23",
            ),
            models.CheckConstraint(
                condition=Q(checkin_weekday__gte=0, checkin_weekday__lte=6),
                name="checkin_rhythm_weekday_0_to_6",
            ),
            models.CheckConstraint(
                condition=Q(checkin_cadence__in=CheckinCadence.values),
                name="checkin_rhythm_known_cadence",
            ),
        ]

    def __str__(self):
        return f"Check-in rhythm of {self.user}"


class Mood(models.IntegerChoices):
    LOW = 1, _("Low")
    FLAT = 2, _("Flat")
    OKAY = 3, _("Okay")
    GOOD = 4, _("Good")
    GREAT = 5, _("Great")


class StepOutcome(models.TextChoices):
    DONE = "done", _("Done")
    PARTLY = "partly", _("Partly")
    NOT_YET = "not_yet", _("Not yet")


class CheckIn(CheckedWhenEdited):
    """A periodic reflection: did I only do my job, or did I also build my career?"""

    OWNER_PATH = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins"
    )
    created_at = models.DateTimeField(
        auto_now_add=True, db_index=True, validators=date_validators()
    )
    north_star_progress = models.PositiveSmallIntegerField(
        _("how far I moved toward my North Star"), validators=SCALE
    )
    job_or_career = models.PositiveSmallIntegerField(
        _("job or career?"),
        validators=SCALE,
        help_text=_("1 = I only did my job, 5 = I built my career."),
    )
    learned = models.TextField(
        _("what I learned"), blank=True, validators=text_validators(SHORT_TEXT_LENGTH)
    )
    network = models.TextField(
        _("what I did for my network"), blank=True, validators=text_validators(SHORT_TEXT_LENGTH)
    )
    next_step = models.CharField(
        _("the next step I commit to"),
        max_length=NAME_LENGTH,
        blank=True,
        validators=line_validators(),
    )
    next_step_milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The day the owner ticked the next step off their Today list (the next check-in's "did it
    # happen?" then opens on "Done").
    next_step_done_on = models.DateField(
        _("the next step was done on"), null=True, blank=True, validators=date_validators()
    )
    mood = models.PositiveSmallIntegerField(choices=Mood.choices, default=Mood.OKAY)
    # Anything else, e.g. the lines of an emailed check-in that answer none of its questions.
    notes = models.TextField(blank=True, validators=text_validators(SHORT_TEXT_LENGTH))
    # Last time's commitment, as it was worded then, and whether it happened.
    previous_step = models.CharField(
        _("the step I had committed to"),
        max_length=NAME_LENGTH,
        blank=True,
        validators=line_validators(),
    )
    previous_step_outcome = models.CharField(
        _("did it happen?"), max_length=10, choices=StepOutcome.choices, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(previous_step_outcome__in=["", *StepOutcome.values]),
                name="checkin_known_step_outcome",
            ),
            models.CheckConstraint(
                condition=Q(north_star_progress__gte=1, north_star_progress__lte=5),
                name="checkin_progress_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(job_or_career__gte=1, job_or_career__lte=5),
                name="checkin_job_or_career_1_to_5",
            ),
        ]

    def __str__(self):
        return gettext("Check-in of %(date)s") % {"date": local_date(self.created_at, "d M Y")}

    def get_absolute_url(self):
        return reverse("checkins:detail", args=[self.pk])
