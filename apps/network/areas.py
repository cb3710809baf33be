from django.db.models import Min
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.areas import ApiRoute, Evidence, ExportLink, ExportSection, PlanArea, register
from apps.core.text import shorten

from . import api, selectors
from .models import Interaction


def mentee_context(*, owner) -> dict:
    return {"contacts": selectors.contacts_for(owner=owner)}


def _link(name: str, model: str, field: str, *, between: tuple, sections: tuple) -> ExportLink:
    return ExportLink(
        name=name,
        model=model,
        field=field,
        source=between[0],
        target=between[1],
        source_section=sections[0],
        target_section=sections[1],
    )


def evidence(*, owner, start, end) -> list[Evidence]:
    """The people met in the period, one line per conversation; toward the nearest horizon the
    person matters for."""
    interactions = (
        Interaction.objects.filter(contact__owner=owner, date__range=(start, end))
        .select_related("contact")
        .annotate(horizon=Min("contact__horizons__years"))
    )
    lines = []
    for interaction in interactions:
        contact = interaction.contact
        who = (
            _("%(name)s (%(organisation)s)")
            % {"name": contact.name, "organisation": contact.organisation}
            if contact.organisation
            else contact.name
        )
        text = f"{interaction.get_kind_display()}: {who}"
        if note := shorten(interaction.notes.strip().split("\n", 1)[0], 200):
            text += f": {note}"
        lines.append(
            Evidence(
                key=f"interaction-{interaction.pk}",
                day=interaction.date,
                heading=_("People met"),
                text=text,
                url=contact.get_absolute_url(),
                horizon=interaction.horizon,
            )
        )
    return lines


AREA = register(
    PlanArea(
        evidence=evidence,
        key="network",
        label=gettext_lazy("Network"),
        url_name="network:index",
        order=40,
        shared_area="network",
        commentable={"contact": "network.Contact"},
        export=(
            ExportSection(
                name="contacts",
                model="network.Contact",
                owner_path="owner",
                fields=(
                    "name",
                    "organisation",
                    "role",
                    "email",
                    "profile_url",
                    "where_met",
                    "relationship",
                    "notes",
                    "cadence",
                    "last_contacted_on",
                    "next_due_on",
                ),
            ),
            ExportSection(
                name="interactions",
                model="network.Interaction",
                owner_path="contact__owner",
                fields=("contact_id", "date", "kind", "notes"),
            ),
            ExportSection(
                name="events",
                model="network.Event",
                owner_path="owner",
                fields=("name", "kind", "date", "location", "attended", "notes"),
            ),
            ExportSection(
                name="inbox",
                model="network.InboxEntry",
                owner_path="owner",
                fields=("name", "email", "subject", "note", "date"),
            ),
        ),
        links=(
            _link(
                "contact_tags",
                "network.Contact",
                "tags",
                between=("contact", "tag"),
                sections=("contacts", "tags"),
            ),
            _link(
                "contact_milestones",
                "network.Contact",
                "milestones",
                between=("contact", "milestone"),
                sections=("contacts", "milestones"),
            ),
            _link(
                "contact_horizons",
                "network.Contact",
                "horizons",
                between=("contact", "horizon"),
                sections=("contacts", "horizons"),
            ),
            _link(
                "event_contacts",
                "network.Event",
                "contacts",
                between=("event", "contact"),
                sections=("events", "contacts"),
            ),
        ),
        recap="network",
        mentee_template="network/_mentee.html",
        mentee_context=mentee_context,
        api=(
            ApiRoute("contacts", api.ContactViewSet, "contact"),
            ApiRoute("interactions", api.InteractionViewSet, "interaction"),
            ApiRoute("events", api.EventViewSet, "event"),
        ),
    )
)
