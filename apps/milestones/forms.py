import datetime

import django_filters
from django import forms

from apps.core.forms import DateInput
from apps.vision.models import HorizonYears

from .models import OPEN_STATUSES, Milestone, MilestoneKind, MilestoneStatus, Step


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = [
            "title", "horizon", "kind", "target_date", "status", "progress", "description",
            "lessons", "impact",
        ]  # fmt: skip
        widgets = {
            "target_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
            "impact": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }
        labels = {"horizon": "Serves my horizon", "progress": "Progress (%)"}
        help_texts = {
            "lessons": "When it is done or dropped: what did you learn?",
            "impact": "When it is done or dropped: how did it move you toward your vision?",
        }

    def __init__(self, *args, has_steps=False, **kwargs):
        super().__init__(*args, **kwargs)
        if has_steps:
            del self.fields["progress"]


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=MilestoneStatus.choices)


class StepForm(forms.ModelForm):
    class Meta:
        model = Step
        fields = ["title"]
        labels = {"title": "New step"}


class DirectionForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


DUE_CHOICES = [
    ("overdue", "Overdue"),
    ("30", "Due in the next 30 days"),
    ("90", "Due in the next 90 days"),
    ("undated", "No target date"),
]


class MilestoneFilter(django_filters.FilterSet):
    horizon = django_filters.ChoiceFilter(choices=HorizonYears.choices, empty_label="Any horizon")
    kind = django_filters.ChoiceFilter(choices=MilestoneKind.choices, empty_label="Any kind")
    status = django_filters.ChoiceFilter(
        choices=[("open", "Open (planned or in progress)"), *MilestoneStatus.choices],
        empty_label="Any status",
        method="filter_status",
    )
    due = django_filters.ChoiceFilter(
        choices=DUE_CHOICES, empty_label="Any due date", method="filter_due", label="Due"
    )
    sort = django_filters.OrderingFilter(
        fields=[
            ("target_date", "target_date"),
            ("horizon", "horizon"),
            ("kind", "kind"),
            ("status", "status"),
            ("title", "title"),
        ],
        field_labels={
            "target_date": "Due date",
            "horizon": "Horizon",
            "kind": "Kind",
            "status": "Status",
            "title": "Title",
        },
        empty_label="Due date (soonest first)",
        label="Sort by",
    )

    class Meta:
        model = Milestone
        fields = ["horizon", "kind", "status", "due"]

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_due(self, queryset, name, value):
        if value == "overdue":
            return queryset.filter(status__in=OPEN_STATUSES, target_date__lt=self.today)
        if value == "undated":
            return queryset.filter(target_date__isnull=True)
        horizon_end = self.today + datetime.timedelta(days=int(value))
        return queryset.filter(target_date__gte=self.today, target_date__lte=horizon_end)
