"""What the last check-in asks for today: the next step it committed to, until it is done or the
next check-in answers it."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.i18n import local_date
from apps.core.today import TodayItem, TodaySource, register

from . import services
from .models import CheckIn


def _open_commitment(owner) -> CheckIn | None:
    latest = CheckIn.objects.filter(owner=owner).select_related("next_step_milestone").first()
    if latest is None or not latest.next_step.strip() or latest.next_step_done_on is not None:
        return None
    return latest


def items(*, owner, today, now) -> list[TodayItem]:
    checkin = _open_commitment(owner)
    if checkin is None:
        return []
    milestone = checkin.next_step_milestone
    return [
        TodayItem(
            key=f"commitment:{checkin.pk}",
            label=_("Your next step"),
            title=checkin.next_step.strip(),
            url=(
                milestone.get_absolute_url()
                if milestone
                else reverse("checkins:detail", args=[checkin.pk])
            ),
            due_on=checkin.created_at.date(),
            detail=gettext("committed to in your check-in of %(date)s")
            % {"date": local_date(checkin.created_at.date(), "j M")},
            done_label=_("Done"),
        )
    ]


def done(*, owner, reference, data, today, now) -> str:
    checkin = _open_commitment(owner)
    if checkin is None or str(checkin.pk) != reference:
        raise CheckIn.DoesNotExist
    services.checkin_next_step_done(checkin=checkin, on=today)
    return gettext("Done: %(step)s. Your next check-in will ask for the next one.") % {
        "step": checkin.next_step.strip()
    }


SOURCE = register(TodaySource(key="commitment", order=20, items=items, done=done))
