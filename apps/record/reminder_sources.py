"""The year in review (apps/reminders/kinds.py finds this module): in December, one email with
the year's brag document in short and a link to make it, once a year, to people whose plan
holds something of that year."""

import datetime
from urllib.parse import urlencode

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.checkins.models import CheckIn
from apps.core.i18n import speaking
from apps.milestones.models import Milestone, MilestoneStatus
from apps.reminders.kinds import Due, Kind, Source, Watch, register
from apps.reminders.moments import Next, Person, url_for

from .selectors import year_in_brief

YEAR_REVIEW = "year_review"
DAY = 15  # of December: the year is nearly all there, the holidays not yet begun


def load(found: dict[int, Person], now, chosen) -> None:
    """Who has something of this year in their plan: a milestone done or a check-in."""
    ids = list(found) if chosen is None else [user_id for user_id in chosen if user_id in found]
    if not ids:
        return
    start = datetime.date(now.year, 1, 1)
    busy = set(
        Milestone.objects.filter(
            owner_id__in=ids, status=MilestoneStatus.DONE, closed_on__gte=start
        ).values_list("owner_id", flat=True)
    ) | set(
        CheckIn.objects.filter(Q(created_at__date__gte=start), owner_id__in=ids).values_list(
            "owner_id", flat=True
        )
    )
    for user_id in busy:
        found[user_id].facts[SOURCE.key] = True


def next_of(person: Person, _, now, last: str) -> Next | None:
    if not person.wants(YEAR_REVIEW) or not person.facts.get(SOURCE.key):
        return None
    year = person.today(now).year
    if last == f"{YEAR_REVIEW}|year:{year}":
        return None  # sent this year; next year's plan will queue it again
    query = urlencode(
        {
            "purpose": "my_review",
            "period": "dates",
            "start": f"{year}-01-01",
            "end": f"{year}-12-31",
        }
    )
    with speaking(person.user):  # the owner's email: its subject in their language
        subject = gettext("Your %(year)s in review") % {"year": year}
    due = Due(
        user_id=person.user.pk,
        kind=YEAR_REVIEW,
        period=f"year:{year}",
        subject=subject,
        url=f"{url_for('record:create')}?{query}",
    )
    return Next(person.at(datetime.date(year, 12, DAY)), due)


def details(*, user, period: str) -> list[str]:
    return year_in_brief(owner=user, year=int(period.removeprefix("year:")))


SOURCE = register(
    Source(
        key="year_review",
        order=60,
        kinds=(
            Kind(
                key=YEAR_REVIEW,
                label=_("Your year in review"),
                rule=_(
                    "Once a year, on 15 December: the year's brag document in short, with a "
                    "link to make the whole document."
                ),
                setting="year_review",
                off=False,
                button=_("Make your brag document of the year"),
                importance=80,
                form_fields=("year_review",),
                details=details,
            ),
        ),
        load=load,
        next_of=next_of,
        # a milestone closed or a check-in made: this year has something to review now
        watches=(
            Watch("milestones_milestone", "owner_id", ("closed_on",)),
            Watch("checkins_checkin", "owner_id", ()),
        ),
    )
)
