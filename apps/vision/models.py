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
    LONG_TEXT_LENGTH,
    NAME_LENGTH,
    SHORT_NAME_LENGTH,
    SHORT_TEXT_LENGTH,
    CheckedWhenEdited,
    date_validators,
    line_validators,
    text_validators,
)


class HorizonYears(models.IntegerChoices):
    ONE = 1, _("1 year")
    FIVE = 5, _("5 years")
    TEN = 10, _("10 years")
    TWENTY = 20, _("20 years")


class Vision(CheckedWhenEdited):
    """One per user: what drives them besides pay; the horizons hang off the same owner."""

    OWNER_PATH = "owner"

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    beyond_the_paycheck = models.TextField(
        _("beyond the paycheck"),
        blank=True,
        help_text=_("What drives you besides pay: the purpose your career serves."),
        validators=text_validators(SHORT_TEXT_LENGTH),
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Vision of {self.owner}"


class Horizon(CheckedWhenEdited):
    """Where the owner wants to be in 1, 5, 10 or 20 years; one of them is the North Star."""

    OWNER_PATH = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="horizons"
    )
    years = models.PositiveSmallIntegerField(choices=HorizonYears.choices)
    statement = models.TextField(
        _("where I want to be"), blank=True, validators=text_validators(SHORT_TEXT_LENGTH)
    )
    target_role = models.CharField(
        _("target role"), max_length=SHORT_NAME_LENGTH, blank=True, validators=line_validators()
    )
    why = models.TextField(
        _("why it matters to me"), blank=True, validators=text_validators(SHORT_TEXT_LENGTH)
    )
    is_north_star = models.BooleanField(_("North Star"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["years"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "years"], name="one_horizon_per_span"),
            models.UniqueConstraint(
                fields=["owner"], condition=Q(is_north_star=True), name="one_north_star"
            ),
            models.CheckConstraint(
                condition=~Q(is_north_star=True) | ~Q(statement=""),
                name="north_star_has_a_statement",
            ),
        ]

    def __str__(self):
        return f"{self.get_years_display()}: {self.statement[:60]}"

    def get_absolute_url(self):
        return reverse("vision:horizon_detail", args=[self.pk])


class Value(CheckedWhenEdited):
    """A value the owner lives by, ranked: position 1 matters most."""

    OWNER_PATH = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="values"
    )
    name = models.CharField(max_length=LABEL_LENGTH, validators=line_validators())
    meaning = models.TextField(
        _("what it means to me"), blank=True, validators=text_validators(SHORT_TEXT_LENGTH)
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "position"], name="one_value_per_rank")
        ]

    def __str__(self):
        return self.name


class Job(CheckedWhenEdited):
    """A job in the owner's career history; no end date means it is current."""

    OWNER_PATH = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    title = models.CharField(max_length=SHORT_NAME_LENGTH, validators=line_validators())
    organisation = models.CharField(max_length=SHORT_NAME_LENGTH, validators=line_validators())
    start_date = models.DateField(_("started"), validators=date_validators())
    end_date = models.DateField(_("ended"), null=True, blank=True, validators=date_validators())
    location = models.CharField(max_length=NAME_LENGTH, blank=True, validators=line_validators())
    description = models.TextField(
        _("what I did there"), blank=True, validators=text_validators(LONG_TEXT_LENGTH)
    )
    # when it joined the history (empty for jobs added before this was kept): news since then
    created_at = models.DateTimeField(auto_now_add=True, null=True)

    class Meta:
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="job_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return gettext("%(title)s at %(organisation)s") % {
            "title": self.title,
            "organisation": self.organisation,
        }

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": gettext("A job cannot end before it starts.")})

    @property
    def is_current(self):
        return self.end_date is None


SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class LedgerEntry(CheckedWhenEdited):
    """What a job gives the owner toward their vision at one point in time, scored per horizon."""

    OWNER_PATH = "job__owner"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="ledger_entries")
    recorded_on = models.DateField(_("as of"), validators=date_validators())
    skills = models.TextField(
        _("skills it gives me"), blank=True, validators=text_validators(SHORT_TEXT_LENGTH)
    )
    connections = models.TextField(
        _("connections it gives me"), blank=True, validators=text_validators(SHORT_TEXT_LENGTH)
    )
    knowledge = models.TextField(
        _("knowledge it gives me"), blank=True, validators=text_validators(SHORT_TEXT_LENGTH)
    )
    still_want = models.TextField(
        _("what I still want from it"), blank=True, validators=text_validators(SHORT_TEXT_LENGTH)
    )
    # Each horizon the owner has written is scored; the others stay empty.
    score_1 = models.PositiveSmallIntegerField(
        _("moves me toward my 1-year horizon"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    score_5 = models.PositiveSmallIntegerField(
        _("… 5-year horizon"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    score_10 = models.PositiveSmallIntegerField(
        _("… 10-year horizon"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    score_20 = models.PositiveSmallIntegerField(
        _("… 20-year horizon"), null=True, blank=True, validators=SCORE_VALIDATORS
    )
    created_at = models.DateTimeField(auto_now_add=True)

    SCORE_FIELDS = ("score_1", "score_5", "score_10", "score_20")

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__isnull": True})
                | Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                name=f"ledger_{name}_from_1_to_5",
            )
            for name in ("score_1", "score_5", "score_10", "score_20")
        ]

    def __str__(self):
        return f"{self.job} as of {self.recorded_on}"

    @property
    def scores(self) -> list[int]:
        """The scores given: one per horizon the owner had written."""
        return [score for name in self.SCORE_FIELDS if (score := getattr(self, name)) is not None]

    @property
    def average_score(self) -> float | None:
        return sum(self.scores) / len(self.scores) if self.scores else None

    @property
    def gained_something(self) -> bool:
        return any(text.strip() for text in (self.skills, self.connections, self.knowledge))


class VisionRevision(models.Model):
    """A snapshot of the whole vision, kept each time it changes."""

    OWNER_PATH = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="vision_revisions"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Vision of {self.owner} at {self.created_at:%Y-%m-%d %H:%M}"
