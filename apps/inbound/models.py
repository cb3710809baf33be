"""What careerbuilder keeps of the mail it receives: a line per message and address, no body."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Outcome(models.TextChoices):
    SAVED = "saved", "Saved"
    REFUSED = "refused", "Refused"
    IGNORED = "ignored", "Ignored"
    UNCLEAR = "unclear", "Not understood"  # the user's own mail that saved nothing: told why


class InboundMessage(models.Model):
    """One message received at one of careerbuilder's addresses and what became of it: who it
    named, the outcome and why. Keeps neither the message nor the address (a digest of it, to
    record each message once), and is deleted after INBOUND_RETENTION_DAYS."""

    message_id = models.CharField(max_length=255)  # its Message-ID, or a digest of its bytes
    address_digest = models.CharField(max_length=64)  # of the address it came to
    purpose = models.CharField(max_length=20)  # what that address is for: checkin, …
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
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


class Confirmation(models.Model):
    """The email owed to a reply (what was understood, or why nothing was saved): an outbox row
    written in the transaction that handled the reply, so a broker that is down delays it but
    cannot lose it or change the answer the sender's server got. A worker claims it for a
    lease and marks it sent; the minute's sweep queues what waits. Goes with its line."""

    line = models.OneToOneField(InboundMessage, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    to = models.EmailField(max_length=254)
    period = models.CharField(max_length=20, blank=True)  # the check-in period it answers
    checkin = models.ForeignKey(
        "checkins.CheckIn", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    problems = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"], condition=models.Q(sent_at=None), name="confirmation_waiting"
            )
        ]

    def __str__(self):
        return f"Confirmation to user {self.user_id} ({'sent' if self.sent_at else 'waiting'})"
