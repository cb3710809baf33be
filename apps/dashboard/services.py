import datetime

import redis
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from apps.core.cache import plan_changed
from apps.core.today import today_source
from apps.reminders.selectors import dispatcher_health

from . import selectors
from .models import SetupSkip, TodaySnooze


def health_check() -> dict[str, str]:
    """Checks each backing service the app needs; a value other than "ok" names the failure."""
    status = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        status["database"] = "ok"
    except Exception as error:  # any failure here means the database is not usable
        status["database"] = f"error: {error.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2
            )
            client.ping()
            status["redis"] = "ok"
        except redis.RedisError as error:
            status["redis"] = f"error: {error.__class__.__name__}"
    if status["database"] == "ok":
        status["reminders"] = dispatcher_health(timezone.now())
    return status


def setup_step_skip(*, owner, step: str) -> None:
    SetupSkip.objects.get_or_create(owner=owner, step=step)


SNOOZE_DAYS_AT_MOST = 366


class TodayItemGone(Exception):
    """The item is not (or no longer) on the user's list: done already, or never theirs."""


@transaction.atomic
def today_item_done(*, owner, key: str, data, today: datetime.date, now: datetime.datetime) -> str:
    """Answers an item of the Today list by its source's one-tap action (the same service the
    item's own page calls); returns what to tell the user. ValidationError: a bad answer."""
    source_key, _sep, reference = key.partition(":")
    source = today_source(source_key)
    if source is None or source.done is None or not reference:
        raise TodayItemGone(key)
    try:
        message = source.done(owner=owner, reference=reference, data=data, today=today, now=now)
    except (ObjectDoesNotExist, ValueError) as error:  # not theirs, done already, a bad reference
        raise TodayItemGone(key) from error
    TodaySnooze.objects.filter(owner=owner, key=key).delete()
    plan_changed(owner_id=owner.pk)  # what the source changed may not be the owner's plan
    return message


def today_item_snooze(
    *, owner, key: str, until: datetime.date, today: datetime.date, now: datetime.datetime
) -> TodaySnooze:
    """Hides an item of `owner`'s list until `until` (after today, within a year). Snoozes that
    have passed are cleared on the way: the table holds what is snoozed now, and little more."""
    if until <= today:
        raise ValidationError(gettext("Snooze until a day after today."))
    if until > today + datetime.timedelta(days=SNOOZE_DAYS_AT_MOST):
        raise ValidationError(gettext("Snooze for a year at most."))
    if selectors.today_item(owner=owner, key=key, today=today, now=now) is None:
        raise TodayItemGone(key)
    TodaySnooze.objects.filter(owner=owner, until__lte=today).delete()
    snooze, _created = TodaySnooze.objects.update_or_create(
        owner=owner, key=key, defaults={"until": until}
    )
    plan_changed(owner_id=owner.pk)  # the list is kept in the plan cache
    return snooze
