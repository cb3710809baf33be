import datetime
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from apps.accounts import audit
from apps.accounts.audit import Actor, record_deleted
from apps.accounts.models import SecurityEventKind
from apps.checkins.models import CheckIn
from apps.core.cache import plan_changed
from apps.core.i18n import language_of, local_date
from apps.core.ownership import owner_id_of, owner_of
from apps.core.tokens import hash_token
from apps.milestones.models import MilestoneStatus
from apps.sharing.access import mentors_sharing, visible_to
from apps.sharing.areas import shared_area
from apps.sharing.models import Mentorship

from .models import Cheer, Comment, Invitation, Notification, Reaction, cheer_field


class InvitationProblem(Exception):
    """Why an invitation link cannot be used; the message is shown to the person holding it."""


INVITATION_SUBJECT = gettext_lazy("An invitation to mentor someone on careerbuilder")


@transaction.atomic
def invitation_create(*, mentee, email: str, site_url: str, actor: Actor) -> Invitation:
    """Invites `email` to mentor `mentee`, and emails them a single-use link that expires.

    Atomic: an email that cannot be sent leaves no invitation behind. The subject holds no
    text a user wrote; the body names the inviter by their verified address. The invitee may
    have no account yet: the email speaks the mentee's language."""
    email = email.strip().lower()
    if email == mentee.email.lower():
        raise ValidationError(gettext("You cannot be your own mentor."))
    if Mentorship.objects.filter(
        mentee=mentee, mentor__email__iexact=email, ended_at__isnull=True
    ).exists():
        raise ValidationError(gettext("This person already mentors you."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        mentee=mentee,
        email=email,
        token_hash=hash_token(token),
        expires_at=Invitation.default_expiry(),
    )
    link = site_url.rstrip("/") + reverse("mentoring:invitation", args=[token])
    with translation.override(language_of(mentee)):
        context = {
            "invitation": invitation,
            "mentee": mentee,
            "link": link,
            "expires_on": local_date(timezone.localtime(invitation.expires_at), "j F Y"),
        }
        subject = f"[careerbuilder] {INVITATION_SUBJECT}"
        message = render_to_string("emails/invitation.txt", context, using="jinja2")
        html_message = render_to_string("emails/invitation.html", context, using="jinja2")
    send_mail(
        subject=subject,
        message=message,
        html_message=html_message,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
    audit.record(
        kind=SecurityEventKind.SHARING_CHANGED,
        actor=actor,
        detail=f"Invited {invitation.email} to mentor you",
    )
    return invitation


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, actor: Actor) -> None:
    if invitation.state == "pending":
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])
        audit.record(
            kind=SecurityEventKind.SHARING_CHANGED,
            actor=actor,
            detail=f"Cancelled the invitation to {invitation.email}",
        )


def invitation_for_token(token: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("mentee").filter(token_hash=hash_token(token)).first()
    )
    if invitation is None:
        raise InvitationProblem(gettext("This invitation link is not valid. Ask for a new one."))
    return invitation


def _check_usable(invitation: Invitation, user) -> None:
    state = invitation.state
    if state == "accepted":
        raise InvitationProblem(gettext("This invitation has already been used."))
    if state == "cancelled":
        raise InvitationProblem(
            gettext("%(mentee)s cancelled this invitation.") % {"mentee": invitation.mentee}
        )
    if state == "expired":
        raise InvitationProblem(
            gettext("This invitation expired. Ask %(mentee)s to send a new one.")
            % {"mentee": invitation.mentee}
        )
    if user.pk == invitation.mentee_id:
        raise InvitationProblem(gettext("You cannot accept your own invitation."))
    verified = user.emailaddress_set.filter(email__iexact=invitation.email, verified=True)
    if not verified.exists():
        raise InvitationProblem(
            gettext(
                "This invitation was sent to %(invited)s, but you are signed in as %(email)s. "
                "Sign in with the invited address to accept it."
            )
            % {"invited": invitation.email, "email": user.email}
        )


@transaction.atomic
def invitation_accept(*, token: str, actor: Actor) -> Mentorship:
    """Turns a pending invitation into a mentorship; every link works once. The mentee's
    security log says who accepted."""
    user = actor.user
    invitation = invitation_for_token(token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_usable(invitation, user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    mentorship, _ = Mentorship.objects.get_or_create(
        mentee=invitation.mentee, mentor=user, ended_at=None
    )
    audit.record(
        user=mentorship.mentee,
        kind=SecurityEventKind.SHARING_CHANGED,
        actor=actor,
        detail=f"{user.email} accepted your invitation and now mentors you",
    )
    return mentorship


def _recipients(comment: Comment) -> set[int]:
    """The mentee and every mentor who can see the item now, except the author."""
    mentors = mentors_sharing(comment.plan_owner_id, comment.area)
    return ({comment.plan_owner_id} | set(mentors)) - {comment.author_id}


@transaction.atomic
def comment_create(*, author, item, body: str, parent: Comment | None = None) -> Comment:
    """Comments on a plan item the author may see, or replies to a comment they may see."""
    if not visible_to(author, type(item).objects.filter(pk=item.pk)).exists():
        raise PermissionDenied(gettext("Comments are only possible on plan items you may see."))
    if parent is not None and not visible_to(author, Comment.objects.filter(pk=parent.pk)).exists():
        raise ValidationError({"parent": gettext("No such comment.")})
    if parent is not None:
        if parent.parent_id is not None:
            parent = parent.parent  # one level of replies: answer the thread
        if (parent.content_type_id, parent.object_id) != (
            ContentType.objects.get_for_model(item).pk,
            item.pk,
        ):
            raise ValidationError(gettext("A reply belongs to the same item as its comment."))
    comment = Comment(
        plan_owner=owner_of(item),
        author=author,
        item=item,
        area=shared_area(type(item)),
        parent=parent,
        body=body,
    )
    comment.full_clean()
    comment.save()
    recipients = _recipients(comment)
    Notification.objects.bulk_create(
        [Notification(recipient_id=user_id, comment=comment) for user_id in recipients]
    )
    for user_id in recipients:  # bulk_create sends no post_save: their unread counts change
        plan_changed(owner_id=user_id)
    _answered(author=author, item=item)
    return comment


def _answered(*, author, item) -> None:
    """Answering an item reads what was waiting on it: the author's unread news of its comments,
    and of the item itself when it is a shared check-in (no digest offers "Answer" on it again)."""
    content_type = ContentType.objects.get_for_model(item)
    on_item = Q(comment__content_type=content_type, comment__object_id=item.pk)
    if content_type.model_class() is CheckIn:
        on_item |= Q(checkin_id=item.pk)
    read = Notification.objects.filter(on_item, recipient=author, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if read:
        plan_changed(owner_id=author.pk)


def comment_update(*, comment: Comment, user, body: str) -> Comment:
    if not comment.can_be_edited_by(user):
        raise PermissionDenied(gettext("Comments can be edited by their author for 15 minutes."))
    stored = Comment.objects.filter(pk=comment.pk).values_list("body", flat=True).first()
    if body == stored:  # saved as it was: not an edit (a ModelForm may have set it already)
        return comment
    comment.body = body
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, actor: Actor) -> None:
    """The author deletes; a comment with replies stays as "deleted" so the thread still reads."""
    if actor.user is None or comment.author_id != actor.user.pk:
        raise PermissionDenied
    record_deleted(actor=actor, what="comment", name=comment.body[:80])
    if comment.replies.exists():
        comment.body = ""
        comment.deleted_at = timezone.now()
        comment.save(update_fields=["body", "deleted_at"])
        comment.notifications.all().delete()
    else:
        comment.delete()


def checkin_notify(*, checkin) -> None:
    """Tells the mentors the owner shares check-ins with: in the app, and in their digest."""
    mentors = list(mentors_sharing(checkin.owner_id, "checkins"))
    Notification.objects.bulk_create(
        [Notification(recipient_id=mentor_id, checkin=checkin) for mentor_id in mentors],
        ignore_conflicts=True,
    )
    for mentor_id in mentors:  # bulk_create sends no post_save: their unread counts change
        plan_changed(owner_id=mentor_id)


def notifications_mark_read(*, user, comments=None, checkin=None) -> int:
    """Marks read the user's notifications: of `comments` (and of `checkin`), or all."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if comments is not None:
        about = Q(comment__in=comments)
        if checkin is not None:
            about |= Q(checkin=checkin)
        unread = unread.filter(about)
    marked = unread.update(read_at=timezone.now())
    if marked:
        plan_changed(owner_id=user.pk)  # unread counts show in the user's cached pages
    return marked


def mentee_looked(*, mentorship: Mentorship, mentor, at: datetime.datetime) -> None:
    """Moves the mentor's "since you last looked" to `at` (when the page they read was made,
    so nothing that came while they read is skipped); never back, never into the future."""
    if mentorship.mentor_id != mentor.pk or mentorship.ended_at is not None:
        raise PermissionDenied
    at = min(at, timezone.now())
    Mentorship.objects.filter(pk=mentorship.pk).filter(
        Q(mentor_looked_at__isnull=True) | Q(mentor_looked_at__lt=at)
    ).update(mentor_looked_at=at)


@transaction.atomic
def cheer_toggle(*, actor: Actor, item, reaction: str) -> Cheer | None:
    """A mentor cheers a mentee's milestone done, or any of her check-ins, that he may see: the
    same reaction again takes the cheer back, another one replaces it. Returns the cheer, or
    None once taken back. Nobody cheers their own plan."""
    mentor = actor.user
    field = cheer_field(item)
    if field is None:
        raise ValidationError(gettext("Only a milestone or a check-in can be cheered."))
    if mentor is None or owner_id_of(item) == mentor.pk:
        raise PermissionDenied(gettext("Cheers come from the mentors who see the plan."))
    seen = visible_to(mentor, type(item).objects.filter(pk=item.pk))
    item = seen.select_for_update(of=("self",)).first()  # one answer at a time per item
    if item is None:
        raise PermissionDenied(gettext("Cheers are only possible on plan items you may see."))
    if field == "milestone" and item.status != MilestoneStatus.DONE:
        raise ValidationError(gettext("A milestone is cheered once it is done."))
    if reaction not in Reaction.values:
        raise ValidationError({"reaction": gettext("Choose one of the reactions.")})
    cheer = Cheer.objects.filter(mentor=mentor, **{field: item}).first()
    if cheer is not None and cheer.reaction == reaction:
        cheer.delete()
        return None
    if cheer is None:
        cheer = Cheer(owner_id=owner_id_of(item), mentor=mentor, **{field: item})
    cheer.mentor_name = mentor.get_full_name()
    cheer.reaction = reaction
    cheer.full_clean()
    cheer.save()
    return cheer
