"""What the network asks for today: the people due to be reached out to, logged in one tap."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Min
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import local_date
from apps.core.today import TodayItem, TodaySource, register

from . import services
from .forms import InteractionForm
from .models import Contact, InteractionKind

LIMIT = 20


def _due(owner, today):
    return Contact.objects.filter(owner=owner, next_due_on__lte=today)


def _since(day: datetime.date, today: datetime.date) -> str:
    if day == today:
        return gettext("due today")
    return gettext("due since %(date)s") % {"date": local_date(day, "j M")}


def items(*, owner, today, now) -> list[TodayItem]:
    return [
        TodayItem(
            key=f"contact:{contact.pk}",
            label=_("Reach out"),
            title=contact.name,
            url=contact.get_absolute_url(),
            due_on=contact.next_due_on,
            detail=_since(contact.next_due_on, today),
            done_label=_("Talked today"),
        )
        for contact in _due(owner, today).order_by("next_due_on", "pk")[:LIMIT]
    ]


def done(*, owner, reference, data, today, now) -> str:
    """Logs a conversation today (a message, unless the form names another kind)."""
    contact = _due(owner, today).get(pk=reference)
    form = InteractionForm(
        {"date": today, "kind": data.get("kind") or InteractionKind.MESSAGE, "notes": ""}
    )
    if not form.is_valid():
        raise ValidationError(form.errors.as_text())
    services.interaction_log(contact=contact, **form.cleaned_data)
    return gettext("Logged a conversation with %(name)s today.") % {"name": contact.name}


def next_on(*, owner, today, now) -> datetime.date | None:
    return Contact.objects.filter(owner=owner, next_due_on__gt=today).aggregate(
        next=Min("next_due_on")
    )["next"]


SOURCE = register(TodaySource(key="contact", order=50, items=items, done=done, next_on=next_on))
