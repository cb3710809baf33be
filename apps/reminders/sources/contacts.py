"""Contacts to reach out to: once per keep-in-touch date, on the day a contact is due."""

import datetime
from typing import NamedTuple

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.network.models import Contact

from ..kinds import Due, Kind, Source, Watch, register
from ..moments import Next, Person, url_for

CONTACT_DUE = "contact_due"


class ContactRow(NamedTuple):
    pk: int
    owner_id: int
    name: str
    next_due_on: datetime.date


def load(found: dict[int, Person], now, chosen) -> None:
    """Each user's contacts with a keep-in-touch date."""
    rows = Contact.objects.filter(owner_id__in=list(found), next_due_on__isnull=False)
    if chosen is not None:
        rows = rows.filter(pk__in=chosen)
    for row in rows.values_list(*ContactRow._fields):
        row = ContactRow(*row)
        found[row.owner_id].objects.setdefault(SOURCE.key, []).append(row)


def next_of(person: Person, contact: ContactRow, now, last: str) -> Next | None:
    if not person.wants(CONTACT_DUE):
        return None
    period = f"contact:{contact.pk}:{contact.next_due_on}"
    if last == f"{CONTACT_DUE}|{period}":
        return None
    due = Due(
        user_id=person.user.pk,
        kind=CONTACT_DUE,
        period=period,
        subject=gettext("Reach out to %(name)s") % {"name": contact.name},
        url=url_for("network:reach_out"),
    )
    return Next(person.at(contact.next_due_on), due)


SOURCE = register(
    Source(
        key="contact",
        order=30,
        per_row=True,
        kinds=(
            Kind(
                key=CONTACT_DUE,
                label=_("Contacts to reach out to"),
                rule=_("Once per keep-in-touch date, on the day a contact is due."),
                setting="contact_due",
                off=False,
                button=_("See who to reach out to"),
                importance=40,
                form_fields=("contact_due",),
            ),
        ),
        load=load,
        next_of=next_of,
        watches=(Watch("network_contact", "owner_id", ("next_due_on", "owner_id")),),
    )
)
