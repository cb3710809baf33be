from django.conf import settings
from django.db import models


class FormSubmission(models.Model):
    """A form a user's device has already sent, by the random key the page gave it: a check-in
    written offline may reach the server twice (a Background Sync and the next visit, or a
    double click), and only the first is saved. Old keys are purged (`form_submissions_purge`)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    key = models.UUIDField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="submit_each_form_once")
        ]

    def __str__(self):
        return f"{self.user_id}:{self.key}"
