"""The mentor comment digest: once per day or week while mentors' comments, or mentees' shared
check-ins, wait unread."""

from django.db.models import Count, F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.mentoring.models import Notification

from .. import schedule
from ..kinds import Due, Kind, Source, Watch, register
from ..models import DigestCadence
from ..moments import Next, Person, url_for

COMMENTS = "comments"


def load(found: dict[int, Person], now, chosen) -> None:
    """Whether anything waits unread and unmailed for each user, and what: comments on their own
    plan, comments on their mentees' plans, or only mentees' check-ins."""
    ids = list(found) if chosen is None else [user_id for user_id in chosen if user_id in found]
    if not ids:
        return
    for recipient_id, comments, own in (
        Notification.objects.filter(
            recipient_id__in=ids, read_at__isnull=True, emailed_at__isnull=True
        )
        .values("recipient_id")
        .annotate(
            comments=Count("comment"),
            own=Count("comment", filter=Q(comment__plan_owner_id=F("recipient_id"))),
        )
        .values_list("recipient_id", "comments", "own")
    ):
        found[recipient_id].facts[SOURCE.key] = {
            "only_checkins": not comments,
            "own": bool(own),
            "mentees": comments > own,
        }


def _subject(waiting: dict) -> str:
    """Says whose plan the news is about: a mentor with no plan of his own gets no "your plan"."""
    if waiting["only_checkins"]:
        return gettext("New check-ins from the people you mentor")
    if waiting["own"] and waiting.get("mentees"):
        return gettext("New comments on your plan and your mentees' plans")
    if waiting["own"]:
        return gettext("New comments on your plan")
    return gettext("New comments on your mentees' plans")


def next_of(person: Person, _, now, last: str) -> Next | None:
    cadence = person.preference.comments
    waiting = person.facts.get(SOURCE.key)
    if waiting is None or cadence == DigestCadence.OFF:
        return None
    day = person.today(now)
    period = schedule.digest_period(local_now=day, cadence=cadence)
    if last == f"{COMMENTS}|comments:{period}":
        day = schedule.next_digest_day(day=day, cadence=cadence)
        period = schedule.digest_period(local_now=day, cadence=cadence)
    due = Due(
        user_id=person.user.pk,
        kind=COMMENTS,
        period=f"comments:{period}",
        subject=_subject(waiting),
        url=url_for("mentoring:comments"),
    )
    return Next(person.at(day), due)


SOURCE = register(
    Source(
        key="digest",
        order=50,
        kinds=(
            Kind(
                key=COMMENTS,
                label=_("Mentor comment digest"),
                rule=_("Once per day or week while mentors' comments wait unread."),
                setting="comments",
                off=DigestCadence.OFF,
                button=_("Read the comments"),
                importance=60,
                form_fields=("comments",),
            ),
        ),
        load=load,
        next_of=next_of,
        watches=(Watch("mentoring_notification", "recipient_id", ()),),
    )
)
