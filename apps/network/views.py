from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.audit import Actor
from apps.core.http import delete_after_confirmation, safe_next_url, submitted_once
from apps.sharing.access import get_editable_or_404, get_visible_or_404

from . import selectors, services
from .forms import (
    ContactBulkForm,
    ContactFilterForm,
    ContactForm,
    EventForm,
    ImportForm,
    InteractionForm,
)
from .importers import UnreadableFile
from .models import Contact, Event, InboxEntry, Interaction, InteractionKind, MailDropAddress

LOGGED = {  # a whole sentence for each kind, as each language words it differently
    InteractionKind.COFFEE: gettext_lazy("Logged a coffee with %(name)s."),
    InteractionKind.CALL: gettext_lazy("Logged a call with %(name)s."),
    InteractionKind.MESSAGE: gettext_lazy("Logged a message with %(name)s."),
    InteractionKind.EVENT: gettext_lazy("Logged a event with %(name)s."),
    InteractionKind.MEETING: gettext_lazy("Logged a meeting with %(name)s."),
}


@login_required
@require_GET
def index(request):
    return _contact_list(request)


def _contact_list(request, bulk_form=None):
    filter_form = ContactFilterForm(request.GET or None)
    contacts = selectors.contacts_for(owner=request.user)
    if filter_form.is_valid():
        query = filter_form.cleaned_data
        if query["q"]:
            contacts = contacts.filter(
                Q(name__icontains=query["q"])
                | Q(organisation__icontains=query["q"])
                | Q(role__icontains=query["q"])
            )
        if query["relationship"]:
            contacts = contacts.filter(relationship=query["relationship"])
        if query["tag"]:
            contacts = contacts.filter(tags__name__iexact=query["tag"])
    return render(
        request,
        "network/index.html",
        {
            "contacts": contacts,
            "filter_form": filter_form,
            "bulk_form": bulk_form or ContactBulkForm(owner=request.user),
            # ticked again when the change is refused (and part of the cached list's key)
            "picked": _picked(bulk_form),
            # the boxes to tick show on asking (`?select=1`): the everyday list stays light
            "selecting": bulk_form is not None or request.GET.get("select") == "1",
            "today": timezone.localdate(),
            # outside the cached list: the private address for logging email, and who waits
            "mail_drop": MailDropAddress.objects.filter(user=request.user).first(),
            "waiting": InboxEntry.objects.filter(owner=request.user).count(),
        },
        status=400 if bulk_form is not None else 200,
    )


def _picked(bulk_form) -> tuple[int, ...]:
    if bulk_form is None:
        return ()
    return tuple(sorted({int(pk) for pk in bulk_form.data.getlist("contacts") if pk.isdigit()}))


@login_required
@require_POST
def contacts_bulk_edit(request):
    """Select many on the list → a rhythm, a relationship, a tag; the list again with errors."""
    form = ContactBulkForm(request.POST, owner=request.user)
    if not form.is_valid():
        return _contact_list(request, bulk_form=form)
    changed = services.contacts_bulk_update(
        owner=request.user,
        contacts=form.cleaned_data["contacts"],
        cadence=form.cleaned_data["cadence"],
        relationship=form.cleaned_data["relationship"],
        tag=form.cleaned_data["tag"],
    )
    messages.success(
        request,
        ngettext("Updated %(count)d contact.", "Updated %(count)d contacts.", changed)
        % {"count": changed},
    )
    return redirect(safe_next_url(request, reverse("network:index")))


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request):
    form = ContactForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        contact = services.contact_create(owner=request.user, **form.cleaned_data)
        messages.success(request, _("Added %(name)s to your network.") % {"name": contact.name})
        return redirect("network:contact_detail", contact.pk)
    return render(request, "network/contact_form.html", {"form": form})


@login_required
@require_GET
def contact_detail(request, pk):
    contact = get_visible_or_404(request.user, selectors.contacts_with_history(), pk=pk)
    return render(
        request,
        "network/contact_detail.html",
        {
            "contact": contact,
            "interaction_form": InteractionForm(),
            "today": timezone.localdate(),
            "can_edit": contact.owner_id == request.user.pk,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request, pk):
    contact = get_editable_or_404(request.user, Contact.objects.all(), pk=pk)
    form = ContactForm(request.POST or None, instance=contact, owner=request.user)
    if request.method == "POST" and form.is_valid():
        services.contact_update(contact=contact, **form.cleaned_data)
        messages.success(request, _("Contact saved."))
        return redirect("network:contact_detail", contact.pk)
    return render(request, "network/contact_form.html", {"form": form, "contact": contact})


@login_required
@require_http_methods(["GET", "POST"])
def contact_delete(request, pk):
    contact = get_editable_or_404(request.user, Contact.objects.all(), pk=pk)
    return delete_after_confirmation(
        request,
        delete=lambda: services.contact_delete(contact=contact, actor=Actor.of(request)),
        what=_("contact"),
        name=contact.name,
        cancel_url=reverse("network:contact_detail", args=[contact.pk]),
        done_url=reverse("network:index"),
        detail=_("Their interactions go with them."),
    )


@login_required
@require_POST
@submitted_once(done="network:contact_detail")
def interaction_create(request, pk):
    contact = get_editable_or_404(request.user, Contact.objects.all(), pk=pk)
    form = InteractionForm(request.POST)
    if form.is_valid():
        services.interaction_log(contact=contact, **form.cleaned_data)
        messages.success(
            request,
            LOGGED[form.cleaned_data["kind"]] % {"name": contact.name},
        )
        return redirect(safe_next_url(request, reverse("network:contact_detail", args=[pk])))
    contact = get_visible_or_404(request.user, selectors.contacts_with_history(), pk=pk)
    return render(
        request,
        "network/contact_detail.html",
        {
            "contact": contact,
            "interaction_form": form,
            "today": timezone.localdate(),
            "can_edit": contact.owner_id == request.user.pk,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def interaction_delete(request, pk):
    interaction = get_editable_or_404(
        request.user, Interaction.objects.select_related("contact"), pk=pk
    )
    contact_url = reverse("network:contact_detail", args=[interaction.contact_id])
    return delete_after_confirmation(
        request,
        delete=lambda: services.interaction_delete(
            interaction=interaction, actor=Actor.of(request)
        ),
        what=_("interaction"),
        name=str(interaction),
        cancel_url=contact_url,
        done_url=contact_url,
    )


@login_required
@require_GET
def reach_out(request):
    today = timezone.localdate()
    return render(
        request,
        "network/reach_out.html",
        {
            "today": today,
            "due": selectors.reach_out_this_week(owner=request.user, today=today).prefetch_related(
                "tags"
            ),
            "losing_touch": selectors.losing_touch(owner=request.user, today=today),
        },
    )


@login_required
@require_GET
def events(request):
    return render(
        request, "network/events.html", {"events": selectors.events_for(owner=request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request):
    form = EventForm(request.POST or None, owner=request.user)
    if request.method == "POST" and form.is_valid():
        event = services.event_create(owner=request.user, **form.cleaned_data)
        messages.success(request, _("Added %(name)s.") % {"name": event.name})
        return redirect("network:event_detail", event.pk)
    return render(request, "network/event_form.html", {"form": form})


@login_required
@require_GET
def event_detail(request, pk):
    event = get_visible_or_404(request.user, Event.objects.prefetch_related("contacts"), pk=pk)
    return render(request, "network/event_detail.html", {"event": event})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request, pk):
    event = get_editable_or_404(request.user, Event.objects.all(), pk=pk)
    form = EventForm(request.POST or None, instance=event, owner=request.user)
    if request.method == "POST" and form.is_valid():
        services.event_update(event=event, **form.cleaned_data)
        messages.success(request, _("Event saved."))
        return redirect("network:event_detail", event.pk)
    return render(request, "network/event_form.html", {"form": form, "event": event})


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request, pk):
    event = get_editable_or_404(request.user, Event.objects.all(), pk=pk)
    return delete_after_confirmation(
        request,
        delete=lambda: services.event_delete(event=event, actor=Actor.of(request)),
        what=_("event"),
        name=event.name,
        cancel_url=reverse("network:event_detail", args=[event.pk]),
        done_url=reverse("network:events"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_contacts(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = services.contacts_import(
                owner=request.user,
                file_name=upload.name,
                data=upload.read(),
                cadence=form.cleaned_data["cadence"],
                relationship=form.cleaned_data["relationship"],
            )
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            return render(request, "network/import_report.html", {"report": report})
    return render(request, "network/import.html", {"form": form})


@login_required
@require_GET
def inbox(request):
    """People a logged email named who were not contacts, and the private address."""
    return render(
        request,
        "network/inbox.html",
        {
            "entries": selectors.inbox_for(owner=request.user),
            "drop": MailDropAddress.objects.filter(user=request.user).first(),
        },
    )


@login_required
@require_POST
def inbox_add(request, pk):
    entry = get_editable_or_404(request.user, InboxEntry.objects.all(), pk=pk)
    added = services.inbox_entry_add(entry=entry)
    if added is None:
        messages.info(
            request, _("%(name)s had left the Inbox already.") % {"name": entry.name or entry.email}
        )
    elif added.created:
        messages.success(
            request,
            _("Added %(name)s to your network, with the conversation.")
            % {"name": added.contact.name},
        )
    else:
        messages.success(
            request,
            _("%(name)s is in your network already: the conversation is logged with them.")
            % {"name": added.contact.name},
        )
    return redirect("network:inbox")


@login_required
@require_POST
def inbox_ignore(request, pk):
    entry = get_editable_or_404(request.user, InboxEntry.objects.all(), pk=pk)
    services.inbox_entry_ignore(entry=entry)
    messages.success(request, _("Ignored %(name)s.") % {"name": entry.name or entry.email})
    return redirect("network:inbox")


@login_required
@require_POST
def mail_drop_replace(request):
    services.mail_drop_replace(user=request.user, actor=Actor.of(request))
    messages.success(request, _("Your private address for logging email is ready."))
    return redirect("network:inbox")
