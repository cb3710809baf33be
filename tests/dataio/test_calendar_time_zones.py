"""The calendar feed's check-ins fall at the user's hour in their own time zone, winter and summer,
in both hemispheres, however a calendar reads the feed: icalendar from the feed's own VTIMEZONE,
or vobject (which CalDAV servers such as Radicale use)."""

import datetime
import itertools
import zoneinfo

import pytest
import time_machine
import vobject
from dateutil import rrule
from django.utils import timezone
from icalendar import Calendar

from apps.checkins.models import CheckInRhythm
from apps.dataio.calendar import calendar_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FIVE_PM = datetime.time(17)
SEASONS = {"january": "2026-01-14 12:00:00+00:00", "july": "2026-07-15 12:00:00+00:00"}
READ_AT_MOST = 100 * 53  # a series without an end is read for a century of weeks


@pytest.fixture(params=["Europe/London", "America/New_York", "Australia/Sydney"])
def zone(request) -> str:
    return request.param


@pytest.fixture(params=SEASONS.values(), ids=SEASONS)
def feed(request, zone) -> bytes:
    """The feed of someone who checks in on Mondays at 17:00, fetched in January or July."""
    user = UserFactory(time_zone=zone)
    CheckInRhythm.objects.create(
        user=user, checkin_cadence="weekly", checkin_weekday=0, checkin_hour=17
    )
    with time_machine.travel(request.param, tick=False):
        return calendar_for(user, now=timezone.now())


@pytest.fixture
def vobject_forgets_time_zones():
    """vobject keeps the first VTIMEZONE it reads for each TZID for the rest of the process: each
    test reads its own feed's."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    kept = dict(registry)
    registry.clear()
    registry["UTC"] = kept["UTC"]
    yield
    registry.clear()
    registry.update(kept)


def assert_five_pm_in(zone: str, starts: list[datetime.datetime]):
    assert len(starts) > 400  # years of check-ins, every season many times
    assert {start.month for start in starts} == set(range(1, 13))
    local = zoneinfo.ZoneInfo(zone)
    assert {start.astimezone(local).time() for start in starts} == {FIVE_PM}


def test_icalendar_reads_each_check_in_at_the_users_hour(feed, zone):
    calendar = Calendar.from_ical(feed)
    (vtimezone,) = calendar.walk("VTIMEZONE")
    described = vtimezone.to_tz(lookup_tzid=False)  # the feed's zone, not the tz database's
    (checkin,) = (e for e in calendar.walk("VEVENT") if e["summary"].startswith("Check-in"))
    start = checkin.decoded("dtstart").replace(tzinfo=described)

    starts = rrule.rrulestr(checkin["rrule"].to_ical().decode(), dtstart=start)

    assert_five_pm_in(zone, list(itertools.islice(starts, READ_AT_MOST)))


def test_vobject_reads_each_check_in_at_the_users_hour(feed, zone, vobject_forgets_time_zones):
    calendar = vobject.readOne(feed.decode())
    (checkin,) = (e for e in calendar.vevent_list if e.summary.value.startswith("Check-in"))

    starts = checkin.getrruleset()

    assert_five_pm_in(zone, list(itertools.islice(starts, READ_AT_MOST)))
