import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext

from apps.accounts.audit import Actor, record_deleted
from apps.accounts.services import private_address_replace
from apps.core.ownership import require_owned
from apps.core.services import model_update

from . import selectors
from .importers import ParsedContact, RejectedRow, parse_contacts_file
from .models import (
    CADENCE_MONTHS,
    Cadence,
    Contact,
    Event,
    InboxEntry,
    Interaction,
    InteractionKind,
    MailDropAddress,
    Relationship,
    Tag,
    add_months,
)


def _lock_network(owner) -> None:
    """Who is a contact and who waits in the Inbox change under the owner's row, locked first
    (FOR NO KEY UPDATE, so rows pointing at the owner are still written meanwhile): an email
    logged while a contact gains that address then sees the contact, or is seen by it."""
    rows = get_user_model().objects.select_for_update(no_key=True).filter(pk=owner.pk)
    list(rows.values_list("pk"))


FIRST_REACH_OUT_DAYS = 7  # someone with a rhythm and no conversation yet: due in their first week


def contact_refresh_keep_in_touch(*, contact: Contact) -> Contact:
    """Derives the last contact and the next due date from the interactions and the cadence: the
    rhythm counts from the last conversation; before the first, the person is due within a week of
    being added (a rhythm is a wish to be in touch, and nothing has started it yet)."""
    last = contact.interactions.aggregate(last=Max("date"))["last"]
    contact.last_contacted_on = last
    months = CADENCE_MONTHS.get(contact.cadence)
    if months is None:
        contact.next_due_on = None
    elif last is None:
        added = timezone.localtime(contact.created_at).date()
        contact.next_due_on = added + datetime.timedelta(days=FIRST_REACH_OUT_DAYS)
    else:
        contact.next_due_on = add_months(last, months)
    contact.save(update_fields=["last_contacted_on", "next_due_on"])
    return contact


def _set_tags(contact: Contact, names: list[str]) -> None:
    tags = []
    for name in names:
        tag = Tag.objects.filter(owner=contact.owner, name__iexact=name).first()
        if tag is None:
            tag = Tag(owner=contact.owner, name=name)
            tag.full_clean()
            tag.save()
        tags.append(tag)
    contact.tags.set(tags)


@transaction.atomic
def contact_create(*, owner, tag_names=(), horizons=(), milestones=(), **fields) -> Contact:
    require_owned(owner, *horizons, *milestones)
    _lock_network(owner)
    contact = Contact(owner=owner, **fields)
    contact.full_clean()
    contact.save()
    _set_tags(contact, list(tag_names))
    contact.horizons.set(horizons)
    contact.milestones.set(milestones)
    contact_refresh_keep_in_touch(contact=contact)
    inbox_settle_for_contact(contact=contact)
    return contact


@transaction.atomic
def contacts_bulk_update(*, owner, contacts, cadence="", relationship="", tag="") -> int:
    """Gives every one of `contacts` (the owner's) a rhythm, a relationship and/or one more tag;
    what is empty stays as each had it. All or none: one bad row changes nothing."""
    contacts = list(contacts)
    require_owned(owner, *contacts)
    _lock_network(owner)
    changed = 0
    for contact in contacts:
        contact.cadence = cadence or contact.cadence
        contact.relationship = relationship or contact.relationship
        contact.full_clean()
        contact.save()
        if tag:
            _set_tags(contact, [*contact.tags.values_list("name", flat=True), tag])
        contact_refresh_keep_in_touch(contact=contact)
        changed += 1
    return changed


@transaction.atomic
def contact_update(
    *, contact: Contact, tag_names=(), horizons=(), milestones=(), **fields
) -> Contact:
    require_owned(contact.owner, *horizons, *milestones)
    _lock_network(contact.owner)
    model_update(instance=contact, data=fields)
    _set_tags(contact, list(tag_names))
    contact.horizons.set(horizons)
    contact.milestones.set(milestones)
    contact_refresh_keep_in_touch(contact=contact)
    inbox_settle_for_contact(contact=contact)
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, actor: Actor) -> None:
    contact.delete()
    record_deleted(actor=actor, what="contact", name=contact.name)


@transaction.atomic
def interaction_log(
    *, contact: Contact, date: datetime.date, kind: str, notes: str = ""
) -> Interaction:
    """Records a conversation; the contact's next due date moves on from it."""
    interaction = Interaction(contact=contact, date=date, kind=kind, notes=notes)
    interaction.full_clean()
    interaction.save()
    contact_refresh_keep_in_touch(contact=contact)
    return interaction


@transaction.atomic
def interaction_delete(*, interaction: Interaction, actor: Actor) -> None:
    contact = interaction.contact
    interaction.delete()
    record_deleted(actor=actor, what="interaction", name=str(interaction))
    contact_refresh_keep_in_touch(contact=contact)


@transaction.atomic
def event_create(*, owner, contacts=(), **fields) -> Event:
    require_owned(owner, *contacts)
    event = Event(owner=owner, **fields)
    event.full_clean()
    event.save()
    event.contacts.set(contacts)
    return event


@transaction.atomic
def event_update(*, event: Event, contacts=(), **fields) -> Event:
    require_owned(event.owner, *contacts)
    model_update(instance=event, data=fields)
    event.contacts.set(contacts)
    return event


@transaction.atomic
def event_delete(*, event: Event, actor: Actor) -> None:
    event.delete()
    record_deleted(actor=actor, what="event", name=event.name)


@dataclass
class ImportReport:
    imported: int = 0
    merged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)


def _find_existing(owner, parsed: ParsedContact) -> Contact | None:
    if parsed.email:
        existing = selectors.contact_with_address(owner=owner, address=parsed.email)
        if existing is not None:
            return existing
    if not parsed.profile_url:
        return None
    url = parsed.profile_url.rstrip("/")
    return (
        Contact.objects.filter(owner=owner)
        .filter(Q(profile_url__iexact=url) | Q(profile_url__iexact=url + "/"))
        .first()
    )


MERGED_FIELDS = ("email", "profile_url", "organisation", "role", "where_met", "notes")


@transaction.atomic
def contacts_import(
    *,
    owner,
    file_name: str,
    data: bytes,
    cadence: str = Cadence.NONE,
    relationship: str = Relationship.PEER,
) -> ImportReport:
    """Imports every good row, merges duplicates by email or profile link, reports the rest;
    people waiting in the Inbox whose address a contact now has leave it, with their conversation.
    Everyone new gets `cadence` and `relationship`; people already there keep their own.

    All or nothing: any failure part-way rolls the whole import back.
    """
    parsed = parse_contacts_file(file_name, data)
    _lock_network(owner)
    report = ImportReport(rejected=list(parsed.rejected))
    for row in parsed.contacts:
        existing = _find_existing(owner, row)
        if existing is None:
            contact = Contact(
                owner=owner,
                cadence=cadence,
                relationship=relationship,
                **{name: getattr(row, name) for name in ("name", *MERGED_FIELDS)},
            )
        else:
            contact = existing
            for name in MERGED_FIELDS:
                if not getattr(contact, name):
                    setattr(contact, name, getattr(row, name))
        try:
            contact.full_clean()
        except ValidationError as error:
            report.rejected.append(RejectedRow(row.row, " ".join(error.messages), row.name))
            continue
        contact.save()
        if existing is None:
            contact_refresh_keep_in_touch(contact=contact)
            report.imported += 1
        else:
            report.merged += 1
    inbox_settle(owner=owner)
    report.rejected.sort(key=lambda rejected: rejected.row)
    return report


@dataclass
class ContactRow:
    """One person of a long import: their fields, the contact they are already (if any), and
    whether the file's fields replace that contact's or only fill what it lacks."""

    key: str  # where the row came from, for the report
    fields: dict
    contact_id: int | None = None
    replace: bool = False


@dataclass
class BulkReport:
    added: int = 0
    merged: int = 0
    replaced: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (key, reason)


BULK_BATCH = 1_000
BULK_FIELDS = ("name", *MERGED_FIELDS)


def _merged_notes(old: str, new: str) -> str:
    return old if not new or new in old else "\n\n".join(note for note in (old, new) if note)


@transaction.atomic
def contacts_bulk_import(*, owner, rows: list[ContactRow], on_progress=None) -> BulkReport:
    """Tens of thousands of people (LinkedIn's connections) added or merged in a few queries
    per thousand: each checked as the form would, the new ones created in batches, the known
    ones updated in batches (merged: blanks filled, notes kept and added to; replaced: the
    file's fields over theirs). A row that does not validate is reported, not saved. Everyone
    new starts without a keep-in-touch rhythm, so nothing is due; people waiting in the Inbox
    whose address a contact now has leave it, with their conversation.

    `on_progress(done)` is told how many rows are through, now and then."""
    _lock_network(owner)
    report = BulkReport()
    known = Contact.objects.filter(owner=owner).in_bulk(
        [row.contact_id for row in rows if row.contact_id]
    )
    new, changed = [], {}
    for done, row in enumerate(rows, start=1):
        contact = known.get(row.contact_id)
        if contact is None:
            contact = Contact(owner=owner, **row.fields)
        else:
            for name, value in row.fields.items():
                if row.replace:
                    setattr(contact, name, value)
                elif name == "notes":
                    contact.notes = _merged_notes(contact.notes, value)
                elif value and not getattr(contact, name):
                    setattr(contact, name, value)
        try:
            contact.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            report.rejected.append((row.key, " ".join(error.messages)))
            continue
        if contact.pk is None:
            new.append(contact)
            report.added += 1
        else:
            changed[contact.pk] = contact
            report.replaced += row.replace
            report.merged += not row.replace
        if on_progress and done % BULK_BATCH == 0:
            on_progress(done)
    Contact.objects.bulk_create(new, batch_size=BULK_BATCH)
    Contact.objects.bulk_update(list(changed.values()), BULK_FIELDS, batch_size=BULK_BATCH)
    inbox_settle(owner=owner)
    return report


def mail_drop_replace(*, user, actor: Actor) -> MailDropAddress:
    """A private address for logging email (the first, or a new one ending the old)."""
    return private_address_replace(
        model=MailDropAddress,
        user=user,
        actor=actor,
        detail="New private address for logging email",
    )


@dataclass(frozen=True)
class LoggedEmail:
    contacts: list[Contact]
    waiting: list[InboxEntry]


@transaction.atomic
def email_log(
    *, owner, people: list[tuple[str, str]], subject: str, note: str, date: datetime.date
) -> LoggedEmail:
    """A conversation by email with `people` (name, address): logged as an interaction with
    each contact of that address (their keep-in-touch date moves on), the others put in the
    Inbox to be added or ignored."""
    _lock_network(owner)
    notes = _email_notes(subject, note)
    logged, waiting = [], []
    for name, address in people:
        contacts = list(selectors.contacts_with_address(owner=owner, address=address))
        for contact in contacts:
            interaction_log(contact=contact, date=date, kind=InteractionKind.MESSAGE, notes=notes)
        logged += contacts
        if not contacts:
            entry, _ = InboxEntry.objects.update_or_create(
                owner=owner,
                email__iexact=address,
                defaults={"name": name[:120], "subject": subject[:200], "note": note, "date": date},
                create_defaults={
                    "email": address,
                    "name": name[:120],
                    "subject": subject[:200],
                    "note": note,
                    "date": date,
                },
            )
            entry.full_clean()
            waiting.append(entry)
    return LoggedEmail(logged, waiting)


def _email_notes(subject: str, note: str) -> str:
    """The interaction's notes, in the active language."""
    if not subject:
        return note or gettext("Email")
    heading = gettext("Email: %(subject)s") % {"subject": subject}
    return f"{heading}\n\n{note}" if note else heading


@dataclass(frozen=True)
class InboxAdded:
    contact: Contact
    created: bool


@transaction.atomic
def inbox_entry_add(*, entry: InboxEntry) -> InboxAdded | None:
    """The person becomes a contact, with the conversation that brought them in; if a contact
    has their address already, the conversation is logged with that contact instead of making a
    second one. None if the entry left meanwhile (a double click, another tab): the owner's lock
    makes the second of two clicks wait for the first, so it neither adds nor logs twice."""
    _lock_network(entry.owner)
    if not InboxEntry.objects.filter(pk=entry.pk).exists():
        return None
    existing = selectors.contact_with_address(owner=entry.owner, address=entry.email)
    if existing is not None:
        inbox_settle_for_contact(contact=existing)
        return InboxAdded(existing, created=False)
    name = entry.name or entry.email.partition("@")[0]
    # contact_create logs the entry's conversation with the new contact and removes it
    return InboxAdded(contact_create(owner=entry.owner, name=name, email=entry.email), True)


def _entry_logged_with(entry: InboxEntry, contact: Contact) -> None:
    notes = _email_notes(entry.subject, entry.note)
    interaction_log(contact=contact, date=entry.date, kind=InteractionKind.MESSAGE, notes=notes)
    entry.delete()


@transaction.atomic
def inbox_settle_for_contact(*, contact: Contact) -> int:
    """Whoever waits in the Inbox with the contact's address is that contact: each waiting
    conversation is logged with them, as email_log would have, and leaves the Inbox. Every
    service that gives a contact an address calls this (or inbox_settle)."""
    if not contact.email:
        return 0
    _lock_network(contact.owner)
    entries = list(
        InboxEntry.objects.filter(owner_id=contact.owner_id, email__iexact=contact.email)
    )
    for entry in entries:
        _entry_logged_with(entry, contact)
    return len(entries)


@transaction.atomic
def inbox_settle(*, owner) -> int:
    """inbox_settle_for_contact for every entry of `owner` whose address a contact has, found in
    one query whatever the number of contacts: for the roads that save many at once (imports)."""
    _lock_network(owner)
    entries = list(selectors.inbox_for(owner=owner).filter(known_contact_id__isnull=False))
    contacts = Contact.objects.in_bulk({entry.known_contact_id for entry in entries})
    for entry in entries:
        _entry_logged_with(entry, contacts[entry.known_contact_id])
    return len(entries)


def inbox_entry_ignore(*, entry: InboxEntry) -> None:
    entry.delete()


def inbox_purge(*, now: datetime.datetime, days: int = 30) -> int:
    """Inbox entries nobody added or ignored go after `days`."""
    return InboxEntry.objects.filter(created_at__lt=now - datetime.timedelta(days=days)).delete()[0]
