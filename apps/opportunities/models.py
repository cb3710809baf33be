"""Opportunities a person seeks out (roles, projects, stretch assignments, promotions, courses,
talks, volunteer roles), each moved through its stages and weighed against the plan: how far it
moves them toward each horizon, how it fits each ranked value, and the paycheck factors beside
them, never folded into one number."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.limits import (
    LABEL_LENGTH,
    LINK_LENGTH,
    LONG_TEXT_LENGTH,
    NAME_LENGTH,
    SHORT_NAME_LENGTH,
    SHORT_TEXT_LENGTH,
    CheckedWhenEdited,
    date_validators,
    line_validators,
    text_validators,
)
from apps.learning.models import LearningItem
from apps.milestones.models import Milestone
from apps.network.models import Contact
from apps.vision.models import Horizon, Job, Value

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
NEXT_ACTION_DAYS = 7  # after each move, the next action falls due a week later unless told
STALL_DAYS = 14
# a decision's reason, short enough to go into a ledger entry's text with its heading
REASON_LENGTH = SHORT_TEXT_LENGTH - 100


class OpportunityKind(models.TextChoices):
    ROLE = "role", _("Role elsewhere")
    INTERNAL_ROLE = "internal_role", _("Internal role")
    PROMOTION = "promotion", _("Promotion")
    PROJECT = "project", _("Project")
    STRETCH = "stretch", _("Stretch assignment")
    PROGRAMME = "programme", _("Programme or course")
    TALK = "talk", _("Talk")
    VOLUNTEER = "volunteer", _("Volunteer role")


# what accepting one adds to the plan
BECOMES_JOB = {OpportunityKind.ROLE, OpportunityKind.INTERNAL_ROLE, OpportunityKind.PROMOTION}
BECOMES_LEARNING = {OpportunityKind.PROGRAMME}


class Stage(models.TextChoices):
    IDEA = "idea", _("Idea")
    EXPLORING = "exploring", _("Exploring")
    APPLIED = "applied", _("Applied or proposed")
    INTERVIEWING = "interviewing", _("Interviewing")
    OFFER = "offer", _("Offer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    GHOSTED = "ghosted", _("No answer (ghosted)")
    CLOSED = "closed", _("Closed")


OPEN_STAGES = [Stage.IDEA, Stage.EXPLORING, Stage.APPLIED, Stage.INTERVIEWING, Stage.OFFER]
FINAL_STAGES = [Stage.ACCEPTED, Stage.DECLINED, Stage.GHOSTED, Stage.CLOSED]
DECISIONS = [Stage.ACCEPTED, Stage.DECLINED]  # decided with a reason, on the Decide page
PAYCHECK_FACTORS = {
    "pay": _("Pay"),
    "time": _("Time (hours, commute, flexibility)"),
    "security": _("Security"),
    "location": _("Location"),
}


def _score_field(label):
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=SCORE_VALIDATORS
    )


class Opportunity(CheckedWhenEdited):
    OWNER_PATH = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="opportunities"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=OpportunityKind.choices, default=OpportunityKind.ROLE
    )
    title = models.CharField(_("title"), max_length=NAME_LENGTH, validators=line_validators())
    organisation = models.CharField(
        _("organisation"), max_length=SHORT_NAME_LENGTH, blank=True, validators=line_validators()
    )
    link = models.URLField(_("link"), max_length=LINK_LENGTH, blank=True)
    source = models.CharField(
        _("where it came from"),
        max_length=SHORT_NAME_LENGTH,
        blank=True,
        help_text=_("A job board, a colleague, your own idea…"),
        validators=line_validators(),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("The job description or what it involves (Markdown)."),
        validators=text_validators(LONG_TEXT_LENGTH),
    )
    contacts = models.ManyToManyField(
        Contact,
        blank=True,
        related_name="opportunities",
        verbose_name=_("people who connect you to it"),
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    stage_label = models.CharField(
        _("your name for this stage"),
        max_length=LABEL_LENGTH,
        blank=True,
        help_text=_("Optional, e.g. “Case study” while interviewing."),
        validators=line_validators(),
    )
    moved_on = models.DateField(_("last moved"), validators=date_validators())
    next_action = models.CharField(
        _("next action"), max_length=NAME_LENGTH, blank=True, validators=line_validators()
    )
    next_action_on = models.DateField(
        _("next action by"), null=True, blank=True, validators=date_validators()
    )
    stall_after_days = models.PositiveSmallIntegerField(
        _("remind me when nothing moves for (days)"),
        default=STALL_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    sent_version = models.CharField(
        _("résumé or brag document sent"),
        max_length=SHORT_NAME_LENGTH,
        blank=True,
        help_text=_("Which version you sent, e.g. “Résumé – product, Nov 2026”."),
        validators=line_validators(),
    )
    notes = models.TextField(_("notes"), blank=True, validators=text_validators(LONG_TEXT_LENGTH))
    pay = _score_field(_("pay"))
    time = _score_field(_("time (hours, commute, flexibility)"))
    security = _score_field(_("security"))
    location = _score_field(_("location"))
    decided_on = models.DateField(
        _("decided on"), null=True, blank=True, validators=date_validators()
    )
    decision_reason = models.TextField(
        _("why"), blank=True, validators=text_validators(SHORT_TEXT_LENGTH)
    )
    starts_on = models.DateField(
        _("starts on"), null=True, blank=True, validators=date_validators()
    )
    # what accepting it added to the plan
    job = models.ForeignKey(
        Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="opportunities"
    )
    learning_item = models.ForeignKey(
        LearningItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
    )
    milestone = models.ForeignKey(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="opportunities"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-moved_on", "-pk"]
        verbose_name_plural = "opportunities"
        indexes = [models.Index(fields=["owner", "stage"])]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True})
                    | Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                    name=f"opportunity_{name}_1_to_5",
                )
                for name in PAYCHECK_FACTORS
            ),
            models.CheckConstraint(
                condition=Q(stall_after_days__gte=1, stall_after_days__lte=365),
                name="opportunity_stall_1_to_365",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=Stage.values), name="opportunity_known_stage"
            ),
        ]

    def __str__(self):
        if not self.organisation:
            return self.title
        return gettext("%(title)s at %(organisation)s") % {
            "title": self.title,
            "organisation": self.organisation,
        }

    def get_absolute_url(self):
        return reverse("opportunities:detail", args=[self.pk])

    def clean(self):
        if self.stage not in Stage.values:
            raise ValidationError({"stage": _("Unknown stage.")})

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def stalled_on(self) -> datetime.date | None:
        """The day it counts as stalled, if it is still open."""
        if not self.is_open or self.moved_on is None:
            return None
        return self.moved_on + datetime.timedelta(days=self.stall_after_days)

    @property
    def paycheck(self) -> list[tuple[str, int | None]]:
        return [(label, getattr(self, name)) for name, label in PAYCHECK_FACTORS.items()]


class StageMove(CheckedWhenEdited):
    """One move of an opportunity to a stage: its timeline."""

    OWNER_PATH = "opportunity__owner"

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="moves")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    label = models.CharField(max_length=LABEL_LENGTH, blank=True, validators=line_validators())
    moved_on = models.DateField(validators=date_validators())
    note = models.TextField(blank=True, validators=text_validators(SHORT_TEXT_LENGTH))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["moved_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=Stage.values), name="move_known_stage")
        ]

    def __str__(self):
        return f"{self.opportunity}: {self.get_stage_display()} on {self.moved_on}"


class HorizonScore(CheckedWhenEdited):
    """How far an opportunity moves its owner toward one of their horizons (1–5)."""

    OWNER_PATH = "opportunity__owner"

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="horizon_scores"
    )
    horizon = models.ForeignKey(Horizon, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "horizon"], name="one_score_per_horizon"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="horizon_score_1_to_5"
            ),
        ]


class ValueScore(CheckedWhenEdited):
    """How well an opportunity fits one of its owner's ranked values (1–5)."""

    OWNER_PATH = "opportunity__owner"

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="value_scores"
    )
    value = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(validators=SCORE_VALIDATORS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "value"], name="one_score_per_value"),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="value_score_1_to_5"
            ),
        ]
