"""What careerbuilder keeps of the mail it receives: a line per message and address, no body."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Outcome(models.TextChoices):
    SAVED = "saved", "Saved"
    REFUSED = "refused", "Refused"
    IGNORED = "ignored", "Ignored"


class InboundMessage(models.Model):
    """One message received at one of careerbuilder's addresses and what became of it: who it
    named, the outcome and why. Keeps neither the message nor the address (a digest of it, to
    record each message once), and is deleted after INBOUND_RETENTION_DAYS."""

    message_id = models.CharField(max_length=255)  # its Message-ID, or a digest of its bytes
    address_digest = models.CharField(max_length=64)  # of the address it came to
    purpose = models.CharField(max_length=20)  # what that address is for: checkin, …
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reason = models.CharField(max_length=200)
    confirmed = models.BooleanField(default=False)  # a confirmation email went back
    received_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["address_digest", "message_id"], name="inbound_once_per_address"
            )
        ]
        indexes = [models.Index(fields=["user", "received_at"])]

    def __str__(self):
        return f"{self.purpose} mail {self.get_outcome_display().lower()}: {self.reason}"
