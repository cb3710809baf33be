"""The pair's pages: the agreement, the sessions and each session's page (agenda, notes, action
items), and the closing page once the mentorship has ended. Each view finds what the person may
see or change (apps.sharing.access), calls one service, and says what happened."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.audit import Actor
from apps.core.http import delete_after_confirmation
from apps.sharing.access import get_pair_changeable_or_404, visible_to
from apps.sharing.models import Mentorship

from . import selectors, services
from .forms import (
    ActionItemForm,
    AgreementForm,
    LogForm,
    NotesForm,
    PointForm,
    PrivateNoteForm,
    ReflectionForm,
    SessionForm,
    StepForm,
)
from .models import ActionItem, Agreement, Session, SessionStatus, TalkingPoint


def _active_pair(user, pk) -> Mentorship:
    """The active mentorship `pk` of which `user` is one side, else 404."""
    mentorship = selectors.pair_for(user, pk)
    if mentorship is None or mentorship.ended_at is not None:
        raise Http404("No such mentorship.")
    return mentorship


def _refused(form, error: ValidationError) -> None:
    """A service's refusal, shown next to the field it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _done(request, action, success: str, back: str):
    """Runs a one-button action: its message, or why it could not be done; back to `back`."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(back)


@login_required
@require_GET
def index(request):
    """Every pair the person is part of, their sessions to come and those past."""
    user, now = request.user, timezone.now()
    upcoming, past = selectors.sessions_listed(user, now)
    return render(
        request,
        "meetings/index.html",
        {
            "pairs": selectors.pair_summaries(user=user, now=now),
            "upcoming": upcoming,
            "past": past,
            "ended": selectors.ended_pairs(user),
        },
    )


@login_required
@require_GET
def pair(request, pk):
    """The pair's page: the agreement (and a proposal waiting), the sessions, the points."""
    mentorship = selectors.pair_for(request.user, pk)
    if mentorship is None:
        raise Http404("No such mentorship.")
    if mentorship.ended_at is not None:
        return redirect("meetings:closing", mentorship.pk)
    now = timezone.now()
    sessions = list(selectors.sessions_of(mentorship))
    upcoming = selectors.upcoming(sessions, now)
    return render(
        request,
        "meetings/pair.html",
        {
            "mentorship": mentorship,
            "other": services.other_side(mentorship, request.user),
            "is_mentee": request.user.pk == mentorship.mentee_id,
            "agreement": selectors.agreement_in_force(mentorship),
            "proposal": selectors.agreement_proposed(mentorship),
            "upcoming": upcoming,
            "past": [s for s in sessions if s not in upcoming],
            "points": selectors.open_points(mentorship),
            "point_form": PointForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_propose(request, pk):
    mentorship = _active_pair(request.user, pk)
    current = selectors.agreement_proposed(mentorship) or selectors.agreement_in_force(mentorship)
    form = AgreementForm(
        request.POST or None,
        mentorship=mentorship,
        viewer=request.user,
        initial=_agreement_initial(current),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_propose(
                mentorship=mentorship,
                actor=Actor.of(request),
                purpose=form.cleaned_data["purpose"],
                every_weeks=form.cleaned_data["every_weeks"],
                until=form.cleaned_data["until"],
                horizons=form.cleaned_data["horizons"],
                milestones=form.cleaned_data["milestones"],
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            other = services.other_side(mentorship, request.user)
            messages.success(
                request,
                _("Proposed. The agreement is in force once %(name)s confirms it.")
                % {"name": other.get_short_name()},
            )
            return redirect("meetings:pair", mentorship.pk)
    return render(
        request,
        "meetings/agreement_form.html",
        {"form": form, "mentorship": mentorship, "current": current},
        status=400 if form.errors else 200,
    )


def _agreement_initial(agreement: Agreement | None) -> dict:
    if agreement is None:
        return {}
    return {
        "purpose": agreement.purpose,
        "every_weeks": agreement.every_weeks,
        "until": agreement.until,
        "horizons": list(agreement.horizons.all()),
        "milestones": list(agreement.milestones.all()),
    }


@login_required
@require_POST
def agreement_confirm(request, pk):
    agreement = get_pair_changeable_or_404(request.user, Agreement.objects.all(), pk=pk)
    return _done(
        request,
        lambda: services.agreement_confirm(agreement=agreement, actor=Actor.of(request)),
        _("Confirmed: this is your agreement now."),
        reverse("meetings:pair", args=[agreement.mentorship_id]),
    )


@login_required
@require_POST
def agreement_withdraw(request, pk):
    agreement = get_pair_changeable_or_404(request.user, Agreement.objects.all(), pk=pk)
    return _done(
        request,
        lambda: services.agreement_withdraw(agreement=agreement, actor=Actor.of(request)),
        _("The proposal is set aside."),
        reverse("meetings:pair", args=[agreement.mentorship_id]),
    )


def _session_form_page(request, mentorship, form_class, save, template_title: str):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = save(form)
        except ValidationError as error:
            _refused(form, error)
        else:
            return redirect(session.get_absolute_url())
    return render(
        request,
        "meetings/session_form.html",
        {"form": form, "mentorship": mentorship, "title": template_title},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_propose(request, pk):
    mentorship = _active_pair(request.user, pk)

    def save(form):
        session = services.session_propose(
            mentorship=mentorship, actor=Actor.of(request), **form.values()
        )
        messages.success(
            request,
            _("Proposed. %(name)s gets the invitation once they accept.")
            % {"name": services.other_side(mentorship, request.user).get_short_name()},
        )
        return session

    return _session_form_page(request, mentorship, SessionForm, save, _("Propose a session"))


@login_required
@require_http_methods(["GET", "POST"])
def session_log(request, pk):
    mentorship = _active_pair(request.user, pk)

    def save(form):
        session = services.session_log(
            mentorship=mentorship,
            actor=Actor.of(request),
            notes=form.cleaned_data["notes"],
            **form.values(),
        )
        messages.success(request, _("The session is in your record."))
        return session

    return _session_form_page(request, mentorship, LogForm, save, _("Log a session that happened"))


@login_required
@require_GET
def session(request, pk):
    """A session's page: the agenda from what changed since the previous one, the points, the
    notes (the mentor's private ones to the mentor alone) and the action items. The page is
    kept in the plan cache until either side's plan changes (every row it shows retires one),
    so what it reads is read lazily: a cached page reads none of it."""
    session = get_object_or_404(  # one query for either side (the owner-first lookup is two)
        visible_to(request.user, Session.objects.select_related("mentorship", "owner", "mentor")),
        pk=pk,
    )
    mentorship, user, now = session.mentorship, request.user, timezone.now()
    active = mentorship is not None and mentorship.ended_at is None
    is_mentor = user.pk == session.mentor_id
    context = {
        "session": session,
        "mentorship": mentorship,
        "people": [person for person in (session.owner_id, session.mentor_id) if person],
        "today": timezone.localdate(),
        "ended": session.ends_at < now,
        "active": active,
        "is_mentor": is_mentor,
        "is_mentee": user.pk == session.owner_id,
        "other_name": session.owner.get_full_name() if is_mentor else session.mentor_name,
        "actions": SimpleLazyObject(lambda: selectors.action_items_of(session)),
        "started": session.has_started(now),
        "can_answer": active
        and session.status == SessionStatus.PROPOSED
        and session.proposed_by_id != user.pk,
        "planned": active and session.status in selectors.PLANNED,
    }
    if active:
        context["agenda"] = SimpleLazyObject(
            lambda: selectors.agenda(session=session, viewer=user, now=now)
        )
        context["notes_form"] = NotesForm(instance=session)
        context["point_form"] = PointForm()
        context["action_form"] = SimpleLazyObject(lambda: ActionItemForm(mentorship=mentorship))
        if user.pk == session.owner_id:  # her own action items become steps of these
            context["open_milestones"] = SimpleLazyObject(
                lambda: list(StepForm(owner=user).fields["milestone"].queryset)
            )
        if is_mentor:
            context["private_form"] = SimpleLazyObject(
                lambda: PrivateNoteForm(instance=selectors.private_note(session=session, user=user))
            )
    return render(request, "meetings/session.html", context)


def _changeable_session(user, pk) -> Session:
    return get_pair_changeable_or_404(
        user, Session.objects.select_related("mentorship__mentee", "mentorship__mentor"), pk=pk
    )


def _session_button(request, pk, service, success: str):
    session = _changeable_session(request.user, pk)
    return _done(
        request,
        lambda: service(session=session, actor=Actor.of(request)),
        success,
        session.get_absolute_url(),
    )


@login_required
@require_POST
def session_accept(request, pk):
    return _session_button(
        request,
        pk,
        services.session_accept,
        _("Accepted. You both get an invitation for your calendars."),
    )


@login_required
@require_POST
def session_decline(request, pk):
    return _session_button(request, pk, services.session_decline, _("Declined."))


@login_required
@require_POST
def session_cancel(request, pk):
    return _session_button(
        request, pk, services.session_cancel, _("Cancelled. Your calendars are told.")
    )


@login_required
@require_POST
def session_finish(request, pk):
    return _session_button(
        request,
        pk,
        services.session_finish,
        _("Done. You both get the notes and action items by email."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_move(request, pk):
    session = _changeable_session(request.user, pk)
    form = SessionForm.for_session(session, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_move(session=session, actor=Actor.of(request), **form.values())
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Moved."))
            return redirect(session.get_absolute_url())
    return render(
        request,
        "meetings/session_form.html",
        {"form": form, "mentorship": session.mentorship, "title": _("Move the session")},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def session_notes(request, pk):
    session = _changeable_session(request.user, pk)
    form = NotesForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["notes"]))
        return redirect(session.get_absolute_url() + "#notes")
    return _done(
        request,
        lambda: services.session_notes_save(
            session=session, actor=Actor.of(request), notes=form.cleaned_data["notes"]
        ),
        _("Notes saved."),
        session.get_absolute_url() + "#notes",
    )


@login_required
@require_POST
def private_notes(request, pk):
    session = _changeable_session(request.user, pk)
    if request.user.pk != session.mentor_id:
        raise Http404("Private notes are the mentor's.")
    form = PrivateNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["body"]))
        return redirect(session.get_absolute_url() + "#private")
    return _done(
        request,
        lambda: services.private_note_save(
            session=session, actor=Actor.of(request), body=form.cleaned_data["body"]
        ),
        _("Private notes saved."),
        session.get_absolute_url() + "#private",
    )


@login_required
@require_POST
def point_add(request, pk):
    mentorship = _active_pair(request.user, pk)
    form = PointForm(request.POST)
    back = request.POST.get("session")
    back_url = (
        reverse("meetings:session", args=[back]) + "#agenda"
        if back and back.isdigit()
        else reverse("meetings:pair", args=[mentorship.pk])
    )
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["text"]))
        return redirect(back_url)
    return _done(
        request,
        lambda: services.talking_point_add(
            mentorship=mentorship, actor=Actor.of(request), text=form.cleaned_data["text"]
        ),
        _("Point added: it stays on the agenda until you discuss it."),
        back_url,
    )


@login_required
@require_POST
def point_discussed(request, pk):
    """Marks a point discussed in the session it is posted from, or (again) to discuss."""
    point = get_pair_changeable_or_404(request.user, TalkingPoint.objects.all(), pk=pk)
    session = None
    if request.POST.get("discussed") == "yes":
        posted = request.POST.get("session", "")
        if not posted.isdigit():  # a tampered form: no such session, never a 500
            raise Http404("No such session.")
        session = _changeable_session(request.user, posted)
    return _done(
        request,
        lambda: services.talking_point_discussed(
            point=point, actor=Actor.of(request), session=session
        ),
        _("Marked discussed.") if session else _("Back on the agenda."),
        (
            reverse("meetings:session", args=[session.pk]) + "#agenda"
            if session
            else reverse("meetings:pair", args=[point.mentorship_id])
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def point_delete(request, pk):
    point = get_pair_changeable_or_404(
        request.user, TalkingPoint.objects.filter(author=request.user), pk=pk
    )
    back = reverse("meetings:pair", args=[point.mentorship_id])
    return delete_after_confirmation(
        request,
        delete=lambda: services.talking_point_delete(point=point, actor=Actor.of(request)),
        what=_("talking point"),
        name=point.text,
        cancel_url=back,
        done_url=back,
    )


@login_required
@require_POST
def action_add(request, pk):
    session = _changeable_session(request.user, pk)
    form = ActionItemForm(request.POST, mentorship=session.mentorship)
    back = session.get_absolute_url() + "#actions"
    if not form.is_valid():
        messages.error(
            request, " ".join(message for errors in form.errors.values() for message in errors)
        )
        return redirect(back)
    mentorship = session.mentorship
    people = {mentorship.mentee_id: mentorship.mentee, mentorship.mentor_id: mentorship.mentor}
    return _done(
        request,
        lambda: services.action_item_create(
            session=session,
            actor=Actor.of(request),
            assignee=people.get(form.cleaned_data["assignee"]),
            title=form.cleaned_data["title"],
            due_on=form.cleaned_data["due_on"],
        ),
        _("Action item added."),
        back,
    )


def _changeable_action(user, pk) -> ActionItem:
    return get_pair_changeable_or_404(
        user,
        ActionItem.objects.select_related(
            "session__mentorship__mentee", "session__mentorship__mentor"
        ),
        pk=pk,
    )


@login_required
@require_POST
def action_done(request, pk):
    item = _changeable_action(request.user, pk)
    done = request.POST.get("done", "yes") == "yes"
    return _done(
        request,
        lambda: services.action_item_set_done(item=item, actor=Actor.of(request), done=done),
        _("Marked done.") if done else _("Marked not done."),
        item.session.get_absolute_url() + "#actions",
    )


@login_required
@require_POST
def action_milestone(request, pk):
    item = _changeable_action(request.user, pk)
    try:
        milestone = services.action_item_to_milestone(item=item, actor=Actor.of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(item.session.get_absolute_url() + "#actions")
    messages.success(request, _("It is a milestone of your plan now."))
    return redirect(milestone.get_absolute_url())


@login_required
@require_POST
def action_step(request, pk):
    item = _changeable_action(request.user, pk)
    form = StepForm(request.POST, owner=request.user)
    back = item.session.get_absolute_url() + "#actions"
    if not form.is_valid():
        messages.error(request, _("Choose one of your open milestones."))
        return redirect(back)
    return _done(
        request,
        lambda: services.action_item_to_step(
            item=item, actor=Actor.of(request), milestone=form.cleaned_data["milestone"]
        ),
        _("It is a step of “%(milestone)s” now.") % {"milestone": form.cleaned_data["milestone"]},
        back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_delete(request, pk):
    item = _changeable_action(request.user, pk)
    back = item.session.get_absolute_url() + "#actions"
    return delete_after_confirmation(
        request,
        delete=lambda: services.action_item_delete(item=item, actor=Actor.of(request)),
        what=_("action item"),
        name=item.title,
        cancel_url=back,
        done_url=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def closing(request, pk):
    """Once a mentorship has ended: each side's closing reflection, and nothing of the plan."""
    mentorship = selectors.pair_for(request.user, pk)
    if mentorship is None or mentorship.ended_at is None:
        raise Http404("No such ended mentorship.")
    mine = next(
        (r for r in selectors.reflections_of(mentorship) if r.author_id == request.user.pk), None
    )
    form = ReflectionForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_write(
                mentorship=mentorship, actor=Actor.of(request), text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, _("Your reflection is saved."))
            return redirect("meetings:closing", mentorship.pk)
    other = services.other_side(mentorship, request.user)
    return render(
        request,
        "meetings/closing.html",
        {
            "mentorship": mentorship,
            "other": other,
            "form": form,
            "reflections": selectors.reflections_of(mentorship),
        },
        status=400 if form.errors else 200,
    )
