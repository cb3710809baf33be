"""The API's list filters: by status, kind and the like, by the item a row belongs to, and by a
date range (`<date>_after`, `<date>_before`, from django-filter's DateFromToRangeFilter).

An item filter takes a plain id and filters the rows the caller may see, so another user's item
and an item that does not exist answer alike: an empty list."""

from django_filters import rest_framework as filters

from apps.checkins.models import CheckIn
from apps.learning.models import LearningItem
from apps.milestones.models import Milestone, Step
from apps.network.models import Contact, Event, Interaction
from apps.vision.models import LedgerEntry


class LedgerEntryFilter(filters.FilterSet):
    job = filters.NumberFilter(field_name="job_id")
    recorded_on = filters.DateFromToRangeFilter()

    class Meta:
        model = LedgerEntry
        fields = ["job", "recorded_on"]


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


class LearningItemFilter(filters.FilterSet):
    started_on = filters.DateFromToRangeFilter()

    class Meta:
        model = LearningItem
        fields = ["status", "kind", "started_on"]


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


class CheckInFilter(filters.FilterSet):
    created_at = filters.DateFromToRangeFilter(field_name="created_at__date")

    class Meta:
        model = CheckIn
        fields = ["mood", "created_at"]
