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
