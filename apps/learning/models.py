import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.limits import (
    LABEL_LENGTH,
    LINK_LENGTH,
    NAME_LENGTH,
    SHORT_NAME_LENGTH,
    SHORT_TEXT_LENGTH,
    CheckedWhenEdited,
    date_validators,
    line_validators,
    text_validators,
)
from apps.milestones.models import Milestone
from apps.vision.models import HorizonYears

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
EXPIRY_WARNING_DAYS = 60


class Skill(CheckedWhenEdited):
    """A skill with where the owner stands (1–5) and where they want to be."""

    OWNER_PATH = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skills"
    )
    name = models.CharField(max_length=LABEL_LENGTH, validators=line_validators())
    current_level = models.PositiveSmallIntegerField(default=1, validators=LEVEL_VALIDATORS)
    target_level = models.PositiveSmallIntegerField(default=3, validators=LEVEL_VALIDATORS)
    # the last move of current_level (skill_update keeps them): "what changed since" tells it
    previous_level = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False, validators=LEVEL_VALIDATORS
    )
    level_moved_at = models.DateTimeField(null=True, blank=True, editable=False)
    why = models.TextField(
        _("why it matters"), blank=True, validators=text_validators(SHORT_TEXT_LENGTH)
    )
    horizon = models.PositiveSmallIntegerField(
        _("serves my horizon"), choices=HorizonYears.choices, null=True, blank=True
    )
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="skills",
        verbose_name=_("serves the milestone"),
    )

    class Meta:
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(
                "owner",
                Lower("name"),
                name="one_skill_per_name",
                violation_error_message=_("You already track a skill with that name."),
            ),
            models.CheckConstraint(
                condition=Q(current_level__gte=1, current_level__lte=5), name="current_level_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(target_level__gte=1, target_level__lte=5), name="target_level_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(previous_level__isnull=True)
                | Q(previous_level__gte=1, previous_level__lte=5),
                name="previous_level_1_to_5",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("learning:skill_detail", args=[self.pk])

    @property
    def gap(self) -> int:
        return max(self.target_level - self.current_level, 0)


class LearningKind(models.TextChoices):
    COURSE = "course", _("Course")
    CERTIFICATION = "certification", _("Certification")
    BOOK = "book", _("Book")
    TALK = "talk", _("Talk")
    PROJECT = "project", _("Project")


class LearningStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class LearningItem(CheckedWhenEdited):
    """A course, certification, book, talk or project, with the skills it builds."""

    OWNER_PATH = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_items"
    )
    kind = models.CharField(
        max_length=20, choices=LearningKind.choices, default=LearningKind.COURSE
    )
    title = models.CharField(max_length=NAME_LENGTH, validators=line_validators())
    provider = models.CharField(
        max_length=SHORT_NAME_LENGTH, blank=True, validators=line_validators()
    )
    link = models.URLField(max_length=LINK_LENGTH, blank=True)
    status = models.CharField(
        max_length=20, choices=LearningStatus.choices, default=LearningStatus.PLANNED
    )
    hours_spent = models.DecimalField(
        max_digits=6, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    started_on = models.DateField(_("started"), null=True, blank=True, validators=date_validators())
    finished_on = models.DateField(
        _("finished"), null=True, blank=True, validators=date_validators()
    )
    issued_on = models.DateField(
        _("issued"),
        null=True,
        blank=True,
        help_text=_("Certifications only."),
        validators=date_validators(),
    )
    expires_on = models.DateField(
        _("expires"),
        null=True,
        blank=True,
        help_text=_("Certifications only."),
        validators=date_validators(),
    )
    licence_number = models.CharField(
        _("licence or credential number"),
        max_length=LABEL_LENGTH,
        blank=True,
        help_text=_("Certifications only."),
        validators=line_validators(),
    )
    skills = models.ManyToManyField(Skill, blank=True, related_name="learning_items")
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_items",
        verbose_name=_("serves the milestone"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-started_on", "title"]
        indexes = [models.Index(fields=["owner", "kind", "expires_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(finished_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(finished_on__gte=F("started_on")),
                name="learning_finishes_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(expires_on__gte=F("issued_on")),
                name="certification_expires_after_issue",
            ),
            models.CheckConstraint(condition=Q(hours_spent__gte=0), name="hours_not_negative"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("learning:item_detail", args=[self.pk])

    def clean(self):
        errors = {}
        pairs = [
            ("started_on", "finished_on", gettext("It cannot finish before it starts.")),
            (
                "issued_on",
                "expires_on",
                gettext("A certification cannot expire before it is issued."),
            ),
        ]
        for start, end, message in pairs:
            first, last = getattr(self, start), getattr(self, end)
            if first and last and last < first:
                errors[end] = message
        if (
            self.kind != LearningKind.CERTIFICATION
            and self.expires_on
            and "expires_on" not in errors
        ):
            errors["expires_on"] = gettext("Only certifications expire.")
        if errors:
            raise ValidationError(errors)

    def expiry_state(self, today: datetime.date) -> str:
        """ "expired", "expiring" (within 60 days), "valid" or "" when there is no expiry."""
        if self.expires_on is None:
            return ""
        if self.expires_on < today:
            return "expired"
        if self.expires_on <= today + datetime.timedelta(days=EXPIRY_WARNING_DAYS):
            return "expiring"
        return "valid"
