import datetime
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse


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


class ResumePreview(models.Model):
    """A JSON Resume file read and waiting for its owner to accept what it would add: the rows
    it holds, as plain JSON (apps/dataio/resume.py). Not part of the plan (nor of the export):
    it expires, and an accepted one cannot be accepted again."""

    SECONDS = 60 * 60

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resume_previews"
    )
    rows = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Résumé preview {self.pk} of {self.owner}"

    @property
    def expires_at(self) -> datetime.datetime:
        return self.created_at + datetime.timedelta(seconds=self.SECONDS)
