"""Brag documents: the evidence of a period (milestones done, stretch taken, learning, people
met, what check-ins and mentors said: every area's `evidence`, apps/core/areas.py), gathered for
a purpose, edited by the owner and kept as dated versions. A mentor sees a document only when
its owner shares that document with them, while the mentorship lasts."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.limits import (
    NAME_LENGTH,
    CheckedWhenEdited,
    date_validators,
    line_validators,
    one_line,
)
from apps.sharing.models import Mentorship
from apps.vision.models import HorizonYears

LINE_LENGTH = 1000  # one line of a document, as its owner may edit it
MAX_LINES = 2000  # a year of a busy plan; a document is read by people
MAX_PERIOD = datetime.timedelta(days=3 * 366)


class Purpose(models.TextChoices):
    MY_REVIEW = "my_review", _("My review")
    MANAGER_REVIEW = "manager_review", _("My manager's review")
    PROMOTION = "promotion", _("A promotion case")
    APPLICATION = "application", _("A job application")
    MENTORING = "mentoring", _("A mentoring session")


class BragDocument(CheckedWhenEdited):
    OWNER_PATH = "owner"
    SHARED_AREA = None  # never through an area's switch: each document is shared by itself
    SHARED_WITH_FIELD = "shared_with"  # the mentorships it is shared through

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="brag_documents"
    )
    title = models.CharField(_("title"), max_length=NAME_LENGTH, validators=line_validators())
    purpose = models.CharField(_("what it is for"), max_length=20, choices=Purpose.choices)
    period_start = models.DateField(
        pgettext_lazy("start of a period", "from"), validators=date_validators()
    )
    period_end = models.DateField(
        pgettext_lazy("end of a period", "to"), validators=date_validators()
    )
    # shared through a mentorship, not with a person: one that ends takes the document with it,
    # and the same mentor invited again sees nothing until it is shared again
    shared_with = models.ManyToManyField(
        Mentorship, blank=True, related_name="brag_documents", verbose_name=_("shared with")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="brag_period_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("record:detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.period_start and self.period_end:
            if self.period_end < self.period_start:
                raise ValidationError({"period_end": _("The period cannot end before it starts.")})
            if self.period_end - self.period_start > MAX_PERIOD:
                raise ValidationError({"period_end": _("Choose a period of three years at most.")})


class BragVersion(models.Model):
    """One saved state of a document: its lines in their order, each with the item it is
    evidence of (key, url), its date, its group, its text as edited, and whether it is in."""

    OWNER_PATH = "document__owner"
    SHARED_AREA = None

    document = models.ForeignKey(BragDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    saved_at = models.DateTimeField(auto_now_add=True)
    lines = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_version_per_number")
        ]

    def __str__(self):
        return f"{self.document}, version {self.number}"

    def clean(self):
        super().clean()
        if not isinstance(self.lines, list) or len(self.lines) > MAX_LINES:
            raise ValidationError({"lines": _("A version holds a list of at most 2,000 lines.")})
        keys = set()
        for number, line in enumerate(self.lines, start=1):
            problem = line_problem(line)
            if problem is None and line["key"] in keys:
                problem = _("its key is the key of another line")
            if problem:
                raise ValidationError(
                    {
                        "lines": _("Line %(number)d: %(problem)s.")
                        % {"number": number, "problem": problem}
                    }
                )
            keys.add(line["key"])

    @property
    def included(self) -> list[dict]:
        return [line for line in self.lines if line.get("included", True)]


def _is_text(value, length: int) -> bool:
    """A string of one line (no control character: PostgreSQL's JSON refuses a NUL, a DOCX the
    others) of at most `length` characters."""
    if not isinstance(value, str) or not value or len(value) > length:
        return False
    try:
        one_line(value)
    except ValidationError:
        return False
    return True


def _is_day(value) -> bool:
    try:
        datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return len(value) == 10


def line_problem(line) -> str | None:
    """What is wrong with one line of a version (from the plan's own evidence, an edit or an
    imported file), or None: every field is checked, as every field is shown or written out."""
    if not isinstance(line, dict):
        return _("it is not an object")
    url = line.get("url")
    values = line.get("values", [])
    checks = [
        (_is_text(line.get("key"), 60), _("it needs a key")),
        (
            _is_text(line.get("text"), LINE_LENGTH),
            _("its text is one line of 1 to 1,000 characters"),
        ),
        (_is_day(line.get("day")), _("its day is a date (YYYY-MM-DD)")),
        (_is_text(line.get("heading"), NAME_LENGTH), _("it needs a heading")),
        (
            _is_text(url, 300) and url.startswith("/") and not url.startswith("//"),
            _("its address is one of this site's (/…)"),
        ),
        (line.get("horizon") in (None, *HorizonYears.values), _("its horizon is 1, 5, 10 or 20")),
        (
            isinstance(values, list) and all(_is_text(value, NAME_LENGTH) for value in values),
            _("its values are a list of names"),
        ),
        (isinstance(line.get("included", True), bool), _("whether it is in is true or false")),
    ]
    return next((problem for ok, problem in checks if not ok), None)
