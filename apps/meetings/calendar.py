"""Sessions in calendars: the iCalendar invitation each side is emailed (RFC 5546 iTIP: REQUEST
for a new or moved session, CANCEL when it is called off), the REPLY their calendar sends back,
and the sessions of each side's private calendar feed."""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress

from apps.core.areas import CalendarEvent

from .links import session_reply_address, session_url
from .models import Session, SessionStatus

PRODID = "-//careerbuilder//mentoring sessions//EN"
REQUEST, CANCEL, REPLY = "REQUEST", "CANCEL", "REPLY"
IN_CALENDARS = (SessionStatus.ACCEPTED, SessionStatus.HELD)  # what both people agreed to


def attendees(session: Session) -> list:
    """The two people of a session (one, if the mentor's account has gone)."""
    return [person for person in (session.owner, session.mentor) if person is not None]


def other_person(session: Session, user) -> str:
    """The name of the other side of the session, as `user` knows them."""
    if user.pk == session.owner_id:
        return session.mentor.get_full_name() if session.mentor else session.mentor_name
    return session.owner.get_full_name()


def invitation(
    *, session: Session, recipient, method: str, sequence: int, now: datetime.datetime
) -> bytes:
    """The calendar object of the email to `recipient`. The proposer organises the session (by
    name), but the ORGANIZER's address is the recipient's own reply address, so their calendar's
    answer comes back to careerbuilder saying whose it is. Both people are attendees who have
    accepted already, in the app; their calendars may still answer (RSVP)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", sequence)
    event.add("dtstamp", now.astimezone(datetime.UTC))
    event.add("dtstart", session.starts_at.astimezone(datetime.UTC))
    event.add("dtend", session.ends_at.astimezone(datetime.UTC))
    event.add(
        "summary", _("Mentoring session with %(name)s") % {"name": other_person(session, recipient)}
    )
    if session.place:
        event.add("location", session.place)
    event.add("url", session_url(session))
    event.add(
        "description",
        _("Your mentoring session, planned on careerbuilder: %(url)s")
        % {"url": session_url(session)},
    )
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    proposer = session.proposed_by or session.owner
    event.add(
        "organizer",
        vCalAddress.new(
            session_reply_address(session=session, user=recipient), cn=proposer.get_full_name()
        ),
    )
    for person in attendees(session):
        event.add(
            "attendee",
            vCalAddress.new(
                person.email,
                cn=person.get_full_name(),
                cutype="INDIVIDUAL",
                role="REQ-PARTICIPANT",
                partstat="ACCEPTED",
                rsvp=True,
            ),
        )
    calendar.add_component(event)
    return calendar.to_ical()


class UnreadableCalendar(ValueError):
    """A calendar part that is not an iCalendar object careerbuilder can read."""


@dataclass(frozen=True)
class CalendarReply:
    """What a calendar's answer says: its METHOD, the event it answers (UID, SEQUENCE) and each
    attendee's address (lower case) with their PARTSTAT (upper case)."""

    method: str
    uid: str
    sequence: int
    answers: tuple[tuple[str, str], ...]


def read_reply(data: bytes) -> CalendarReply:
    """The first event of a calendar part (bounded by the caller), read with icalendar; raises
    UnreadableCalendar for anything else, whatever the bytes."""
    try:
        calendar = Calendar.from_ical(data.decode("utf-8", errors="replace"))
        event = calendar.walk("VEVENT")[0]
        return CalendarReply(
            method=str(calendar.get("METHOD", "")).strip().upper()[:20],
            uid=str(event.get("UID", "")).strip()[:255],
            sequence=int(event.get("SEQUENCE", 0)),
            answers=tuple(
                (_address(attendee), str(attendee.params.get("PARTSTAT", "")).upper()[:20])
                for attendee in _as_list(event.get("ATTENDEE", []))
            ),
        )
    except Exception as error:  # icalendar raises many kinds of error; the part is anyone's bytes
        raise UnreadableCalendar(type(error).__name__) from error


def _as_list(value) -> list:
    return value if isinstance(value, list) else [value]


def _address(attendee) -> str:
    value = str(attendee).strip()
    if value[:7].lower() == "mailto:":
        value = value[7:]
    return value.strip().lower()


def calendar(*, user) -> list[CalendarEvent]:
    """The sessions in `user`'s private calendar feed, as either side: the ones both agreed to
    (accepted, or held since). A former mentor's feed keeps none of the mentee's."""
    sessions = (
        Session.objects.filter(status__in=IN_CALENDARS)
        .filter(
            Q(owner=user)
            | Q(mentor=user, mentorship__isnull=False, mentorship__ended_at__isnull=True)
        )
        .select_related("owner", "mentor")
    )
    return [
        CalendarEvent(
            uid=f"session-{session.pk}",  # not the invitation's UID: a feed is another calendar
            starts_at=session.starts_at,
            minutes=session.minutes,
            summary=_("Mentoring session with %(name)s") % {"name": other_person(session, user)},
            url=session.get_absolute_url(),
            location=session.place,
        )
        for session in sessions
    ]
