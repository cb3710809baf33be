"""Reads of the career record: the periods people choose, the evidence of one, and a version
grouped by horizon or by value as the document shows it."""

import datetime
import re
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Q, Sum
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from apps.checkins.models import CheckIn
from apps.core.areas import evidence_of
from apps.core.i18n import speaking
from apps.core.limits import NAME_LENGTH
from apps.core.text import shorten
from apps.learning.models import LearningItem, LearningStatus
from apps.milestones.models import Milestone, MilestoneKind, MilestoneStatus
from apps.network.models import Interaction
from apps.sharing.access import visible_to
from apps.sharing.models import Mentorship
from apps.vision.models import Horizon, HorizonYears, Value

from . import render
from .models import LINE_LENGTH, BragDocument, BragVersion

PERIODS = {  # the periods offered, in days back from today (dates: chosen by hand)
    "quarter": (gettext_lazy("The last quarter"), 91),
    "half": (gettext_lazy("The last half-year"), 182),
    "year": (gettext_lazy("The last year"), 365),
}


def period_dates(period: str, *, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a period offered, ending today."""
    return today - datetime.timedelta(days=PERIODS[period][1] - 1), today


def evidence_lines(*, owner, start: datetime.date, end: datetime.date) -> list[dict]:
    """Every area's evidence of the period as a document's lines (plain JSON, as a version
    keeps them), each naming the owner's values its text or its area names."""
    values = list(Value.objects.filter(owner=owner).values_list("name", flat=True))
    patterns = {  # a value named as a word of its own ("C++" too), whatever its case
        name: re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE) for name in values
    }
    lines = []
    for evidence in evidence_of(owner=owner, start=start, end=end):
        text = one_line(evidence.text, LINE_LENGTH)
        named = [name for name, pattern in patterns.items() if pattern.search(text)]
        lines.append(
            {
                "key": evidence.key,
                "day": evidence.day.isoformat(),
                "heading": one_line(str(evidence.heading), NAME_LENGTH),
                "text": text,
                "url": evidence.url,
                "horizon": evidence.horizon,
                "values": sorted(set(named) | set(evidence.values), key=_rank(values)),
                "included": True,
            }
        )
    return lines


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def one_line(text: str, length: int) -> str:
    """Text of the plan as one line of a document: its line breaks as spaces, no control
    character, cut at a word with "…" past `length` (a reflection can be longer than a line)."""
    return shorten(_CONTROL.sub(" ", text), length)


def _rank(values: list[str]):
    return lambda name: values.index(name) if name in values else len(values)


@dataclass
class Group:
    """Lines of a document under one heading: a horizon, a value, or the rest."""

    title: str
    detail: str = ""
    lines: list[dict] = field(default_factory=list)


def grouped(version: BragVersion, *, by: str = "horizon") -> list[Group]:
    """The version's included lines, grouped by the horizon they serve (nearest first) or by
    the values they name (most important first; a line naming two is under both), then the
    lines toward none, each group in the order the owner gave its lines."""
    owner_id = version.document.owner_id
    lines = version.included
    groups: list[Group] = []
    if by == "value":
        for value in Value.objects.filter(owner_id=owner_id):
            group = Group(value.name, value.meaning)
            group.lines = [line for line in lines if value.name in line.get("values", [])]
            groups.append(group)
        rest = [line for line in lines if not line.get("values")]
    else:
        statements = {
            horizon.years: horizon
            for horizon in Horizon.objects.filter(owner_id=owner_id).exclude(statement="")
        }
        for years, label in HorizonYears.choices:
            horizon = statements.get(years)
            group = Group(
                _("%(span)s horizon") % {"span": label}, horizon.statement if horizon else ""
            )
            group.lines = [line for line in lines if line.get("horizon") == years]
            groups.append(group)
        rest = [line for line in lines if line.get("horizon") not in HorizonYears.values]
    groups.append(Group(_("Other evidence") if by == "value" else _("Toward no horizon"), "", rest))
    return [group for group in groups if group.lines]


def documents_of(*, user):
    """The documents the user may read: their own, and those mentees share with them."""
    return visible_to(user, BragDocument.objects.all()).select_related("owner")


def latest_version(document: BragDocument) -> BragVersion | None:
    return document.versions.first()


def active_mentorships(*, owner):
    """The owner's mentorships now: what a document can be shared through."""
    return Mentorship.objects.filter(mentee=owner, ended_at__isnull=True).select_related("mentor")


def printable(version: BragVersion, *, by: str = "horizon") -> render.Document:
    """The version as a document to write out (apps/record/render.py)."""
    document = version.document
    subtitle = _("%(purpose)s · %(start)s to %(end)s · version %(number)d of %(saved)s") % {
        "purpose": document.get_purpose_display(),
        "start": render.month_year(document.period_start),
        "end": render.month_year(document.period_end),
        "number": version.number,
        "saved": date_format(timezone.localtime(version.saved_at), "DATE_FORMAT"),
    }
    return render.Document(
        title=document.title,
        subtitle=subtitle,
        sections=[
            render.Section(
                heading=group.title,
                intro=group.detail,
                entries=[
                    render.Entry(
                        text=line["text"],
                        detail=f"{render.month_year(line['day'])}, {line['heading']}",
                        url=render.absolute(line["url"]),
                    )
                    for line in group.lines
                ],
            )
            for group in grouped(version, by=by)
        ],
    )


TREND = gettext_noop(
    "Check-ins: %(count)d; “job or career?” went from %(first)s to %(second)s, %(trend)s."
)


def _one_decimal(number: float) -> str:
    """A mean as the reader writes numbers: "3.5", "3,5"."""
    return number_format(Decimal(f"{number:.1f}"), decimal_pos=1)  # rounded, as "%.1f" is


def _trend(first: float | None, second: float | None) -> str:
    if first is None or second is None:
        return ""
    if second - first >= 0.5:
        return _("trending up")
    if first - second >= 0.5:
        return _("trending down")
    return _("steady")


def year_in_brief(*, owner, year: int) -> list[str]:
    """The year's brag document in short, for the year-in-review email: counts and words only
    (no text of the owner's, so nothing of theirs reaches an email's layout or headers). Days
    are the owner's, as on the document's page, wherever it is worked out (the dispatcher's
    own zone is UTC), its words in the owner's language."""
    with timezone.override(zoneinfo.ZoneInfo(owner.time_zone)), speaking(owner):
        return _year_in_brief(owner, year)


def _year_in_brief(owner, year: int) -> list[str]:
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    done = Milestone.objects.filter(
        owner=owner, status=MilestoneStatus.DONE, closed_on__range=(start, end)
    ).aggregate(count=Count("pk"), stretch=Count("pk", filter=Q(kind=MilestoneKind.CHALLENGE)))
    learning = LearningItem.objects.filter(
        owner=owner, status=LearningStatus.DONE, finished_on__range=(start, end)
    ).aggregate(count=Count("pk"), hours=Sum("hours_spent"))
    met = Interaction.objects.filter(contact__owner=owner, date__range=(start, end)).aggregate(
        count=Count("pk"), people=Count("contact", distinct=True)
    )
    checkins = CheckIn.objects.filter(owner=owner, created_at__date__range=(start, end))
    halves = [
        checkins.filter(created_at__month__lte=6).aggregate(mean=Avg("job_or_career"))["mean"],
        checkins.filter(created_at__month__gt=6).aggregate(mean=Avg("job_or_career"))["mean"],
    ]
    said = [
        ngettext(
            "Milestones done: %(count)d, %(stretch)d of them stretch challenges.",
            "Milestones done: %(count)d, %(stretch)d of them stretch challenges.",
            done["count"],
        )
        % done,
        ngettext(
            "Learning finished: %(count)d item, %(hours)s hours.",
            "Learning finished: %(count)d items, %(hours)s hours.",
            learning["count"],
        )
        % {
            "count": learning["count"],
            "hours": f"{(learning['hours'] or Decimal(0)).normalize():f}",
        },
        ngettext(
            "Conversations with your network: %(count)d, with %(people)d person.",
            "Conversations with your network: %(count)d, with %(people)d people.",
            met["people"],
        )
        % met,
    ]
    count = checkins.count()
    if count and (trend := _trend(*halves)):
        said.append(
            _(TREND)
            % {
                "count": count,
                "first": _one_decimal(halves[0]),
                "second": _one_decimal(halves[1]),
                "trend": trend,
            }
        )
    elif count:
        mean = next(half for half in halves if half is not None)
        said.append(
            _("Check-ins: %(count)d; “job or career?” was %(mean)s out of 5 on average.")
            % {"count": count, "mean": _one_decimal(mean)}
        )
    else:
        said.append(_("Check-ins: none this year."))
    return said
