import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.limits import (
    LONG_TEXT_LENGTH,
    SHORT_NAME_LENGTH,
    CheckedWhenEdited,
    line_validators,
    text_validators,
)
from apps.sharing.areas import Area

INVITATION_DAYS = 14


class Invitation(models.Model):
    """An emailed, single-use, expiring invitation to mentor somebody."""

    OWNER_PATH = "mentee"

    mentee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_invitations"
    )
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.mentee} invited {self.email}"

    @staticmethod
    def default_expiry() -> datetime.datetime:
        return timezone.now() + datetime.timedelta(days=INVITATION_DAYS)

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.cancelled_at:
            return "cancelled"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class Comment(CheckedWhenEdited):
    """A comment by a mentee or a mentor on one item of the mentee's plan.

    A comment restored from an export whose author's account is not part of it (a mentor's)
    keeps its author as text, `author_name` and `author_email`, and no account: restoring it
    gives nobody access to the plan."""

    OWNER_PATH = "plan_owner"
    SHARED_AREA_FIELD = "area"

    plan_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="comments_written",
        null=True,
        blank=True,
    )
    author_name = models.CharField(
        max_length=SHORT_NAME_LENGTH, blank=True, validators=line_validators()
    )
    author_email = models.EmailField(blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    area = models.CharField(max_length=20, choices=Area.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(
        help_text=_("Markdown is welcome."), validators=text_validators(LONG_TEXT_LENGTH)
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    EDIT_WINDOW = datetime.timedelta(minutes=15)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["plan_owner", "-created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(author__isnull=False)
                | ~models.Q(author_name="")
                | ~models.Q(author_email=""),
                name="comment_has_an_author",
                violation_error_message=_(
                    "A comment needs its author: an account, or a name or an email address."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.author_full_name()} on {self.content_type.model} {self.object_id}"

    def author_full_name(self) -> str:
        """Who wrote it: their account's name, or the name (else address) kept as text."""
        if self.author is not None:
            return self.author.get_full_name()
        return self.author_name or self.author_email

    def author_short_name(self) -> str:
        if self.author is not None:
            return self.author.get_short_name()
        return self.author_name or self.author_email.split("@")[0]

    def get_absolute_url(self) -> str:
        return f"{self.item.get_absolute_url()}#comment-{self.pk}"

    def editable_until(self) -> datetime.datetime:
        return self.created_at + self.EDIT_WINDOW

    def can_be_edited_by(self, user) -> bool:
        return (
            self.author_id == user.pk
            and self.deleted_at is None
            and timezone.now() < self.editable_until()
        )


class Notification(models.Model):
    """Tells a user, in the app and in their digest email, about a comment on a plan they own or
    mentor, or about a check-in a mentee shares with them (one or the other)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    checkin = models.ForeignKey(
        "checkins.CheckIn", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When a comment digest email carried it."
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "comment"], name="notify_once_per_comment"
            ),
            models.UniqueConstraint(
                fields=["recipient", "checkin"], name="notify_once_per_checkin"
            ),
            models.CheckConstraint(
                condition=models.Q(comment__isnull=True) ^ models.Q(checkin__isnull=True),
                name="notify_of_a_comment_or_a_checkin",
            ),
        ]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return f"{self.recipient}: {self.comment}"


# what a mentor can cheer: the model (its label) → the cheer's field, and its kind in URLs
CHEERABLE = {"milestones.milestone": "milestone", "checkins.checkin": "checkin"}


def cheer_field(item) -> str | None:
    return CHEERABLE.get(item._meta.label_lower)


class Reaction(models.TextChoices):
    APPLAUSE = "applause", _("👏 Applause")
    CELEBRATE = "celebrate", _("🎉 Celebrate")
    KEEP_GOING = "keep_going", _("💪 Keep going")


class Cheer(models.Model):
    """A mentor's reaction to a milestone done or a check-in of the mentee's: shown to her on
    the item's page, and recognition in her brag document. The row is hers (her export); a
    mentor whose account goes, or who is not part of an import, is kept by name."""

    OWNER_PATH = "owner"
    SHARED_AREA = None  # seen on the item's page, by whoever may see the item

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cheers"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cheers_given",
    )
    mentor_name = models.CharField(
        max_length=SHORT_NAME_LENGTH, blank=True, validators=line_validators()
    )
    milestone = models.ForeignKey(
        "milestones.Milestone",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cheers",
    )
    checkin = models.ForeignKey(
        "checkins.CheckIn", on_delete=models.CASCADE, null=True, blank=True, related_name="cheers"
    )
    reaction = models.CharField(_("reaction"), max_length=12, choices=Reaction.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(milestone__isnull=True) ^ models.Q(checkin__isnull=True),
                name="cheer_for_a_milestone_or_a_checkin",
            ),
            models.CheckConstraint(
                condition=models.Q(reaction__in=Reaction.values), name="cheer_known_reaction"
            ),
            models.UniqueConstraint(
                fields=["mentor", "milestone"],
                condition=models.Q(milestone__isnull=False),
                name="one_cheer_per_mentor_milestone",
            ),
            models.UniqueConstraint(
                fields=["mentor", "checkin"],
                condition=models.Q(checkin__isnull=False),
                name="one_cheer_per_mentor_checkin",
            ),
        ]

    def __str__(self):
        return f"{self.get_reaction_display()} from {self.mentor_full_name()}"

    @property
    def item(self):
        return self.milestone or self.checkin

    def mentor_full_name(self) -> str:
        if self.mentor is not None:
            return self.mentor.get_full_name()
        return self.mentor_name
