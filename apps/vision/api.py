"""The vision's REST API: horizons, values, jobs and their ledger entries."""

from django_filters import rest_framework as filters
from rest_framework import serializers

from apps.sharing.api import OwnedRelatedField, PlanViewSet

from . import services
from .models import Horizon, Job, LedgerEntry, Value


class HorizonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Horizon
        fields = ["id", "years", "statement", "target_role", "why", "is_north_star", "updated_at"]
        read_only_fields = ["years", "is_north_star", "updated_at"]


class ValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Value
        fields = ["id", "name", "meaning", "position"]
        read_only_fields = ["position"]


class JobSerializer(serializers.ModelSerializer):
    class Meta:
        model = Job
        fields = [
            "id",
            "title",
            "organisation",
            "start_date",
            "end_date",
            "location",
            "description",
        ]


class LedgerEntrySerializer(serializers.ModelSerializer):
    job = OwnedRelatedField(Job)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "job",
            "recorded_on",
            "skills",
            "connections",
            "knowledge",
            "still_want",
            "score_1",
            "score_5",
            "score_10",
            "score_20",
        ]


class LedgerEntryFilter(filters.FilterSet):
    job = filters.NumberFilter(field_name="job_id")
    recorded_on = filters.DateFromToRangeFilter()

    class Meta:
        model = LedgerEntry
        fields = ["job", "recorded_on"]


class HorizonViewSet(PlanViewSet):
    base_queryset = Horizon.objects.all()
    serializer_class = HorizonSerializer
    http_method_names = ["get", "put", "patch", "head", "options"]

    def update_item(self, instance, data):
        return services.horizon_update(horizon=instance, **data)


class ValueViewSet(PlanViewSet):
    base_queryset = Value.objects.all()
    serializer_class = ValueSerializer

    def create_item(self, data):
        return services.value_create(owner=self.request.user, **data)

    def update_item(self, instance, data):
        merged = {"name": instance.name, "meaning": instance.meaning, **data}
        return services.value_update(value=instance, **merged)

    def delete_item(self, instance):
        services.value_delete(value=instance, actor=self.actor)


class JobViewSet(PlanViewSet):
    base_queryset = Job.objects.all()
    serializer_class = JobSerializer

    def create_item(self, data):
        return services.job_create(owner=self.request.user, **data)

    def update_item(self, instance, data):
        return services.job_update(job=instance, **data)

    def delete_item(self, instance):
        services.job_delete(job=instance, actor=self.actor)


class LedgerEntryViewSet(PlanViewSet):
    base_queryset = LedgerEntry.objects.select_related("job")
    serializer_class = LedgerEntrySerializer
    filterset_class = LedgerEntryFilter

    def create_item(self, data):
        return services.ledger_entry_create(**data)

    def update_item(self, instance, data):
        return services.ledger_entry_update(entry=instance, **data)

    def delete_item(self, instance):
        services.ledger_entry_delete(entry=instance, actor=self.actor)
