"""The emails a session sends each side: the calendar invitation (new, moved or cancelled) and
the follow-up with the shared notes and action items. One email per person, in their own time
zone and language; subjects carry a date and time, never what someone wrote (names, the place)."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from apps.core.i18n import local_date, speaking
from apps.core.mail import BulkEmail, header_text

from .calendar import CANCEL, REQUEST, invitation, other_person
from .links import session_url
from .models import MailKind, Session, SessionMail

HEADERS = {"X-Auto-Response-Suppress": "OOF, AutoReply"}  # no out-of-office answers to noreply@


class CalendarEmail(EmailMultiAlternatives):
    """An email carrying a calendar object as iMIP (RFC 6047) wants it and as Gmail, Outlook and
    Apple Mail read it: a text/calendar alternative, its METHOD in its Content-Type, beside the
    text and the HTML, and the same object attached as invite.ics for the clients that only look
    at attachments."""

    def __init__(self, *, subject, text, html, to, headers, ics: bytes, method: str):
        super().__init__(
            subject=header_text(subject),
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=to,
            headers=headers,
        )
        self.method = method
        self.attach_alternative(html, "text/html")
        self.attach_alternative(ics.decode(), "text/calendar")
        self.attach("invite.ics", ics, "application/ics")

    def message(self):
        message = super().message()
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                part.set_param("method", self.method)
        return message


def when(session: Session, user) -> dict:
    """The session's day and times in `user`'s time zone, for a subject or a body."""
    zone = zoneinfo.ZoneInfo(user.time_zone)
    starts, ends = session.starts_at.astimezone(zone), session.ends_at.astimezone(zone)
    return {
        "day": local_date(starts, "l j F Y"),
        "start": time_format(starts, "H:i"),
        "end": time_format(ends, "H:i"),
        "zone": user.time_zone,
    }


def message_id(mail: SessionMail, user) -> str:
    """The same on every attempt: a client that got the email already keeps one copy."""
    return f"<session-mail-{mail.pk}-{user.pk}@{settings.INBOUND_MAIL_DOMAIN}>"


def session_invitation(*, mail: SessionMail, user, now: datetime.datetime) -> CalendarEmail:
    """The invitation of a newly accepted session (SEQUENCE 0), the same event moved (a higher
    SEQUENCE), or its cancellation, in `user`'s language (its calendar's words too)."""
    with speaking(user):
        return _invitation(mail=mail, user=user, now=now)


def _invitation(*, mail: SessionMail, user, now: datetime.datetime) -> CalendarEmail:
    session = mail.session
    method = CANCEL if mail.kind == MailKind.CANCEL else REQUEST
    moment = when(session, user)
    if method == CANCEL:
        subject = _("Mentoring session cancelled: %(day)s, %(start)s (%(zone)s)") % moment
    elif mail.sequence:
        subject = _("Mentoring session moved to %(day)s, %(start)s (%(zone)s)") % moment
    else:
        subject = _("Mentoring session: %(day)s, %(start)s (%(zone)s)") % moment
    context = {
        "cancelled": method == CANCEL,
        "moved": method == REQUEST and mail.sequence > 0,
        "name": user.get_full_name(),
        "other": other_person(session, user),
        "when": moment,
        "place": session.place,
        "link": session_url(session),
        "site": settings.SITE_URL,
    }
    return CalendarEmail(
        subject=f"[careerbuilder] {subject}",
        text=render_to_string("meetings/emails/invitation.txt", context, using="django"),
        html=render_to_string("meetings/emails/invitation.html", context, using="django"),
        to=[user.email],
        headers={**HEADERS, "Message-ID": message_id(mail, user)},
        ics=invitation(
            session=session, recipient=user, method=method, sequence=mail.sequence, now=now
        ),
        method=method,
    )


def session_followup(*, mail: SessionMail, user) -> BulkEmail:
    """After the session: the shared notes (Markdown, made safe, in the HTML; as written in the
    text) and who does what by when, in `user`'s language."""
    with speaking(user):
        return _followup(mail=mail, user=user)


def _followup(*, mail: SessionMail, user) -> BulkEmail:
    session = mail.session
    moment = when(session, user)
    items = [
        {
            "who": item.assignee.get_full_name() if item.assignee else item.assignee_name,
            "what": item.title,
            "by": local_date(item.due_on, "j F Y") if item.due_on else "",
        }
        for item in session.action_items.select_related("assignee").order_by("due_on", "pk")
    ]
    context = {
        "name": user.get_full_name(),
        "other": other_person(session, user),
        "when": moment,
        "notes": session.notes,
        "items": items,
        "link": session_url(session),
        "site": settings.SITE_URL,
    }
    subject = _("Notes of your mentoring session of %(day)s") % moment
    return BulkEmail(
        subject=f"[careerbuilder] {subject}",
        text=render_to_string("meetings/emails/followup.txt", context, using="django"),
        html=render_to_string("meetings/emails/followup.html", context, using="django"),
        to=[user.email],
        headers={**HEADERS, "Message-ID": message_id(mail, user)},
    )
