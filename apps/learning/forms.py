from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput, OwnedChoicesMixin, https_url_fields
from apps.milestones.models import Milestone

from .models import LearningItem, LearningKind, LearningStatus, Skill

LEVELS = [(n, f"{n}") for n in range(1, 6)]


class SkillForm(OwnedChoicesMixin, forms.ModelForm):
    OWNED_FIELDS = {"milestone": lambda owner: Milestone.objects.filter(owner=owner)}

    class Meta:
        model = Skill
        fields = ["name", "current_level", "target_level", "why", "horizon", "milestone"]
        widgets = {
            "current_level": forms.Select(choices=LEVELS),
            "target_level": forms.Select(choices=LEVELS),
            "why": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "name": _("Name"),
            "current_level": _("Where I am (1–5)"),
            "target_level": _("Where I want to be (1–5)"),
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Skill.objects.filter(owner=self.owner, name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if clash.exists():
            raise forms.ValidationError(gettext("You already track a skill with that name."))
        return name


class LearningItemForm(OwnedChoicesMixin, forms.ModelForm):
    OWNED_FIELDS = {
        "milestone": lambda owner: Milestone.objects.filter(owner=owner),
        "skills": lambda owner: Skill.objects.filter(owner=owner),
    }

    class Meta:
        formfield_callback = https_url_fields
        model = LearningItem
        fields = [
            "title",
            "kind",
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
        ]
        widgets = {
            "started_on": DateInput(),
            "finished_on": DateInput(),
            "issued_on": DateInput(),
            "expires_on": DateInput(),
            "skills": forms.CheckboxSelectMultiple(),
        }
        labels = {  # the fields whose model names no label of its own
            "title": _("Title"),
            "kind": _("Kind"),
            "provider": _("Provider"),
            "link": _("Link"),
            "status": _("Status"),
            "hours_spent": _("Hours spent"),
            "skills": _("Skills"),
        }
        help_texts = {"skills": _("The skills this builds.")}


class LearningFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *LearningKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *LearningStatus.choices],
        required=False,
    )
