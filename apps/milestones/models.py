from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.limits import (
    LONG_TEXT_LENGTH,
    NAME_LENGTH,
    SHORT_TEXT_LENGTH,
    CheckedWhenEdited,
    date_validators,
    line_validators,
    text_validators,
)
from apps.vision.models import HorizonYears


class MilestoneKind(models.TextChoices):
    GOAL = "goal", _("Goal")
    CHALLENGE = "challenge", _("Challenge outside my comfort zone")
    OWNERSHIP = "ownership", _("Ownership action")
    LEARNING = "learning", _("Learning")
    NETWORKING = "networking", _("Networking")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


def validate_percentage(value):
    if value is not None and not 0 <= value <= 100:
        raise ValidationError(gettext("Progress is a percentage from 0 to 100."))


OPEN_STATUSES = (MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS)
CLOSED_STATUSES = (MilestoneStatus.DONE, MilestoneStatus.DROPPED)


class OpenSteps(models.TextChoices):
    """What becomes of the steps still open when a milestone is marked done."""

    TICK = "tick", _("Tick them: they are done too")
    DROP = "drop", _("Drop them: they are no longer needed")


class Milestone(CheckedWhenEdited):
    """A step toward one of the owner's horizons."""

    OWNER_PATH = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="milestones"
    )
    horizon = models.PositiveSmallIntegerField(choices=HorizonYears.choices)
    title = models.CharField(max_length=NAME_LENGTH, validators=line_validators())
    description = models.TextField(
        blank=True,
        help_text=_("Markdown is welcome."),
        validators=text_validators(LONG_TEXT_LENGTH),
    )
    kind = models.CharField(
        max_length=20, choices=MilestoneKind.choices, default=MilestoneKind.GOAL
    )
    target_date = models.DateField(null=True, blank=True, validators=date_validators())
    status = models.CharField(
        max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        default=0,
        help_text=_("0 to 100; with steps, it follows the steps ticked."),
        validators=[validate_percentage],
    )
    lessons = models.TextField(
        _("what I learned"), blank=True, validators=text_validators(SHORT_TEXT_LENGTH)
    )
    impact = models.TextField(
        _("how it moved me"), blank=True, validators=text_validators(SHORT_TEXT_LENGTH)
    )
    rescheduled_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text=_("When its target date last changed.")
    )
    closed_on = models.DateField(
        null=True, blank=True, editable=False, validators=date_validators()
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [models.F("target_date").asc(nulls_last=True), "pk"]
        indexes = [models.Index(fields=["owner", "status", "target_date"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(status__in=["done", "dropped"]),
                name="only_closed_milestones_have_a_closing_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(progress=100), name="a_done_milestone_is_100"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("milestones:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    def clean(self):
        super().clean()
        if self.status == MilestoneStatus.DONE:
            self.progress = 100  # done is done, on every road (an import of an older export too)

    def is_overdue(self, today) -> bool:
        return self.is_open and self.target_date is not None and self.target_date < today


class Step(CheckedWhenEdited):
    """One item of a milestone's ordered checklist."""

    OWNER_PATH = "milestone__owner"

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(max_length=NAME_LENGTH, validators=line_validators())
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True, help_text=_("When it was ticked."))
    due_on = models.DateField(_("due by"), null=True, blank=True, validators=date_validators())
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["milestone", "position"], name="one_step_per_rank")
        ]

    def __str__(self):
        return self.title
