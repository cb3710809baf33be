"""Milestones and their steps in the REST API."""

from django_filters import rest_framework as filters
from rest_framework import serializers

from apps.sharing.api import OwnedRelatedField, PlanViewSet

from . import services
from .models import Milestone, OpenSteps, Step


class MilestoneSerializer(serializers.ModelSerializer):
    # marking done a milestone with open steps says what becomes of them (else 400, naming them)
    open_steps = serializers.ChoiceField(choices=OpenSteps.choices, write_only=True, required=False)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "horizon",
            "title",
            "description",
            "kind",
            "target_date",
            "status",
            "progress",
            "lessons",
            "impact",
            "closed_on",
            "created_at",
            "updated_at",
            "open_steps",
        ]
        read_only_fields = ["closed_on", "created_at", "updated_at"]


class StepSerializer(serializers.ModelSerializer):
    milestone = OwnedRelatedField(Milestone)

    class Meta:
        model = Step
        fields = ["id", "milestone", "title", "done", "done_at", "due_on", "position"]
        read_only_fields = ["position", "done_at"]


class MilestoneFilter(filters.FilterSet):
    target_date = filters.DateFromToRangeFilter()

    class Meta:
        model = Milestone
        fields = ["status", "kind", "horizon", "target_date"]


class StepFilter(filters.FilterSet):
    milestone = filters.NumberFilter(field_name="milestone_id")

    class Meta:
        model = Step
        fields = ["milestone", "done"]


class MilestoneViewSet(PlanViewSet):
    base_queryset = Milestone.objects.all()
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilter

    def create_item(self, data):
        data.pop("open_steps", None)  # a new milestone has no steps
        return services.milestone_create(owner=self.request.user, **data)

    def update_item(self, instance, data):
        status = data.pop("status", instance.status)
        return services.milestone_update(milestone=instance, status=status, **data)

    def delete_item(self, instance):
        services.milestone_delete(milestone=instance, actor=self.actor)


class StepViewSet(PlanViewSet):
    base_queryset = Step.objects.select_related("milestone")
    serializer_class = StepSerializer
    filterset_class = StepFilter

    def create_item(self, data):
        step = services.step_create(milestone=data["milestone"], title=data["title"])
        if data.get("done"):
            services.step_set_done(step=step, done=True)
        return step

    def update_item(self, instance, data):
        if "title" in data:
            services.step_update(step=instance, title=data["title"])
        if "done" in data:
            services.step_set_done(step=instance, done=data["done"])
        return instance

    def delete_item(self, instance):
        services.step_delete(step=instance, actor=self.actor)
