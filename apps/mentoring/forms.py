from django import forms

from .models import Area, Comment


class InviteForm(forms.Form):
    email = forms.EmailField(
        label="Your mentor's email",
        help_text="They get a link that works once and expires in 14 days.",
    )


class SharingForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label="What this mentor may see",
        choices=Area.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class CommentForm(forms.ModelForm):
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}
        labels = {"body": "Comment"}
