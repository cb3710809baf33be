import datetime

import django_filters
from django import forms
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput
from apps.vision.models import HorizonYears

from .models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    Milestone,
    MilestoneKind,
    MilestoneStatus,
    OpenSteps,
    Step,
)


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = [
            "title",
            "horizon",
            "kind",
            "target_date",
            "status",
            "progress",
            "description",
            "lessons",
            "impact",
        ]
        widgets = {
            "target_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
            "impact": forms.Textarea(attrs={"rows": 3}),
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }
        labels = {
            "title": _("Title"),
            "horizon": _("Serves my horizon"),
            "kind": _("Kind"),
            "target_date": _("Target date"),
            "status": _("Status"),
            "progress": _("Progress (%)"),
            "description": _("Description"),
        }
        help_texts = {
            "lessons": _("When it is done or dropped: what did you learn?"),
            "impact": _("When it is done or dropped: how did it move you toward your vision?"),
        }

    def __init__(self, *args, has_steps=False, **kwargs):
        """A new milestone asks only what it is; status and progress come once it exists, and
        the reflection once it is done or dropped (or already written)."""
        super().__init__(*args, **kwargs)
        milestone = self.instance
        if milestone.pk is None:
            for name in ("status", "progress", "lessons", "impact"):
                del self.fields[name]
        elif not (milestone.is_closed or milestone.lessons or milestone.impact):
            del self.fields["lessons"], self.fields["impact"]
        if has_steps and "progress" in self.fields:
            del self.fields["progress"]
        if milestone.pk and "status" in self.fields and milestone.steps.filter(done=False):
            self.fields["open_steps"] = forms.ChoiceField(
                label=_("If you mark it done, its open steps"),
                choices=[("", "—"), *OpenSteps.choices],
                required=False,
                help_text=_("Done is 100%: the steps still open are ticked or dropped."),
            )

    def clean(self):
        data = super().clean()
        open_steps = self.fields.get("open_steps")
        if data.get("status") == MilestoneStatus.DONE and open_steps and not data.get("open_steps"):
            self.add_error(
                "open_steps", gettext("Tick the open steps or drop them, to mark it done.")
            )
        return data


class ReflectionForm(forms.ModelForm):
    """What a done (or dropped) milestone taught, asked in place when it closes."""

    class Meta:
        model = Milestone
        fields = ["lessons", "impact"]
        widgets = {
            "lessons": forms.Textarea(attrs={"rows": 2}),
            "impact": forms.Textarea(attrs={"rows": 2}),
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=MilestoneStatus.choices, label=_("Status"))
    # asked when a milestone with open steps is marked done
    open_steps = forms.ChoiceField(
        choices=OpenSteps.choices, required=False, widget=forms.HiddenInput
    )


class StepForm(forms.ModelForm):
    class Meta:
        model = Step
        fields = ["title"]
        labels = {"title": _("New step")}


class StepEditForm(forms.ModelForm):
    class Meta:
        model = Step
        fields = ["title", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        labels = {"title": _("Title")}


class DirectionForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


DUE_CHOICES = [
    ("overdue", _("Overdue")),
    ("30", _("Due in the next 30 days")),
    ("90", _("Due in the next 90 days")),
    ("undated", _("No target date")),
]


# Open milestones by due date (the overdue ones, dated earliest, first), undated after them, the
# done and dropped ones last.
DEFAULT_ORDER = [
    Case(When(status__in=CLOSED_STATUSES, then=Value(1)), default=Value(0)),
    F("target_date").asc(nulls_last=True),
    "pk",
]


class MilestoneOrdering(django_filters.OrderingFilter):
    """Sorting that keeps undated milestones last, whichever way the dates run."""

    def filter(self, queryset, value):
        if not value:
            return queryset.order_by(*DEFAULT_ORDER)
        ordering = []
        for param in value:
            name = self.param_map[param.lstrip("-")]
            descending = param.startswith("-")
            ordering.append(
                F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
            )
        return queryset.order_by(*ordering, "pk")


class MilestoneFilter(django_filters.FilterSet):
    horizon = django_filters.ChoiceFilter(
        choices=HorizonYears.choices, empty_label=_("Any horizon"), label=_("Horizon")
    )
    kind = django_filters.ChoiceFilter(
        choices=MilestoneKind.choices, empty_label=_("Any kind"), label=_("Kind")
    )
    status = django_filters.ChoiceFilter(
        choices=[("open", _("Open (planned or in progress)")), *MilestoneStatus.choices],
        empty_label=_("Any status"),
        label=_("Status"),
        method="filter_status",
    )
    due = django_filters.ChoiceFilter(
        choices=DUE_CHOICES, empty_label=_("Any due date"), method="filter_due", label=_("Due")
    )
    sort = MilestoneOrdering(
        fields=[
            ("target_date", "target_date"),
            ("horizon", "horizon"),
            ("kind", "kind"),
            ("status", "status"),
            ("title", "title"),
        ],
        field_labels={
            "target_date": _("Due date"),
            "horizon": _("Horizon"),
            "kind": _("Kind"),
            "status": _("Status"),
            "title": _("Title"),
            # spelled out: django-filter words "%s (descending)" once, when this class is made
            "-target_date": _("Due date (descending)"),
            "-horizon": _("Horizon (descending)"),
            "-kind": _("Kind (descending)"),
            "-status": _("Status (descending)"),
            "-title": _("Title (descending)"),
        },
        empty_label=_("Open first, by due date (overdue at the top)"),
        label=_("Sort by"),
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
