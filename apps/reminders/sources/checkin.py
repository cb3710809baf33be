"""Check-in reminders: on the user's check-in day, at their reminder hour, unless they checked
in during that period. A mentor with no plan of his own gets none until he writes a horizon or
sets his check-in rhythm: his emails are about his mentees."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Exists, Max, OuterRef
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.checkins.models import CheckIn, CheckInRhythm
from apps.sharing.models import Mentorship
from apps.vision.models import Horizon

from .. import schedule
from ..kinds import Due, Kind, Source, Watch, register
from ..moments import Next, Person, url_for

CHECKIN = "checkin"
LOOK_BACK = datetime.timedelta(days=62)  # longer than the longest period (monthly)
NOT_STARTED = "checkin_not_started"


def not_started(user_ids) -> set[int]:
    """Of these users, those whose own check-ins have not started: they mentor someone, have
    written no horizon, and never set their check-in rhythm."""
    user = OuterRef("pk")
    return set(
        get_user_model()
        .objects.filter(pk__in=user_ids)
        .filter(Exists(Mentorship.objects.filter(mentor=user, ended_at__isnull=True)))
        .exclude(Exists(Horizon.objects.filter(owner=user).exclude(statement="")))
        .exclude(Exists(CheckInRhythm.objects.filter(user=user)))
        .values_list("pk", flat=True)
    )


def unanswered(*, slot: datetime.datetime, cadence: str, last: datetime.datetime | None) -> bool:
    """Whether the check-in due at `slot` is still waiting: nothing was checked in (`last`, the
    latest check-in) during its period. The reminder and the Today list both ask this."""
    period_start = slot - datetime.timedelta(days=schedule.PERIOD_DAYS[cadence] - 1)
    return last is None or last < period_start


def load(found: dict[int, Person], now, chosen) -> None:
    """When each user last checked in (within the longest period)."""
    ids = list(found) if chosen is None else [user_id for user_id in chosen if user_id in found]
    if not ids:
        return
    for owner_id, latest in (
        CheckIn.objects.filter(owner_id__in=ids, created_at__gte=now - LOOK_BACK)
        .values_list("owner_id")
        .annotate(latest=Max("created_at"))
    ):
        found[owner_id].facts[CHECKIN] = latest
    for user_id in not_started(ids):
        found[user_id].facts[NOT_STARTED] = True


def next_of(person: Person, _, now, last: str) -> Next | None:
    if not person.wants(CHECKIN) or person.facts.get(NOT_STARTED):
        return None
    rhythm = person.rhythm
    cadence, weekday, hour = rhythm.checkin_cadence, rhythm.checkin_weekday, rhythm.checkin_hour
    slot = schedule.latest_checkin_slot(
        now=now, tz=person.tz, cadence=cadence, weekday=weekday, hour=hour
    )
    if slot is not None and slot >= person.user.date_joined:
        found = _at(person, slot)
        answered = not unanswered(slot=slot, cadence=cadence, last=person.facts.get(CHECKIN))
        if not answered and found.mark != last:
            return found
    slot = schedule.next_checkin_slot(
        now=now, tz=person.tz, cadence=cadence, weekday=weekday, hour=hour
    )
    return _at(person, slot) if slot else None


def _at(person: Person, slot: datetime.datetime) -> Next:
    due = Due(
        user_id=person.user.pk,
        kind=CHECKIN,
        period=schedule.checkin_period(slot),
        subject=gettext("Time for your check-in: job or career?"),
        url=url_for("checkins:create"),
    )
    return Next(person.release(slot), due)


SOURCE = register(
    Source(
        key="checkin",
        order=10,
        kinds=(
            Kind(
                key=CHECKIN,
                label=_("Check-in reminders"),
                rule=_(
                    "On your check-in day, from your reminder hour, unless you have checked in "
                    "during that period."
                ),
                setting="checkin_cadence",
                off="off",
                on_rhythm=True,  # switched on the check-in rhythm's own form
                button=_("Check in now"),
                importance=20,
            ),
        ),
        load=load,
        next_of=next_of,
        # a horizon written, a mentorship begun or ended: whether his check-ins have started
        watches=(
            Watch("vision_horizon", "owner_id", ("statement", "owner_id")),
            Watch("sharing_mentorship", "mentor_id", ("ended_at", "mentor_id")),
        ),
    )
)
