"""A reply's confirmation waits in PostgreSQL when the broker cannot take it: with the real
Redis stopped, a reply is still saved and accepted (250, not a refusal), and once Redis is back
the minute's sweep hands the confirmation to a real worker, which sends it once."""

import datetime
import os
import time

import pytest
from django.utils import timezone

from apps.checkins.models import CheckIn
from apps.inbound.models import Confirmation
from apps.inbound.services import confirmations_queue_waiting
from careerbuilder.celery import app
from tests.conftest import redis_cli, redis_start, require_service, wait_for
from tests.inbound.mailauth import reply, send

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_with_redis_stopped_a_reply_is_saved_and_confirmed_once_redis_is_back(
    maya,
    inbox,
    queue,
    smtp_server,
):
    require_service("REDIS_PORT" in os.environ, "REDIS_PORT is not set (make test sets it)")
    user, reply_to = maya
    app.conf.broker_transport_options = {"max_retries": 1}
    redis_cli("shutdown", "nosave")
    try:
        started = time.monotonic()
        assert send(inbox, reply(to=reply_to, sender=user.email)) == {}  # 250: it is saved
        assert time.monotonic() - started < 30  # the receiver did not hang on the broker
        assert CheckIn.objects.filter(owner=user, north_star_progress=4).exists()
        waiting = Confirmation.objects.get()
        assert waiting.sent_at is None and waiting.to == user.email
    finally:
        redis_start()
        app.conf.broker_transport_options = {}

    queue("after-redis")
    later = timezone.now() + datetime.timedelta(minutes=2)
    assert confirmations_queue_waiting(now=later) == 1
    wait_for(lambda: Confirmation.objects.filter(sent_at__isnull=False).exists(), seconds=120)
    assert confirmations_queue_waiting(now=later + datetime.timedelta(minutes=5)) == 0
    assert [m["Subject"] for m in smtp_server.messages] == [
        "[careerbuilder] Your check-in is saved"
    ]
