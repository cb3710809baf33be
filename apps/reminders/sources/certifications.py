"""Certifications expiring: once each at 60, 30 and 7 days before a certification expires."""

import datetime
from typing import NamedTuple

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import local_date
from apps.learning.models import LearningItem, LearningKind

from .. import schedule
from ..kinds import Due, Kind, Source, Watch, register
from ..moments import Next, Person, url_for

CERTIFICATION = "certification"


class CertificationRow(NamedTuple):
    pk: int
    owner_id: int
    title: str
    expires_on: datetime.date


def load(found: dict[int, Person], now, chosen) -> None:
    """Each user's certifications that have not expired (a day's grace for time zones)."""
    rows = LearningItem.objects.filter(
        owner_id__in=list(found),
        kind=LearningKind.CERTIFICATION,
        expires_on__gte=now.date() - datetime.timedelta(days=1),
    )
    if chosen is not None:
        rows = rows.filter(pk__in=chosen)
    for row in rows.values_list(*CertificationRow._fields):
        row = CertificationRow(*row)
        found[row.owner_id].objects.setdefault(SOURCE.key, []).append(row)


def next_of(person: Person, item: CertificationRow, now, last: str) -> Next | None:
    if not person.wants(CERTIFICATION):
        return None
    base = f"certification:{item.pk}:{item.expires_on}:"
    done = int(last.rsplit(":", 1)[1]) if last.startswith(f"{CERTIFICATION}|{base}") else None
    if (item.expires_on - person.today(now)).days < 0:
        return None
    reached = schedule.certification_threshold(expires_on=item.expires_on, today=person.today(now))
    for threshold in schedule.CERTIFICATION_THRESHOLDS:  # 60, 30, 7: the first not yet behind
        if done is not None and threshold >= done:
            continue
        if reached is not None and threshold > reached:
            continue
        due = Due(
            user_id=person.user.pk,
            kind=CERTIFICATION,
            period=f"{base}{threshold}",
            subject=gettext("%(title)s expires on %(date)s")
            % {"title": item.title, "date": local_date(item.expires_on, "d M Y")},
            url=url_for("learning:item_detail", item.pk),
        )
        return Next(person.at(item.expires_on - datetime.timedelta(days=threshold)), due)
    return None


SOURCE = register(
    Source(
        key="certification",
        order=40,
        per_row=True,
        kinds=(
            Kind(
                key=CERTIFICATION,
                label=_("Certifications expiring"),
                rule=_("Once each at 60, 30 and 7 days before a certification expires."),
                setting="certification",
                off=False,
                button=_("Open the certification"),
                importance=50,
                form_fields=("certification",),
            ),
        ),
        load=load,
        next_of=next_of,
        watches=(Watch("learning_learningitem", "owner_id", ("kind", "expires_on", "owner_id")),),
    )
)
