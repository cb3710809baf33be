"""Skills and learning items in the REST API."""

from django_filters import rest_framework as filters
from rest_framework import serializers

from apps.milestones.models import Milestone
from apps.sharing.api import OwnedRelatedField, PlanViewSet

from . import services
from .models import LearningItem, Skill


class SkillSerializer(serializers.ModelSerializer):
    milestone = OwnedRelatedField(Milestone, required=False, allow_null=True)

    class Meta:
        model = Skill
        fields = ["id", "name", "current_level", "target_level", "why", "horizon", "milestone"]


class LearningItemSerializer(serializers.ModelSerializer):
    milestone = OwnedRelatedField(Milestone, required=False, allow_null=True)
    skills = OwnedRelatedField(Skill, many=True, required=False)

    class Meta:
        model = LearningItem
        fields = [
            "id",
            "kind",
            "title",
            "provider",
            "link",
            "status",
            "hours_spent",
            "started_on",
            "finished_on",
            "issued_on",
            "expires_on",
            "licence_number",
            "skills",
            "milestone",
            "created_at",
        ]
        read_only_fields = ["created_at"]


class LearningItemFilter(filters.FilterSet):
    started_on = filters.DateFromToRangeFilter()

    class Meta:
        model = LearningItem
        fields = ["status", "kind", "started_on"]


class SkillViewSet(PlanViewSet):
    base_queryset = Skill.objects.all()
    serializer_class = SkillSerializer

    def create_item(self, data):
        return services.skill_create(owner=self.request.user, **data)

    def update_item(self, instance, data):
        return services.skill_update(skill=instance, **data)

    def delete_item(self, instance):
        services.skill_delete(skill=instance, actor=self.actor)


class LearningItemViewSet(PlanViewSet):
    base_queryset = LearningItem.objects.prefetch_related("skills")
    serializer_class = LearningItemSerializer
    filterset_class = LearningItemFilter

    def create_item(self, data):
        return services.learning_item_create(owner=self.request.user, **data)

    def update_item(self, instance, data):
        skills = data.pop("skills", list(instance.skills.all()))
        return services.learning_item_update(item=instance, skills=skills, **data)

    def delete_item(self, instance):
        services.learning_item_delete(item=instance, actor=self.actor)
