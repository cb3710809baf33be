"""Contacts, interactions and events in the REST API."""

from django_filters import rest_framework as filters
from rest_framework import serializers

from apps.core.limits import one_line
from apps.milestones.models import Milestone
from apps.sharing.api import OwnedRelatedField, PlanViewSet
from apps.vision.models import Horizon

from . import services
from .models import Contact, Event, Interaction


class ContactSerializer(serializers.ModelSerializer):
    tag_names = serializers.ListField(
        child=serializers.CharField(max_length=40, validators=[one_line]),
        required=False,
        write_only=True,
    )
    tags = serializers.SerializerMethodField()
    milestones = OwnedRelatedField(Milestone, many=True, required=False)
    horizons = OwnedRelatedField(Horizon, many=True, required=False)

    class Meta:
        model = Contact
        fields = [
            "id",
            "name",
            "organisation",
            "role",
            "email",
            "profile_url",
            "where_met",
            "relationship",
            "tags",
            "tag_names",
            "notes",
            "horizons",
            "milestones",
            "cadence",
            "last_contacted_on",
            "next_due_on",
        ]
        read_only_fields = ["last_contacted_on", "next_due_on"]

    def get_tags(self, contact) -> list[str]:
        return [tag.name for tag in contact.tags.all()]


class InteractionSerializer(serializers.ModelSerializer):
    contact = OwnedRelatedField(Contact)

    class Meta:
        model = Interaction
        fields = ["id", "contact", "date", "kind", "notes"]


class EventSerializer(serializers.ModelSerializer):
    contacts = OwnedRelatedField(Contact, many=True, required=False)

    class Meta:
        model = Event
        fields = ["id", "name", "kind", "date", "location", "attended", "notes", "contacts"]


class ContactFilter(filters.FilterSet):
    next_due_on = filters.DateFromToRangeFilter()

    class Meta:
        model = Contact
        fields = ["relationship", "cadence", "next_due_on"]


class InteractionFilter(filters.FilterSet):
    contact = filters.NumberFilter(field_name="contact_id")
    date = filters.DateFromToRangeFilter()

    class Meta:
        model = Interaction
        fields = ["contact", "kind", "date"]


class EventFilter(filters.FilterSet):
    date = filters.DateFromToRangeFilter()

    class Meta:
        model = Event
        fields = ["kind", "attended", "date"]


class ContactViewSet(PlanViewSet):
    base_queryset = Contact.objects.prefetch_related("tags", "horizons", "milestones")
    serializer_class = ContactSerializer
    filterset_class = ContactFilter

    def create_item(self, data):
        return services.contact_create(owner=self.request.user, **data)

    def update_item(self, instance, data):
        current = {
            "tag_names": [tag.name for tag in instance.tags.all()],
            "horizons": list(instance.horizons.all()),
            "milestones": list(instance.milestones.all()),
        }
        return services.contact_update(contact=instance, **{**current, **data})

    def delete_item(self, instance):
        services.contact_delete(contact=instance, actor=self.actor)


class InteractionViewSet(PlanViewSet):
    base_queryset = Interaction.objects.select_related("contact")
    serializer_class = InteractionSerializer
    filterset_class = InteractionFilter
    http_method_names = ["get", "post", "delete", "head", "options"]

    def create_item(self, data):
        return services.interaction_log(**data)

    def delete_item(self, instance):
        services.interaction_delete(interaction=instance, actor=self.actor)


class EventViewSet(PlanViewSet):
    base_queryset = Event.objects.prefetch_related("contacts")
    serializer_class = EventSerializer
    filterset_class = EventFilter

    def create_item(self, data):
        return services.event_create(owner=self.request.user, **data)

    def update_item(self, instance, data):
        contacts = data.pop("contacts", list(instance.contacts.all()))
        return services.event_update(event=instance, contacts=contacts, **data)

    def delete_item(self, instance):
        services.event_delete(event=instance, actor=self.actor)
