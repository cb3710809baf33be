import datetime
import logging
import smtplib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.accounts.audit import Actor
from apps.core import ratelimits
from apps.core.areas import commentable, plan_areas
from apps.core.http import delete_after_confirmation, safe_next_url
from apps.sharing import selectors as sharing_selectors
from apps.sharing import services as sharing_services
from apps.sharing.access import get_editable_or_404, get_visible_or_404, visible_to
from apps.sharing.models import Mentorship

from . import selectors, services
from .forms import CheerForm, CommentForm, InviteForm, LookedForm, MarkReadForm, SharingForm
from .models import CHEERABLE, Comment, Invitation

logger = logging.getLogger(__name__)


@login_required
@require_GET
def index(request):
    user = request.user
    return render(
        request,
        "mentoring/index.html",
        {  # read lazily: a cached page (the template's plan_fragment) reads none of it
            "mentors": SimpleLazyObject(
                lambda: [
                    (m, SharingForm(initial={"areas": m.shared_areas}, prefix=f"m{m.pk}"))
                    for m in sharing_selectors.mentors_of(mentee=user)
                ]
            ),
            "invitations": SimpleLazyObject(lambda: selectors.pending_invitations(mentee=user)),
            "invite_form": InviteForm(),
            "mentees": SimpleLazyObject(
                lambda: list(selectors.mentees_of(mentor=user, today=timezone.localdate()))
            ),
            "people": [user.pk, *sharing_selectors.mentorship_people(user=user)],
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def invite(request):
    form = InviteForm(request.POST)
    if not ratelimits.allowed(request, action="mentoring_invite"):
        messages.error(
            request,
            _(
                "The invitation was not sent: you can send 5 invitations an hour and 20 a day. "
                "Try again later."
            ),
        )
        return redirect("mentoring:index")
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                mentee=request.user,
                email=form.cleaned_data["email"],
                site_url=request.build_absolute_uri("/"),
                actor=Actor.of(request),
            )
        except ValidationError as error:
            form.add_error("email", error)
        except (smtplib.SMTPException, OSError):  # nothing is kept: the invitation is atomic
            logger.exception("An invitation email could not be sent.")
            messages.error(
                request,
                _("The invitation could not be sent just now. Try again in a few minutes."),
            )
            return redirect("mentoring:index")
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("mentoring:index")
    messages.error(
        request,
        _("The invitation was not sent: %(reasons)s") % {"reasons": " ".join(form.errors["email"])},
    )
    return redirect("mentoring:index")


@login_required
@require_POST
def invitation_cancel(request, pk):
    invitation = get_editable_or_404(request.user, Invitation.objects.all(), pk=pk)
    services.invitation_cancel(invitation=invitation, actor=Actor.of(request))
    messages.success(
        request, _("The invitation to %(email)s is cancelled.") % {"email": invitation.email}
    )
    return redirect("mentoring:index")


# what the link's page says of an invitation no longer pending (its state is a machine token)
_INVITATION_STATES = {
    "accepted": gettext_lazy("This invitation is accepted."),
    "cancelled": gettext_lazy("This invitation is cancelled."),
    "expired": gettext_lazy("This invitation is expired."),
}


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """The link from the email: shows the invitation, and accepts it for the invited account."""
    if not ratelimits.allowed(request, action="mentoring_invitation"):
        return render(
            request,
            "mentoring/invitation.html",
            {"problem": _("Too many attempts from your address. Wait a minute and try again.")},
            status=429,
        )
    try:
        invitation = services.invitation_for_token(token)
    except services.InvitationProblem as problem:
        return render(request, "mentoring/invitation.html", {"problem": str(problem)}, status=404)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        try:
            mentorship = services.invitation_accept(token=token, actor=Actor.of(request))
        except services.InvitationProblem as problem:
            return render(
                request,
                "mentoring/invitation.html",
                {"invitation": invitation, "problem": str(problem)},
                status=403,
            )
        messages.success(
            request, _("You are now %(mentee)s's mentor.") % {"mentee": mentorship.mentee}
        )
        return redirect("mentoring:mentee", mentorship.mentee_id)
    problem = str(_INVITATION_STATES.get(invitation.state, ""))
    return render(
        request,
        "mentoring/invitation.html",
        {"invitation": invitation, "problem": problem, "next": request.path},
        status=200 if not problem else 410,
    )


@login_required
@require_POST
def sharing(request, pk):
    mentorship = get_editable_or_404(
        request.user, Mentorship.objects.filter(ended_at__isnull=True), pk=pk
    )
    form = SharingForm(request.POST, prefix=f"m{mentorship.pk}")
    if form.is_valid():
        sharing_services.mentorship_set_sharing(
            mentorship=mentorship, areas=form.cleaned_data["areas"], actor=Actor.of(request)
        )
        messages.success(
            request, _("Sharing with %(mentor)s updated.") % {"mentor": mentorship.mentor}
        )
    return redirect("mentoring:index")


def _active_mentorship_for(user, pk):
    mentorship = get_object_or_404(Mentorship, pk=pk, ended_at__isnull=True)
    if user.pk not in (mentorship.mentee_id, mentorship.mentor_id):
        raise Http404("No such mentorship.")
    return mentorship


@login_required
@require_http_methods(["GET", "POST"])
def end(request, pk):
    mentorship = _active_mentorship_for(request.user, pk)
    other = mentorship.mentor if request.user.pk == mentorship.mentee_id else mentorship.mentee
    return delete_after_confirmation(
        request,
        delete=lambda: sharing_services.mentorship_end(
            mentorship=mentorship, actor=Actor.of(request)
        ),
        what=_("mentorship"),
        name=_("with %(person)s") % {"person": other},
        cancel_url=reverse("mentoring:index"),
        # the closing reflections (apps/meetings), on a page that shows nothing of the plan
        done_url=reverse("meetings:closing", args=[mentorship.pk]),
        detail=_(
            "Access to the shared plan stops at once. Comments stay with the plan; "
            "the sessions stay in the mentee's record."
        ),
        action="End",
    )


LOOK_BACK = datetime.timedelta(days=7)  # what a mentor who never marked the page sees


def _mentorship_of(user, mentee_id) -> Mentorship:
    return get_object_or_404(
        Mentorship.objects.select_related("mentee"),
        mentor=user,
        mentee_id=mentee_id,
        ended_at__isnull=True,
    )


@login_required
@require_GET
def mentee(request, user_id):
    """A mentor's view of one mentee's plan: only the areas shared with them, opening with
    what changed since they last marked it read (a GET never moves that marker)."""
    mentorship = _mentorship_of(request.user, user_id)
    owner, today, now = mentorship.mentee, timezone.localdate(), timezone.now()
    since = mentorship.mentor_looked_at or now - LOOK_BACK
    context = {
        "mentorship": mentorship,
        "owner": owner,
        "today": today,
        "now": now,
        "looked": mentorship.mentor_looked_at is not None,
        "report": selectors.since_report(
            mentorship=mentorship, viewer=request.user, since=since, today=today
        ),
        "looked_form": LookedForm(initial={"at": now.isoformat()}),
    }
    context["sections"] = []
    for area in plan_areas():  # each shared area's part, as the area declares it
        if area.mentee_template and area.shared_area in mentorship.shared_areas:
            context.update(area.mentee_context(owner=owner))
            context["sections"].append(area.mentee_template)
    return render(request, "mentoring/mentee.html", context)


@login_required
@require_POST
def mentee_looked(request, user_id):
    """ "I have read this": the news starts again from when the page was made."""
    mentorship = _mentorship_of(request.user, user_id)
    form = LookedForm(request.POST)
    at = form.cleaned_data["at"] if form.is_valid() else timezone.now()
    services.mentee_looked(mentorship=mentorship, mentor=request.user, at=at)
    messages.success(request, _("Marked as read. New changes will show from now."))
    return redirect("mentoring:mentee", user_id)


@login_required
@require_GET
def comments(request):
    return render(
        request,
        "mentoring/comments.html",
        {
            "comments": selectors.recent_comments(user=request.user),
            "shared_checkins": selectors.unread_checkins(user=request.user),
        },
    )


@login_required
@require_POST
def comments_read(request):
    """Marks comments read: those on one item (`kind` and `pk`, sent by the item's page when its
    comments are shown), or all of them."""
    form = MarkReadForm(request.POST)
    if form.is_valid() and form.cleaned_data["kind"]:
        model = commentable()[form.cleaned_data["kind"]]
        item = get_visible_or_404(request.user, model.objects.all(), pk=form.cleaned_data["pk"])
        services.notifications_mark_read(
            user=request.user,
            comments=selectors.comments_on(item=item),
            checkin=item if form.cleaned_data["kind"] == "checkin" else None,
        )
        if request.htmx:
            return render(request, "mentoring/_marked_read.html")
        return redirect(safe_next_url(request, item.get_absolute_url() + "#comments"))
    services.notifications_mark_read(user=request.user)
    messages.success(request, _("All comments marked as read."))
    return redirect("mentoring:comments")


@login_required
@require_POST
def comment_create(request, kind, pk):
    model = commentable().get(kind)
    if model is None:
        raise Http404("Comments are not possible there.")
    item = get_visible_or_404(request.user, model.objects.all(), pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write something before posting a comment."))
        return redirect(item.get_absolute_url() + "#comments")
    parent = None
    if form.cleaned_data["parent"]:  # whether the author may see it is the service's to say
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
        if parent is None:  # answered like one the author may not see
            messages.error(request, _("No such comment."))
            return redirect(item.get_absolute_url() + "#comments")
    try:
        comment = services.comment_create(
            author=request.user, item=item, body=form.cleaned_data["body"], parent=parent
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(item.get_absolute_url() + "#comments")
    return redirect(f"{item.get_absolute_url()}#comment-{comment.pk}")


def _own_comment(user, pk) -> Comment:
    return get_object_or_404(
        visible_to(user, Comment.objects.filter(author=user, deleted_at__isnull=True)), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request, pk):
    comment = _own_comment(request.user, pk)
    if not comment.can_be_edited_by(request.user):
        messages.error(request, _("Comments can be edited for 15 minutes after posting."))
        return redirect(comment.item.get_absolute_url() + f"#comment-{comment.pk}")
    form = CommentForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_update(
                comment=comment, user=request.user, body=form.cleaned_data["body"]
            )
        except PermissionDenied as error:
            messages.error(request, str(error))
        return redirect(comment.item.get_absolute_url() + f"#comment-{comment.pk}")
    return render(request, "mentoring/comment_form.html", {"form": form, "comment": comment})


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request, pk):
    comment = _own_comment(request.user, pk)
    item_url = comment.item.get_absolute_url() + "#comments"
    return delete_after_confirmation(
        request,
        delete=lambda: services.comment_delete(comment=comment, actor=Actor.of(request)),
        what=_("comment"),
        name=comment.body[:80],
        cancel_url=item_url,
        done_url=item_url,
    )


@login_required
@require_POST
def cheer(request, kind, pk):
    """A mentor's cheer on a mentee's milestone or check-in (again: taken back). The owner's
    own items answer 404 here, as anybody's they may not see."""
    model = commentable().get(kind) if kind in CHEERABLE.values() else None
    if model is None:
        raise Http404("Cheers are not possible there.")
    item = get_object_or_404(
        visible_to(request.user, model.objects.exclude(owner=request.user)), pk=pk
    )
    form = CheerForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose a reaction."))
    else:
        try:
            services.cheer_toggle(
                actor=Actor.of(request), item=item, reaction=form.cleaned_data["reaction"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(item.get_absolute_url() + "#cheers")
