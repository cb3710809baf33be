from django.conf import settings
from django.db import models


class SetupStep(models.TextChoices):
    VISION = "vision", "Your vision and North Star"
    VALUES = "values", "Your ranked values"
    JOB = "job", "Your current job's ledger"
    MILESTONE = "milestone", "Your first milestone"


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
