"""Check-ins in the REST API: made and deleted, never edited (the web edits only the latest)."""

from django_filters import rest_framework as filters
from rest_framework import serializers

from apps.sharing.api import PlanViewSet

from . import services
from .models import CheckIn


class CheckInSerializer(serializers.ModelSerializer):
    class Meta:
        model = CheckIn
        fields = [
            "id",
            "created_at",
            "north_star_progress",
            "job_or_career",
            "learned",
            "network",
            "next_step",
            "next_step_milestone",
            "mood",
            "previous_step",
            "previous_step_outcome",
            "notes",
        ]
        # previous_step is last time's commitment, copied when the check-in is made
        read_only_fields = ["created_at", "next_step_milestone", "previous_step"]


class CheckInFilter(filters.FilterSet):
    created_at = filters.DateFromToRangeFilter(field_name="created_at__date")

    class Meta:
        model = CheckIn
        fields = ["mood", "created_at"]


class CheckInViewSet(PlanViewSet):
    base_queryset = CheckIn.objects.all()
    serializer_class = CheckInSerializer
    filterset_class = CheckInFilter
    http_method_names = ["get", "post", "delete", "head", "options"]

    def create_item(self, data):
        return services.checkin_create(owner=self.request.user, **data)

    def delete_item(self, instance):
        services.checkin_delete(checkin=instance, actor=self.actor)
