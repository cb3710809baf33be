"""The private iCalendar feed (RFC 5545): milestones, check-ins, keep-in-touch and expiries,
and what the areas register (all-day dates, or timed events such as mentoring sessions)."""

import datetime
import zoneinfo

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vRecur

from apps.checkins.selectors import rhythm_for
from apps.core.areas import CalendarEvent, calendar_days
from apps.core.i18n import speaking
from apps.learning.models import LearningItem, LearningKind
from apps.milestones.models import OPEN_STATUSES, Milestone
from apps.network.models import Contact
from apps.reminders.schedule import latest_checkin_slot

RRULES = {
    "weekly": {"FREQ": "WEEKLY"},
    "biweekly": {"FREQ": "WEEKLY", "INTERVAL": 2},
    "monthly": {"FREQ": "MONTHLY"},
}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# The check-ins a feed holds end this many years on, where its time zone's transitions end; a
# calendar fetches the feed again (and so moves both on) long before.
YEARS_AHEAD = 10
# The transitions start here, years before any check-in: vobject takes a VTIMEZONE whose offsets
# match UTC's from 2000 to 2020 (as London's would, starting later) for UTC and ignores it.
ZONE_FROM = datetime.date(2000, 1, 1)


def _all_day(uid: str, day: datetime.date, summary: str, url: str, stamp) -> Event:
    event = Event()
    event.add("uid", f"{uid}@careerbuilder")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("url", settings.SITE_URL + url)
    event.add("transp", "TRANSPARENT")
    return event


def _timed(entry: CalendarEvent, stamp) -> Event:
    event = Event()
    event.add("uid", f"{entry.uid}@careerbuilder")
    event.add("dtstamp", stamp)
    event.add("dtstart", entry.starts_at.astimezone(datetime.UTC))
    event.add("dtend", entry.ends_at.astimezone(datetime.UTC))
    event.add("summary", entry.summary)
    if entry.location:
        event.add("location", entry.location)
    event.add("url", settings.SITE_URL + entry.url)
    return event


def calendar_for(user, *, now: datetime.datetime) -> bytes:
    """The feed at `now`: the plan's dates, and the check-ins of the next YEARS_AHEAD years in
    the user's time zone, described in the feed by its transitions over those years. Its words
    are in the user's language: a calendar app fetches it, not the person."""
    with speaking(user):
        return _calendar(user, now=now)


def _calendar(user, *, now: datetime.datetime) -> bytes:
    until = datetime.date(now.year + YEARS_AHEAD, 1, 1)
    calendar = Calendar()
    calendar.add("prodid", "-//careerbuilder//career plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "careerbuilder")
    calendar.add("x-wr-timezone", user.time_zone)
    for milestone in Milestone.objects.filter(
        owner=user, status__in=OPEN_STATUSES, target_date__isnull=False
    ):
        calendar.add_component(
            _all_day(
                f"milestone-{milestone.pk}",
                milestone.target_date,
                _("Milestone due: %(title)s") % {"title": milestone.title},
                milestone.get_absolute_url(),
                now,
            )
        )
    for contact in Contact.objects.filter(owner=user, next_due_on__isnull=False):
        calendar.add_component(
            _all_day(
                f"contact-{contact.pk}",
                contact.next_due_on,
                _("Reach out to %(name)s") % {"name": contact.name},
                contact.get_absolute_url(),
                now,
            )
        )
    for item in LearningItem.objects.filter(
        owner=user, kind=LearningKind.CERTIFICATION, expires_on__isnull=False
    ):
        calendar.add_component(
            _all_day(
                f"certification-{item.pk}",
                item.expires_on,
                _("Certification expires: %(title)s") % {"title": item.title},
                item.get_absolute_url(),
                now,
            )
        )
    for entry in calendar_days(user=user):  # what areas register (apps/core/areas.py)
        calendar.add_component(
            _timed(entry, now)
            if isinstance(entry, CalendarEvent)
            else _all_day(entry.uid, entry.day, entry.summary, entry.url, now)
        )
    rhythm = rhythm_for(user=user)
    if rhythm.checkin_cadence in RRULES:
        tz = zoneinfo.ZoneInfo(user.time_zone)
        first = latest_checkin_slot(
            now=now,
            tz=tz,
            cadence=rhythm.checkin_cadence,
            weekday=rhythm.checkin_weekday,
            hour=rhythm.checkin_hour,
        )
        if first is not None:
            event = Event()
            event.add("uid", f"checkin-{user.pk}@careerbuilder")
            event.add("dtstamp", now)
            event.add("dtstart", first)
            event.add("duration", datetime.timedelta(minutes=15))
            event.add("summary", _("Check-in: job or career?"))
            event.add("url", settings.SITE_URL + "/checkins/new/")
            rule = dict(RRULES[rhythm.checkin_cadence])
            weekday = WEEKDAYS[rhythm.checkin_weekday]
            rule["BYDAY"] = f"1{weekday}" if rhythm.checkin_cadence == "monthly" else weekday
            rule["UNTIL"] = datetime.datetime.combine(until, datetime.time(), tz).astimezone(
                datetime.UTC
            )
            event.add("rrule", vRecur(rule))
            calendar.add_component(event)
    calendar.add_missing_timezones(first_date=ZONE_FROM, last_date=until)
    _one_rdate_a_line(calendar)
    return calendar.to_ical()


def _one_rdate_a_line(calendar: Calendar) -> None:
    """Each of a time zone's transitions on its own RDATE line: vobject reads only the first
    date of an RDATE list (RFC 5545 allows either)."""
    for zone in calendar.timezones:
        for part in zone.subcomponents:
            lines = part.pop("RDATE", [])
            for line in lines if isinstance(lines, list) else [lines]:
                for date in line.dts:
                    part.add("RDATE", date.dt)
