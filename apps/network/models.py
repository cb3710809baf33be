import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.limits import (
    LINK_LENGTH,
    LONG_TEXT_LENGTH,
    NAME_LENGTH,
    SHORT_NAME_LENGTH,
    TAG_LENGTH,
    CheckedWhenEdited,
    date_validators,
    line_validators,
    text_validators,
)
from apps.milestones.models import Milestone
from apps.vision.models import Horizon


class Relationship(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    SPONSOR = "sponsor", _("Sponsor")
    PEER = "peer", _("Peer")
    MANAGER = "manager", _("Manager")
    MENTEE = "mentee", _("Mentee")
    OTHER = "other", _("Other")


class Cadence(models.TextChoices):
    NONE = "none", _("No regular contact")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    TWICE_A_YEAR = "twice_a_year", _("Twice a year")
    YEARLY = "yearly", _("Yearly")


CADENCE_MONTHS = {
    Cadence.MONTHLY: 1,
    Cadence.QUARTERLY: 3,
    Cadence.TWICE_A_YEAR: 6,
    Cadence.YEARLY: 12,
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate_day)
        except ValueError:
            continue
    raise ValueError(day)


class Tag(CheckedWhenEdited):
    OWNER_PATH = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tags"
    )
    name = models.CharField(max_length=TAG_LENGTH, validators=line_validators())

    class Meta:
        ordering = [Lower("name")]
        constraints = [models.UniqueConstraint("owner", Lower("name"), name="one_tag_per_name")]

    def __str__(self):
        return self.name


class Contact(CheckedWhenEdited):
    """A person in the owner's network, with a keep-in-touch rhythm."""

    OWNER_PATH = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=SHORT_NAME_LENGTH, validators=line_validators())
    organisation = models.CharField(
        max_length=SHORT_NAME_LENGTH, blank=True, validators=line_validators()
    )
    role = models.CharField(max_length=SHORT_NAME_LENGTH, blank=True, validators=line_validators())
    email = models.EmailField(blank=True)
    profile_url = models.URLField(_("profile link"), max_length=LINK_LENGTH, blank=True)
    where_met = models.CharField(
        _("where we met"), max_length=NAME_LENGTH, blank=True, validators=line_validators()
    )
    relationship = models.CharField(
        max_length=20, choices=Relationship.choices, default=Relationship.PEER
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="contacts")
    notes = models.TextField(blank=True, validators=text_validators(LONG_TEXT_LENGTH))
    horizons = models.ManyToManyField(
        Horizon, blank=True, related_name="contacts", verbose_name=_("matters for my horizons")
    )
    milestones = models.ManyToManyField(
        Milestone, blank=True, related_name="contacts", verbose_name=_("matters for my milestones")
    )
    cadence = models.CharField(
        _("keep in touch"), max_length=20, choices=Cadence.choices, default=Cadence.NONE
    )
    last_contacted_on = models.DateField(
        null=True, blank=True, editable=False, validators=date_validators()
    )
    next_due_on = models.DateField(
        null=True, blank=True, editable=False, db_index=True, validators=date_validators()
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = [Lower("name"), "pk"]
        indexes = [models.Index(fields=["owner", "next_due_on"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("network:contact_detail", args=[self.pk])


class InteractionKind(models.TextChoices):
    COFFEE = "coffee", _("Coffee")
    CALL = "call", _("Call")
    MESSAGE = "message", _("Message")
    EVENT = "event", _("Event")
    MEETING = "meeting", _("Meeting")


class Interaction(CheckedWhenEdited):
    OWNER_PATH = "contact__owner"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="interactions")
    date = models.DateField(validators=date_validators())
    kind = models.CharField(max_length=20, choices=InteractionKind.choices)
    notes = models.TextField(blank=True, validators=text_validators(LONG_TEXT_LENGTH))

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self):
        return gettext("%(kind)s with %(contact)s on %(date)s") % {
            "kind": self.get_kind_display(),
            "contact": self.contact,
            "date": self.date,
        }

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError(
                {"date": gettext("Log interactions that have happened, not future ones.")}
            )


class EventKind(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    MEETUP = "meetup", _("Meet-up")
    OTHER = "other", _("Other")


class Event(CheckedWhenEdited):
    """A conference or meet-up, attended or planned, and who the owner met there."""

    OWNER_PATH = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="events"
    )
    name = models.CharField(max_length=NAME_LENGTH, validators=line_validators())
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.MEETUP)
    date = models.DateField(validators=date_validators())
    location = models.CharField(max_length=NAME_LENGTH, blank=True, validators=line_validators())
    attended = models.BooleanField(
        default=False, help_text=_("Leave unticked while it is planned.")
    )
    notes = models.TextField(blank=True, validators=text_validators(LONG_TEXT_LENGTH))
    contacts = models.ManyToManyField(
        Contact, blank=True, related_name="events", verbose_name=_("people met there")
    )

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self):
        return self.name


def new_mail_key() -> str:
    return secrets.token_hex(12)  # lower case and digits: mail servers may fold an address's case


class MailDropAddress(models.Model):
    """A user's private address for logging conversations: mail forwarded or BCC'd to
    `log+KEY@` the inbound domain is logged with the contacts it names. Replaceable: a new key
    ends the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_drop"
    )
    key = models.CharField(max_length=32, unique=True, default=new_mail_key)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.address

    @property
    def address(self) -> str:
        return f"log+{self.key}@{settings.INBOUND_MAIL_DOMAIN}"


class InboxEntry(models.Model):
    """Someone a logged email named who is not yet a contact: their name and address, and the
    subject and note of that email, until the user adds them or ignores them (or 30 days pass).
    Nothing of their message is kept."""

    OWNER_PATH = "owner"
    SHARED_AREA = None  # private: who waits in the Inbox is never shown to a mentor

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inbox_entries"
    )
    name = models.CharField(max_length=SHORT_NAME_LENGTH, blank=True, validators=line_validators())
    email = models.EmailField()
    subject = models.CharField(max_length=NAME_LENGTH, blank=True, validators=line_validators())
    note = models.TextField(blank=True, validators=text_validators(LONG_TEXT_LENGTH))
    date = models.DateField(validators=date_validators())
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint("owner", Lower("email"), name="inbox_entry_once_per_address")
        ]
        verbose_name_plural = "inbox entries"

    def __str__(self):
        return f"{self.name or self.email} ({self.subject or 'no subject'})"
