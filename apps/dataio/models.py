import datetime
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def new_feed_key() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a user's private calendar feed; a new key retires the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.CharField(max_length=64, unique=True, default=new_feed_key)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"

    @property
    def url(self) -> str:
        return settings.SITE_URL + reverse("dataio:calendar_feed", args=[self.key])


class ImportStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RowChoice(models.TextChoices):
    """What becomes of one row of a preview: by default it adds and merges (a row matching an
    item fills what the item lacks); it replaces only when asked."""

    MERGE = "merge", _("Add, or merge")
    REPLACE = "replace", _("Replace")
    SKIP = "skip", _("Skip")


class ResumePreview(models.Model):
    """A JSON Resume file (or LinkedIn's export) read and waiting for its owner to accept what
    it would add: the rows it holds, as plain JSON (apps/dataio/resume.py). Not part of the plan
    (nor of the export): it expires, and an accepted one cannot be accepted again. Once
    accepted (`accepted_at`, with each row's choice) it is imported, in a worker for a long
    file, which keeps its progress and its outcome here for the page to show."""

    SECONDS = 60 * 60

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resume_previews"
    )
    rows = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)  # a RowChoice per row
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.WAITING
    )
    started_at = models.DateTimeField(null=True, blank=True)  # when its import was claimed
    done_rows = models.PositiveIntegerField(default=0)
    total_rows = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)  # added, merged, replaced, skipped
    problems = models.JSONField(default=list, blank=True)  # the rows refused, or why it failed

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done_rows__lte=models.F("total_rows")),
                name="preview_done_rows_within_total",
            )
        ]

    def __str__(self):
        return f"Résumé preview {self.pk} of {self.owner}"

    @property
    def expires_at(self) -> datetime.datetime:
        return self.created_at + datetime.timedelta(seconds=self.SECONDS)
