"""Opportunities and their stage moves in the REST API: an opportunity is created, edited and
deleted like its page; its stage changes by posting a move (accepting and declining are
decisions, with a reason, as on the Decide page)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from rest_framework import serializers

from apps.network.models import Contact
from apps.sharing.api import OwnedRelatedField, PlanViewSet

from . import services
from .models import DECISIONS, Opportunity, StageMove


class OpportunitySerializer(serializers.ModelSerializer):
    contacts = OwnedRelatedField(Contact, many=True, required=False)
    horizon_scores = serializers.SerializerMethodField()
    value_scores = serializers.SerializerMethodField()

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "kind",
            "title",
            "organisation",
            "link",
            "source",
            "description",
            "contacts",
            "stage",
            "stage_label",
            "moved_on",
            "next_action",
            "next_action_on",
            "stall_after_days",
            "sent_version",
            "notes",
            "pay",
            "time",
            "security",
            "location",
            "horizon_scores",
            "value_scores",
            "decided_on",
            "decision_reason",
            "starts_on",
            "job",
            "learning_item",
            "milestone",
            "created_at",
        ]
        read_only_fields = [
            "stage",
            "stage_label",
            "moved_on",
            "decided_on",
            "decision_reason",
            "starts_on",
            "job",
            "learning_item",
            "milestone",
            "created_at",
        ]

    def get_horizon_scores(self, opportunity) -> dict[str, int]:
        return {str(row.horizon_id): row.score for row in opportunity.horizon_scores.all()}

    def get_value_scores(self, opportunity) -> dict[str, int]:
        return {str(row.value_id): row.score for row in opportunity.value_scores.all()}


class StageMoveSerializer(serializers.ModelSerializer):
    opportunity = OwnedRelatedField(Opportunity)

    class Meta:
        model = StageMove
        fields = ["id", "opportunity", "stage", "label", "moved_on", "note", "created_at"]
        read_only_fields = ["created_at"]

    def validate_stage(self, stage):
        if stage in DECISIONS:
            raise serializers.ValidationError(
                _("Accepting or declining records why: decide on the opportunity's page.")
            )
        return stage


class StageMoveFilter(filters.FilterSet):
    # by id, never checked against every opportunity (which would tell others' ids apart)
    opportunity = filters.NumberFilter(field_name="opportunity_id")

    class Meta:
        model = StageMove
        fields = ["opportunity", "stage"]


class OpportunityViewSet(PlanViewSet):
    base_queryset = Opportunity.objects.prefetch_related(
        "contacts", "horizon_scores", "value_scores"
    )
    serializer_class = OpportunitySerializer
    filterset_fields = ["kind", "stage"]

    def create_item(self, data):
        return services.opportunity_create(owner=self.request.user, on=timezone.localdate(), **data)

    def update_item(self, instance, data):
        contacts = data.pop("contacts", list(instance.contacts.all()))
        return services.opportunity_update(opportunity=instance, contacts=contacts, **data)

    def delete_item(self, instance):
        services.opportunity_delete(opportunity=instance, actor=self.actor)


class StageMoveViewSet(PlanViewSet):
    """The timeline of every opportunity; a new move moves its opportunity."""

    base_queryset = StageMove.objects.all()
    serializer_class = StageMoveSerializer
    http_method_names = ["get", "post", "head", "options"]
    filterset_class = StageMoveFilter

    def create_item(self, data):
        return services.opportunity_move(
            opportunity=data["opportunity"],
            stage=data["stage"],
            on=data["moved_on"],
            today=timezone.localdate(),
            label=data.get("label", ""),
            note=data.get("note", ""),
        )
