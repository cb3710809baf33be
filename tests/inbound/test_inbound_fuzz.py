"""The inbound handler fed messages hypothesis builds: to the user's reply and logging
addresses, to forged and foreign ones, from them or from strangers, with any lines, headers and
bytes. It never raises, and it changes nothing of anyone but the user the address names."""

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.accounts.audit import Actor
from apps.checkins.models import CheckIn
from apps.inbound.services import inbound_message_receive
from apps.network.services import mail_drop_replace
from apps.reminders.links import make_checkin_reply_address
from apps.reminders.models import Reminder
from apps.reminders.selectors import checkin_period_now
from tests.conftest import checkin_due_now
from tests.dataio.test_import_fuzz import others_rows
from tests.factories import ContactFactory, UserFactory
from tests.worlds import one_of_everything

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LINES = st.one_of(
    st.sampled_from(
        [
            "North Star: 4",
            "Career: 2",
            "north star: 9",
            "Career: -1",
            "Learned: SQL",
            "Next: x" * 40,
            "Mood: great",
            "Last step: done",
            "---------- Forwarded message ---------",
            "From: Ada <ada@example.org>",
            "Cc: victim@example.com, <x@careerbuilder.local>",
            "> North Star: 1",
            "--",
            "\x00",
            "=?utf-8?q?=E2=80=9C?=",
        ]
    ),
    st.text(max_size=80),
)
HEADERS = st.lists(
    st.sampled_from(
        [
            "Auto-Submitted: auto-replied",
            "Precedence: bulk",
            "Subject: Fwd: hello",
            "Subject: =?iso-8859-1?q?caf=E9?=",
            "Content-Type: text/html; charset=windows-1252",
            "Content-Type: text/plain; charset=x-unknown",
            "Content-Transfer-Encoding: base64",
            "Date: not a date",
            "Date: Tue, 1 Dec 2099 09:00:00 +0000",
            "Message-ID: <same@x>",
            "To: victim@example.com",
            "Cc: Ada <ada@example.org>",
        ]
    ),
    max_size=4,
)


@pytest.fixture
def maya(settings):
    # From alone, so that any message reaches as deep as it can (authentication has its tests)
    settings.INBOUND_SENDER_POLICY = "none"
    one_of_everything(
        UserFactory(email="victim@example.com")
    )  # someone else's plan, to leave alone
    user = UserFactory()
    checkin_due_now(user)
    period = checkin_period_now(user=user, now=timezone.now())
    Reminder.objects.create(user=user, kind="checkin", period=period, subject="Check in")
    ContactFactory(owner=user, email="ada@example.org")
    reply = make_checkin_reply_address(user=user, period=period)
    drop = mail_drop_replace(user=user, actor=Actor(user)).address
    forged = [reply.replace("checkin+", "checkin+1"), "log+0000@careerbuilder.local"]
    return user, [reply, drop, *forged, "hello@careerbuilder.local"]


@EXAMPLES
@given(data=st.data())
def test_any_message_touches_only_the_addressed_users_rows(maya, data):
    user, addresses = maya
    sender = data.draw(st.sampled_from([user.email, "victim@example.com", "", "<>", "x@y.z"]))
    headers = [f"From: {data.draw(st.sampled_from([user.email, 'victim@example.com', '']))}"]
    headers += data.draw(HEADERS)
    body = "\n".join(data.draw(st.lists(LINES, max_size=12)))
    raw = ("\r\n".join(headers) + "\r\n\r\n" + body).encode("utf-8", "surrogateescape")
    raw += data.draw(st.binary(max_size=40))
    recipients = data.draw(st.lists(st.sampled_from(addresses), min_size=1, max_size=3))

    before = others_rows(user)
    with transaction.atomic():  # each example starts from the same plan
        results = inbound_message_receive(raw=raw, sender=sender, recipients=recipients)
        assert len(results) == len(recipients)
        assert others_rows(user) == before
        for checkin in CheckIn.objects.filter(owner=user):
            assert 1 <= checkin.north_star_progress <= 5 and 1 <= checkin.job_or_career <= 5
        transaction.set_rollback(True)
