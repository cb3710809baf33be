from apps.core.areas import ApiRoute, ExportLink, ExportSection, PlanArea, register

from . import api, selectors


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


AREA = register(
    PlanArea(
        key="network",
        label="Network",
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
