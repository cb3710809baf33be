from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.areas import commentable
from apps.sharing.areas import Area

from .models import Comment, Reaction


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your mentor's email"),
        help_text=gettext_lazy("They get a link that works once and expires in 14 days."),
    )


class SharingForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label=gettext_lazy("What this mentor may see"),
        choices=Area.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class MarkReadForm(forms.Form):
    """Which item's comments to mark read; neither field means all of them."""

    kind = forms.ChoiceField(
        choices=lambda: [("", "all"), *((name, name) for name in commentable())], required=False
    )
    pk = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") and not cleaned.get("pk"):
            self.add_error("pk", _("Name the item whose comments to mark read."))
        return cleaned


class CommentForm(forms.ModelForm):
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        labels = {"body": gettext_lazy("Comment")}


class LookedForm(forms.Form):
    """When the mentee page the mentor marks read was made."""

    at = forms.DateTimeField(widget=forms.HiddenInput)


class CheerForm(forms.Form):
    reaction = forms.ChoiceField(choices=Reaction.choices)
