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

from apps.core.limits import NAME_LENGTH, CheckedWhenEdited, date_validators, line_validators

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
    SHARED_WITH_FIELD = "shared_with"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="brag_documents"
    )
    title = models.CharField(_("title"), max_length=NAME_LENGTH, validators=line_validators())
    purpose = models.CharField(_("what it is for"), max_length=20, choices=Purpose.choices)
    period_start = models.DateField(_("from"), validators=date_validators())
    period_end = models.DateField(_("to"), validators=date_validators())
    shared_with = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="brag_documents_shared",
        verbose_name=_("shared with"),
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
        for line in self.lines:
            if not (
                isinstance(line, dict)
                and isinstance(line.get("text"), str)
                and len(line["text"]) <= LINE_LENGTH
                and isinstance(line.get("key"), str)
            ):
                raise ValidationError({"lines": _("Each line needs a key and a text.")})

    @property
    def included(self) -> list[dict]:
        return [line for line in self.lines if line.get("included", True)]
