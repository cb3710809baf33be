import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.limits import LABEL_LENGTH, SHORT_NAME_LENGTH, CheckedWhenEdited, line_validators


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class UserManager(BaseUserManager):
    """Users log in by email; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(CheckedWhenEdited, AbstractUser):
    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        max_length=LABEL_LENGTH,
        blank=True,
        help_text=_("How you are shown to your mentors."),
        validators=line_validators(),
    )
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text=_("Every date and time is shown in this zone."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        # choices: a code from settings (a language added there needs a migration of this field)
        choices=settings.LANGUAGES,
        help_text=_("The app and its emails speak it; left empty, your browser's language."),
    )
    headline = models.CharField(
        max_length=SHORT_NAME_LENGTH,
        blank=True,
        help_text=_("Your current role, e.g. “Senior analyst at Acme”."),
        validators=line_validators(),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        return self.display_name or self.email

    def get_short_name(self):
        return self.display_name or self.email.split("@")[0]


class SecurityEventKind(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset by email")
    EMAIL_CHANGED = "email_changed", _("Email address changed")
    MFA_ADDED = "mfa_added", _("Two-factor authentication turned on")
    MFA_REMOVED = "mfa_removed", _("Two-factor authentication turned off")
    MFA_RECOVERY_CODES = "mfa_recovery_codes", _("New recovery codes made")
    MFA_FAILED = "mfa_failed", _("Wrong two-factor code")
    SHARING_CHANGED = "sharing_changed", _("Sharing with a mentor changed")
    EXPORTED = "exported", _("Data exported")
    TOKEN_CHANGED = "token_changed", _("API token or calendar address changed")
    DELETED = "deleted", _("Something deleted")
    MAIL_REFUSED = "mail_refused", _("Email to careerbuilder refused")
    MAIL_SUPPRESSED = "mail_suppressed", _("Email to you bounced")


class Road(models.TextChoices):
    """How a change reached the application."""

    WEB = "web", _("on the website")
    API = "api", _("through the API")
    EMAIL = "email", _("by email")
    TASK = "task", _("by a scheduled task")


class SecurityEvent(models.Model):
    """One security-relevant event on a user's account, shown to them in their settings."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="security_events")
    kind = models.CharField(max_length=30, choices=SecurityEventKind.choices)
    road = models.CharField(max_length=10, choices=Road.choices, default=Road.WEB)
    detail = models.CharField(max_length=300, blank=True)
    # how many times it happened: repeats within an hour are one entry (refused mail)
    count = models.PositiveIntegerField(default=1)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.user} at {self.created_at}"


class SuppressionReason(models.TextChoices):
    BOUNCED = "bounced", "bounced"
    COMPLAINED = "complained", "was marked as spam"
    REJECTED = "rejected", "was refused by the email provider"


class SuppressedAddress(models.Model):
    """An address the email provider reported bouncing or complaining: careerbuilder sends it
    no more reminders or confirmations until its owner verifies it again or changes it."""

    email = models.EmailField(unique=True)  # lower case
    reason = models.CharField(max_length=12, choices=SuppressionReason.choices)
    provider = models.CharField(max_length=30)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "suppressed addresses"

    def __str__(self):
        return f"{self.email} {self.get_reason_display()}"
