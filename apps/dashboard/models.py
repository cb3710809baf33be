from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.limits import LABEL_LENGTH, date_validators, line_validators


class SetupStep(models.TextChoices):
    VISION = "vision", _("Your vision and North Star")
    VALUES = "values", _("Your ranked values")
    JOB = "job", _("Your current job's ledger")
    MILESTONE = "milestone", _("Your first milestone")


class SetupSkip(models.Model):
    """A first-run step the user chose to skip for now; they can come back to it at any time."""

    OWNER_PATH = "owner"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    step = models.CharField(max_length=20, choices=SetupStep.choices)

    class Meta:
        db_table = "core_setupskip"  # made by the core app, moved here with its rows
        constraints = [
            models.UniqueConstraint(fields=["owner", "step"], name="skip_each_step_once")
        ]

    def __str__(self):
        return f"{self.owner} skipped {self.step}"


class TodaySnooze(models.Model):
    """An item of the Today list put off until a day: hidden until then, back on that day. The
    key names the item as its source does ("step:12", "checkin:2026-W49"); a snooze that has
    passed is kept until the item is snoozed again (there is one per item)."""

    OWNER_PATH = "owner"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.CharField(max_length=LABEL_LENGTH, validators=line_validators())
    until = models.DateField(
        help_text=_("The item is back on the list on this day."), validators=date_validators()
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="snooze_each_item_once")
        ]

    def __str__(self):
        return f"{self.key} until {self.until}"
