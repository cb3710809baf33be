import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.changes import Change, provides

from .models import Contact, Interaction


@provides("network")
def conversations(*, owner_id, since) -> list[Change]:
    return [
        Change(
            "network",
            timezone.make_aware(datetime.datetime.combine(interaction.date, datetime.time.max)),
            _("Talked with %(name)s") % {"name": interaction.contact.name},
            interaction.contact.get_absolute_url(),
        )
        for interaction in Interaction.objects.filter(
            contact__owner_id=owner_id, date__gte=since.date()
        ).select_related("contact")
    ]


@provides("network")
def people_added(*, owner_id, since) -> list[Change]:
    return [
        Change(
            "network",
            contact.created_at,
            _("Added to the network: %(name)s") % {"name": contact.name},
            contact.get_absolute_url(),
        )
        for contact in Contact.objects.filter(owner_id=owner_id, created_at__gt=since)
    ]
