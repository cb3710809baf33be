from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.forms import DateInput, OwnedChoicesMixin, https_url_fields
from apps.core.limits import TAG_LENGTH, one_line
from apps.milestones.models import Milestone
from apps.vision.models import Horizon

from .importers import MAX_IMPORT_BYTES
from .models import Cadence, Contact, Event, Interaction, Relationship


class ContactForm(OwnedChoicesMixin, forms.ModelForm):
    OWNED_FIELDS = {
        "horizons": lambda owner: Horizon.objects.filter(owner=owner).exclude(statement=""),
        "milestones": lambda owner: Milestone.objects.filter(owner=owner),
    }
    tag_names = forms.CharField(
        label=_("Tags"),
        required=False,
        help_text=_("Separate tags with commas, e.g. data, London."),
    )

    class Meta:
        formfield_callback = https_url_fields
        model = Contact
        fields = [
            "name",
            "organisation",
            "role",
            "email",
            "profile_url",
            "where_met",
            "relationship",
            "tag_names",
            "cadence",
            "horizons",
            "milestones",
            "notes",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "horizons": forms.CheckboxSelectMultiple(),
            "milestones": forms.CheckboxSelectMultiple(),
        }
        labels = {
            "name": _("Name"),
            "organisation": _("Organisation"),
            "role": _("Role"),
            "email": _("Email"),
            "relationship": _("Relationship"),
            "notes": _("Notes"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["tag_names"] = ", ".join(tag.name for tag in self.instance.tags.all())

    def clean_tag_names(self):
        names = [name.strip() for name in self.cleaned_data["tag_names"].split(",")]
        names = list(dict.fromkeys(name for name in names if name))
        if any(len(name) > 40 for name in names):
            raise forms.ValidationError(gettext("Keep each tag under 40 characters."))
        for name in names:
            one_line(name)
        return names


class InteractionForm(forms.ModelForm):
    class Meta:
        model = Interaction
        fields = ["date", "kind", "notes"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}
        labels = {"date": _("Date"), "kind": _("Kind"), "notes": _("Notes")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)


class EventForm(OwnedChoicesMixin, forms.ModelForm):
    OWNED_FIELDS = {"contacts": lambda owner: Contact.objects.filter(owner=owner)}

    class Meta:
        model = Event
        fields = ["name", "kind", "date", "location", "attended", "contacts", "notes"]
        widgets = {
            "date": DateInput(),
            "contacts": forms.CheckboxSelectMultiple(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "name": _("Name"),
            "kind": _("Kind"),
            "date": _("Date"),
            "location": _("Location"),
            "attended": _("Attended"),
            "notes": _("Notes"),
        }


class ContactFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    relationship = forms.ChoiceField(
        label=_("Relationship"),
        choices=[("", _("Any relationship")), *Relationship.choices],
        required=False,
    )
    tag = forms.CharField(label=_("Tag"), required=False)


class ContactBulkForm(forms.Form):
    """Many contacts at once: a rhythm, a relationship, a tag added; what is left blank stays."""

    contacts = forms.ModelMultipleChoiceField(
        label=_("Contacts"),
        queryset=Contact.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select the contacts to change.")},
    )
    cadence = forms.ChoiceField(
        label=_("Keep in touch"),
        choices=[("", _("Keep each one's")), *Cadence.choices],
        required=False,
    )
    relationship = forms.ChoiceField(
        label=_("Relationship"),
        choices=[("", _("Keep each one's")), *Relationship.choices],
        required=False,
    )
    tag = forms.CharField(label=_("Add the tag"), max_length=TAG_LENGTH, required=False)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = Contact.objects.filter(owner=owner)

    def clean(self):
        data = super().clean()
        if not (data.get("cadence") or data.get("relationship") or data.get("tag")):
            raise forms.ValidationError(_("Choose a rhythm, a relationship or a tag to apply."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Connections.csv or .vcf file"),
        help_text=_(
            "LinkedIn: Settings → Data privacy → Get a copy of your data → Connections. "
            "Address books: export contacts as vCard (.vcf). Up to 2 MB."
        ),
    )

    cadence = forms.ChoiceField(
        label=_("Keep in touch with everyone new"),
        choices=Cadence.choices,
        initial=Cadence.NONE,
        required=False,
        help_text=_(
            "Each person can get their own rhythm later; with one, they are due in their "
            "first week."
        ),
    )
    relationship = forms.ChoiceField(
        label=_("Relationship of everyone new"),
        choices=Relationship.choices,
        initial=Relationship.PEER,
        required=False,
    )

    def clean_cadence(self):
        return self.cleaned_data["cadence"] or Cadence.NONE

    def clean_relationship(self):
        return self.cleaned_data["relationship"] or Relationship.PEER

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                gettext("That file is %(size)s KB; the limit is %(limit)s KB.")
                % {"size": upload.size // 1024, "limit": MAX_IMPORT_BYTES // 1024}
            )
        name = upload.name.lower()
        if not name.endswith((".csv", ".vcf", ".vcard")):
            raise forms.ValidationError(
                gettext("Choose a .csv file from LinkedIn or a .vcf address book.")
            )
        return upload
