from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.audit import Actor
from apps.core.forms import ID_LIMIT
from apps.core.http import delete_after_confirmation
from apps.core.i18n import local_date
from apps.sharing.access import get_editable_or_404, get_visible_or_404, visible_to

from . import jsonresume, selectors, services
from .forms import (
    CompareForm,
    DecideForm,
    IntroductionForm,
    JobImportForm,
    MoveForm,
    NewOpportunityForm,
    OpportunityForm,
    OwnershipForm,
    ScoreForm,
    SnoozeForm,
)
from .models import BECOMES_JOB, Opportunity
from .ownership import TEMPLATES


def _errors(error: ValidationError) -> str:
    """A service's refusal as one line, each field's problem under its name."""
    if hasattr(error, "message_dict"):
        return " ".join(
            " ".join(problems) if name == "__all__" else f"{name}: {' '.join(problems)}"
            for name, problems in error.message_dict.items()
        )
    return " ".join(error.messages)


@login_required
@require_GET
def index(request):
    """The list, weighed against the plan; read lazily, so a cached page (the template's
    plan_fragment) reads none of it."""
    owner = request.user
    return render(
        request,
        "opportunities/index.html",
        {
            "board": SimpleLazyObject(lambda: selectors.board(owner=owner)),
            "today": timezone.localdate(),
        },
    )


def _warn_if_ghosted(request, opportunity: Opportunity) -> None:
    before = selectors.ghosted_before(
        owner=opportunity.owner, organisation=opportunity.organisation, exclude=opportunity.pk
    )
    if before:
        messages.warning(
            request,
            _("%(organisation)s did not answer last time (“%(title)s”, %(date)s).")
            % {
                "organisation": opportunity.organisation,
                "title": before.title,
                "date": local_date(before.moved_on, "j F Y"),
            },
        )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    form = NewOpportunityForm(
        request.POST or None, owner=request.user, initial={"kind": request.GET.get("kind")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            opportunity = services.opportunity_create(
                owner=request.user, on=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Added “%(title)s”.") % {"title": opportunity.title})
            _warn_if_ghosted(request, opportunity)
            return redirect(opportunity)
    return render(request, "opportunities/form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def job_import(request):
    """A job in JSON Resume's job schema becomes an opportunity (an idea, to be weighed)."""
    form = JobImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            fields = jsonresume.job_fields(form.cleaned_data["file"].read())
            opportunity = services.opportunity_create(
                owner=request.user, on=timezone.localdate(), **fields
            )
        except ValidationError as error:
            form.add_error("file", _errors(error))
        else:
            messages.success(request, _("Imported “%(title)s”.") % {"title": opportunity.title})
            _warn_if_ghosted(request, opportunity)
            return redirect(opportunity)
    status = 400 if form.errors else 200
    return render(request, "opportunities/import.html", {"form": form}, status=status)


def _detail(request, opportunity, *, status=200, **forms):
    owner = opportunity.owner
    can_edit = owner.pk == request.user.pk
    context = {
        "opportunity": opportunity,
        "weighing": selectors.weighings(
            owner=owner, opportunities=[opportunity], viewer=request.user
        )[0],
        # the people are the network's: a mentor sees them only if it is shared too
        "contacts": visible_to(request.user, opportunity.contacts.all()),
        "moves": selectors.timeline(opportunity),
        "can_edit": can_edit,
        "today": timezone.localdate(),
        "ghosted_before": selectors.ghosted_before(
            owner=owner, organisation=opportunity.organisation, exclude=opportunity.pk
        ),
    }
    if not opportunity.is_open:  # a form posted to an ended one is not on the page: say why here
        context["refused"] = [
            error for form in forms.values() for errors in form.errors.values() for error in errors
        ]
    if can_edit:
        context |= {
            "move_form": forms.get("move_form") or MoveForm(),
            "snooze_form": forms.get("snooze_form") or SnoozeForm(),
            "introduction_form": forms.get("introduction_form")
            or IntroductionForm(owner=request.user),
        }
    return render(request, "opportunities/detail.html", context, status=status)


@login_required
@require_GET
def detail(request, pk):
    return _detail(request, get_visible_or_404(request.user, selectors.with_details(), pk=pk))


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    opportunity = get_editable_or_404(request.user, Opportunity.objects.all(), pk=pk)
    form = OpportunityForm(request.POST or None, instance=opportunity, owner=request.user)
    if request.method == "POST" and form.is_valid():
        services.opportunity_update(opportunity=opportunity, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect(opportunity)
    return render(request, "opportunities/form.html", {"form": form, "opportunity": opportunity})


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, pk):
    opportunity = get_editable_or_404(request.user, Opportunity.objects.all(), pk=pk)
    return delete_after_confirmation(
        request,
        delete=lambda: services.opportunity_delete(
            opportunity=opportunity, actor=Actor.of(request)
        ),
        what=_("opportunity"),
        name=opportunity.title,
        cancel_url=opportunity.get_absolute_url(),
        done_url=reverse("opportunities:index"),
    )


def _posted(request, pk, form_class, name, act, done_message, **form_kwargs):
    """A form posted from the opportunity's page: done, back to the page with what happened;
    refused, the page again with the form's errors (400), nothing changed."""
    opportunity = get_editable_or_404(request.user, selectors.with_details(), pk=pk)
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            act(opportunity, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
            opportunity.refresh_from_db()  # the page shows what is saved, not what was refused
        else:
            messages.success(request, done_message)
            return redirect(opportunity)
    return _detail(request, opportunity, status=400, **{name: form})


@login_required
@require_POST
def move(request, pk):
    today = timezone.localdate()
    return _posted(
        request,
        pk,
        MoveForm,
        "move_form",
        lambda opportunity, data: services.opportunity_move(
            opportunity=opportunity, today=today, **data
        ),
        _("Moved."),
    )


@login_required
@require_POST
def snooze(request, pk):
    today = timezone.localdate()
    return _posted(
        request,
        pk,
        SnoozeForm,
        "snooze_form",
        lambda opportunity, data: services.opportunity_snooze(
            opportunity=opportunity, until=data["until"], today=today
        ),
        _("Next action put off."),
    )


@login_required
@require_POST
def action_done(request, pk):
    opportunity = get_editable_or_404(request.user, Opportunity.objects.all(), pk=pk)
    try:
        services.opportunity_action_done(opportunity=opportunity, today=timezone.localdate())
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Done. The next action is due in a week unless you move it."))
    return redirect(opportunity)


@login_required
@require_POST
def introduction(request, pk):
    today = timezone.localdate()
    return _posted(
        request,
        pk,
        IntroductionForm,
        "introduction_form",
        lambda opportunity, data: services.introduction_ask(
            opportunity=opportunity, contact=data["contact"], note=data["note"], on=today
        ),
        _("Logged: you asked for an introduction."),
        owner=request.user,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request, pk):
    opportunity = get_editable_or_404(request.user, selectors.with_details(), pk=pk)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_decide(
                opportunity=opportunity, today=timezone.localdate(), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            opportunity.refresh_from_db()
            messages.success(request, _decided_message(opportunity))
            return redirect(opportunity)
    return render(
        request,
        "opportunities/decide.html",
        {
            "opportunity": opportunity,
            "form": form,
            "becomes_job": opportunity.kind in BECOMES_JOB,
            "can_edit": True,
            "weighing": selectors.weighings(owner=request.user, opportunities=[opportunity])[0],
        },
        status=400 if form.errors else 200,
    )


def _decided_message(opportunity: Opportunity) -> str:
    if opportunity.job_id:
        return _(
            "Accepted: “%(job)s” is your current job, its first ledger entry from your scores."
        ) % {"job": opportunity.job}
    if opportunity.learning_item_id:
        return _("Accepted: “%(title)s” is on your learning list.") % {
            "title": opportunity.learning_item.title
        }
    if opportunity.milestone_id:
        return _("Accepted: “%(title)s” is a milestone of your plan.") % {
            "title": opportunity.milestone.title
        }
    return _("Declined, and why: it stays in the history of your choices.")


@login_required
@require_http_methods(["GET", "POST"])
def score(request, pk):
    opportunity = get_editable_or_404(request.user, selectors.with_details(), pk=pk)
    horizons = selectors.written_horizons(owner=request.user)
    values = selectors.ranked_values(owner=request.user)
    form = ScoreForm(
        request.POST or None, horizons=horizons, values=values, opportunity=opportunity
    )
    if request.method == "POST" and form.is_valid():
        services.opportunity_score(opportunity=opportunity, **form.scores())
        messages.success(request, _("Scores saved."))
        return redirect(opportunity)
    return render(
        request,
        "opportunities/score.html",
        {"opportunity": opportunity, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def compare(request):
    """Two to four opportunities of one plan side by side: the viewer's own, or a mentee's
    shared with them."""
    visible = visible_to(request.user, Opportunity.objects.all())
    asked = [
        int(pk) for pk in request.GET.getlist("ids")[:20] if pk.isdigit() and int(pk) < ID_LIMIT
    ]
    choices = list(visible.filter(pk__in=asked).values_list("pk", "owner_id", "title"))
    form = CompareForm(request.GET, choices=[(pk, title) for pk, _owner, title in choices])
    owners = {owner_id for _pk, owner_id, _title in choices}
    weighed = []
    if form.is_valid() and len(owners) == 1:
        weighed = selectors.comparison(
            viewer=request.user, owner=owners.pop(), ids=form.cleaned_data["ids"], visible=visible
        )
    elif form.is_valid():
        form.add_error("ids", _("Compare opportunities of one plan at a time."))
    return render(
        request,
        "opportunities/compare.html",
        {"form": form, "weighed": weighed},
        status=200 if weighed else 400,
    )


@login_required
@require_GET
def ownership(request):
    return render(
        request,
        "opportunities/ownership.html",
        {
            "templates": [
                (template, OwnershipForm(initial={"template": key}))
                for key, template in TEMPLATES.items()
            ],
            "evidence": selectors.evidence_for(owner=request.user),
        },
    )


@login_required
@require_POST
def ownership_start(request):
    form = OwnershipForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect("opportunities:ownership")
    try:
        milestone = services.ownership_milestone_create(
            owner=request.user,
            template=TEMPLATES[form.cleaned_data["template"]],
            horizon=form.cleaned_data["horizon"],
            target_date=form.cleaned_data["target_date"],
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("opportunities:ownership")
    messages.success(
        request,
        _("Started “%(title)s”: its checklist and your evidence are on the milestone.")
        % {"title": milestone.title},
    )
    return redirect(milestone)
