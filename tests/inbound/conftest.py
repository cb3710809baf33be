"""The inbound tests' fixtures: the built-in receiver on a free port, and Maya, whose check-in
reminder just went out."""

import socket

import pytest
import time_machine

from apps.inbound.receiver import receiver
from apps.reminders import services
from tests.conftest import checkin_due_now
from tests.factories import CheckInFactory, UserFactory


@pytest.fixture
def inbox():
    """The built-in receiver on a free port, for this test."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = receiver(host="127.0.0.1", port=port)
    server.start()
    yield port
    server.stop()


@pytest.fixture
def maya(smtp):
    """A user whose check-in reminder just went out; returns her and its Reply-To address."""
    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        user = UserFactory(display_name="Maya")
        CheckInFactory(owner=user, next_step="Ask Ada for feedback")
    checkin_due_now(user)
    services.reminders_dispatch()
    [reminder_email] = smtp.messages
    smtp.reset()
    return user, reminder_email["Reply-To"]
