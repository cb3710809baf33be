import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.checkins.models import CheckIn
from apps.core.areas import commentable
from apps.core.changes import changes_since
from apps.milestones.models import OPEN_STATUSES, Milestone, MilestoneStatus
from apps.sharing.access import visible_to
from apps.sharing.areas import SHAREABLE_AREAS
from apps.sharing.models import Mentorship
from apps.vision.models import Horizon

from .models import Cheer, Comment, Invitation, Notification, cheer_field


def commentable_kind(item) -> str:
    """The name of `item`'s kind in comment URLs ("milestone", "horizon"…)."""
    return next(name for name, model in commentable().items() if isinstance(item, model))


def pending_invitations(*, mentee) -> list[Invitation]:
    return [i for i in Invitation.objects.filter(mentee=mentee) if i.state == "pending"]


def _count(queryset, owner_field="owner"):
    """A correlated COUNT(*) over `queryset`, grouped by its owner, as a Subquery."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(owner_field).annotate(total=Count("pk")).values("total")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def mentees_of(*, mentor, today: datetime.date) -> QuerySet:
    """The mentor's active mentorships with each mentee's summary, in one query."""
    mentee = OuterRef("mentee")
    return (
        Mentorship.objects.filter(mentor=mentor, ended_at__isnull=True)
        .select_related("mentee")
        .annotate(
            north_star=Subquery(
                Horizon.objects.filter(owner=mentee, is_north_star=True).values("statement")[:1]
            ),
            overdue=_count(
                Milestone.objects.filter(
                    owner=mentee, status__in=OPEN_STATUSES, target_date__lt=today
                )
            ),
            done_recently=_count(
                Milestone.objects.filter(
                    owner=mentee,
                    status=MilestoneStatus.DONE,
                    closed_on__gte=today - datetime.timedelta(days=30),
                )
            ),
            last_checkin=Subquery(
                CheckIn.objects.filter(owner=mentee)
                .order_by("-created_at")
                .values("created_at")[:1]
            ),
            # each badge counts what it names: comments, and (apart) shared check-ins
            unread_comments=_count(
                Notification.objects.filter(
                    comment__plan_owner=mentee, recipient=mentor, read_at__isnull=True
                ),
                owner_field="recipient",
            ),
            unread_checkins=_count(
                Notification.objects.filter(
                    checkin__owner=mentee, recipient=mentor, read_at__isnull=True
                ),
                owner_field="recipient",
            ),
        )
    )


def comment_threads(*, user, item) -> list[Comment]:
    """Top-level comments on `item` with their replies, each marked unread for `user` or not."""
    unread = Exists(
        Notification.objects.filter(recipient=user, comment=OuterRef("pk"), read_at__isnull=True)
    )
    replies = Comment.objects.select_related("author").annotate(unread=unread)
    return list(
        Comment.objects.filter(
            content_type=ContentType.objects.get_for_model(item),
            object_id=item.pk,
            parent__isnull=True,
        )
        .select_related("author")
        .annotate(unread=unread)
        .prefetch_related(Prefetch("replies", queryset=replies))
    )


def cheers_on(*, item) -> list[Cheer]:
    """The cheers on a milestone or a check-in, oldest first (none on anything else)."""
    field = cheer_field(item)
    if field is None:
        return []
    return list(Cheer.objects.filter(**{field: item}).select_related("mentor"))


def comments_on(*, item) -> QuerySet:
    return Comment.objects.filter(
        content_type=ContentType.objects.get_for_model(item), object_id=item.pk
    )


def recent_comments(*, user, limit: int = 50) -> list[Comment]:
    """Comments on plans the user owns or mentors (shared areas only), newest first."""
    unread = Exists(
        Notification.objects.filter(recipient=user, comment=OuterRef("pk"), read_at__isnull=True)
    )
    return list(
        visible_comments(user)
        .select_related("author", "plan_owner", "content_type")
        .annotate(unread=unread)
        .prefetch_related("item")
        .order_by("-created_at")[:limit]
    )


@dataclass(frozen=True)
class Unread:
    """What waits for the user, each count naming what it counts."""

    comments: int  # comments on their plan or their mentees' plans
    checkins: int  # check-ins their mentees still share with them

    @property
    def total(self) -> int:
        return self.comments + self.checkins


def visible_comments(user) -> QuerySet:
    """Comments not deleted, on plans the user owns or mentors, in the areas shared with them."""
    return visible_to(user, Comment.objects.filter(deleted_at__isnull=True))


def unread(*, user) -> Unread:
    """Both counts in one query: comments not deleted, and check-ins still shared."""
    counts = Notification.objects.filter(recipient=user, read_at__isnull=True).aggregate(
        # the comments the user may still see (an unshared area takes its comments back)
        comments=Count("pk", filter=Q(comment__in=visible_comments(user))),
        checkins=Count("pk", filter=Q(checkin__isnull=False) & Q(_still_shared())),
    )
    return Unread(counts["comments"], counts["checkins"])


def _still_shared() -> Exists:
    """For a notification of a check-in: its mentee still shares check-ins with its recipient."""
    return Exists(
        Mentorship.objects.filter(
            mentee=OuterRef("checkin__owner"),
            mentor=OuterRef("recipient"),
            ended_at__isnull=True,
            share_checkins=True,
        )
    )


def shared_checkin_notifications(recipient_ids):
    """Unread notifications of check-ins still shared with their recipient (a mentee who stops
    sharing takes them back), oldest first."""
    return (
        Notification.objects.filter(
            recipient_id__in=recipient_ids, checkin__isnull=False, read_at__isnull=True
        )
        .filter(_still_shared())
        .select_related("checkin__owner")
        .order_by("created_at", "pk")
    )


def checkins_to_tell(*, recipient_ids) -> dict[int, list[CheckIn]]:
    """Each mentor's shared check-ins that no digest email told yet."""
    told = defaultdict(list)
    for notification in shared_checkin_notifications(recipient_ids).filter(emailed_at__isnull=True):
        told[notification.recipient_id].append(notification.checkin)
    return told


def unread_checkins(*, user) -> list[CheckIn]:
    """Check-ins mentees shared with the user that they have not opened yet, newest first."""
    notifications = shared_checkin_notifications([user.pk]).order_by("-created_at", "-pk")
    return [notification.checkin for notification in notifications]


@dataclass(frozen=True)
class AreaNews:
    label: str
    changes: list


@dataclass(frozen=True)
class SinceReport:
    """What changed in the areas a mentee shares with her mentor between two moments: the
    agenda of a session, and the mentor's "since you last looked"."""

    since: datetime.datetime
    until: datetime.datetime | None
    news: list[AreaNews]  # each shared area's changes, newest first
    checkins: list[CheckIn]  # the check-ins of the period, oldest first
    trend: dict  # {"north_star": "up"|"down"|"steady", "career": …} against the ones before
    overdue: list[Milestone]
    waiting_comments: list[Comment]  # comments still waiting for the viewer's answer

    @property
    def is_empty(self) -> bool:
        return not (self.news or self.checkins or self.overdue or self.waiting_comments)


def _direction(now: list[int], before: list[int]) -> str:
    if not now or not before:
        return ""
    change = sum(now) / len(now) - sum(before) / len(before)
    return "up" if change >= 0.5 else "down" if change <= -0.5 else "steady"


def since_report(
    *, mentorship: Mentorship, viewer, since: datetime.datetime, until=None, today=None
) -> SinceReport:
    """The news of `mentorship`'s shared areas from `since` (to `until`, or now), as `viewer`
    (either side) may see it; an area that is not shared shows nothing, whoever looks."""
    shared = mentorship.shared_areas
    mentee_id = mentorship.mentee_id
    changes = [
        change
        for change in changes_since(
            owner_id=mentee_id, since=since, areas=shared, viewer_id=viewer.pk
        )
        if until is None or change.when <= until
    ]
    if "checkins" in shared:  # the check-ins themselves are listed apart, with their trend
        changes = [c for c in changes if not (c.area == "checkins" and c.by is None)]
    news = [
        AreaNews(area.label, [change for change in changes if change.area == area.key])
        for area in SHAREABLE_AREAS
        if any(change.area == area.key for change in changes)
    ]
    checkins, trend = [], {}
    if "checkins" in shared:
        period = CheckIn.objects.filter(owner_id=mentee_id, created_at__gt=since)
        if until is not None:
            period = period.filter(created_at__lte=until)
        checkins = list(period.order_by("created_at"))
        before = list(
            CheckIn.objects.filter(owner_id=mentee_id, created_at__lte=since)
            .order_by("-created_at")
            .values_list("north_star_progress", "job_or_career")[:3]
        )
        trend = {
            "north_star": _direction(
                [c.north_star_progress for c in checkins], [b[0] for b in before]
            ),
            "career": _direction([c.job_or_career for c in checkins], [b[1] for b in before]),
        }
    overdue = []
    if "milestones" in shared:
        today = today or timezone.localdate()
        overdue = list(
            Milestone.objects.filter(
                owner_id=mentee_id, status__in=OPEN_STATUSES, target_date__lt=today
            ).order_by("target_date", "pk")[:20]
        )
    waiting = list(
        visible_comments(viewer)
        .filter(
            plan_owner_id=mentee_id,
            notifications__recipient=viewer,
            notifications__read_at__isnull=True,
        )
        .select_related("author")
        .prefetch_related("item")
        .order_by("created_at", "pk")[:20]
    )
    return SinceReport(since, until, news, checkins, trend, overdue, waiting)
