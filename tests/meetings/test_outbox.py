"""Session emails wait in PostgreSQL until sent: each is claimed before it goes, so one that is
queued twice, or swept while a worker holds it, goes once; with the broker down the minute's
sweep hands it to a real worker once Redis is back."""

import datetime
import os

import pytest
from django.utils import timezone

from apps.accounts.audit import Actor
from apps.meetings import services
from apps.meetings.models import SessionMail
from careerbuilder.celery import app
from tests.conftest import redis_cli, redis_start, require_service, wait_for
from tests.meetings.conftest import PROPOSED_AT, STARTS_AT, accept, calendar_of


@pytest.mark.django_db
def test_an_email_is_sent_once_however_often_its_task_runs(pair, smtp):
    session = accept(pair)  # the commit that would queue it never comes in this test
    mail = SessionMail.objects.get(session=session)

    assert services.session_mail_send(mail_id=mail.pk) is True
    assert services.session_mail_send(mail_id=mail.pk) is False

    assert len(smtp.messages) == 2
    mail.refresh_from_db()
    assert mail.sent_at is not None


@pytest.mark.django_db
def test_the_outbox_forgets_what_it_sent_or_gave_up_after_ninety_days(pair, smtp):
    session = accept(pair)
    sent = SessionMail.objects.get(session=session)
    services.session_mail_send(mail_id=sent.pk)
    sent.refresh_from_db()
    waiting = SessionMail.objects.create(session=session, kind="cancel", sequence=99)
    now = timezone.now()

    assert services.session_mails_purge(now=now + datetime.timedelta(days=89)) == 0
    assert services.session_mails_purge(now=now + datetime.timedelta(days=91)) == 2
    assert not SessionMail.objects.filter(pk__in=[sent.pk, waiting.pk]).exists()
    session.refresh_from_db()  # the session itself stays


@pytest.mark.django_db
def test_a_retry_sends_only_to_whoever_did_not_get_it(pair, smtp):
    session = accept(pair)
    mail = SessionMail.objects.get(session=session)
    smtp.fail_next = 1  # the first side's email fails: nobody has it yet
    with pytest.raises(OSError):
        services.session_mail_send(mail_id=mail.pk)
    mail.refresh_from_db()
    assert (mail.sent_to, smtp.messages) == ([], [])
    SessionMail.objects.filter(pk=mail.pk).update(sent_to=[pair.mentee_id])  # as if she had

    assert services.session_mail_send(mail_id=mail.pk) is True

    assert [message["To"] for message in smtp.messages] == [pair.mentor.email]
    mail.refresh_from_db()
    assert sorted(mail.sent_to) == sorted([pair.mentee_id, pair.mentor_id])


@pytest.mark.django_db
def test_an_email_a_worker_holds_is_neither_sent_again_nor_swept(pair, smtp):
    session = accept(pair)
    mail = SessionMail.objects.get(session=session)
    SessionMail.objects.filter(pk=mail.pk).update(
        claimed_until=timezone.now() + services.MAIL_LEASE
    )

    assert services.session_mail_send(mail_id=mail.pk) is False
    assert (
        services.session_mails_queue_waiting(now=timezone.now() + datetime.timedelta(minutes=2))
        == 0
    )
    assert smtp.messages == []


@pytest.mark.django_db
def test_an_invitation_a_later_move_supersedes_is_not_sent(pair, smtp):
    session = accept(pair)
    services.session_move(
        session=session,
        actor=Actor(pair.mentee),
        starts_at=STARTS_AT + datetime.timedelta(days=1),
        minutes=45,
        now=PROPOSED_AT,
    )
    first, moved = SessionMail.objects.order_by("sequence")

    assert services.session_mail_send(mail_id=first.pk) is False
    assert services.session_mail_send(mail_id=moved.pk) is True
    assert {calendar_of(m).vevent.sequence.value for m in smtp.messages} == {"1"}


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_each_email_once_however_often_it_is_queued(
    pair, celery_worker, smtp_server
):
    smtp_server.reset()
    first = accept(pair)  # its commit queues the email
    mail = SessionMail.objects.get(session=first)
    services.mail_queue(mail_id=mail.pk)
    services.mail_queue(mail_id=mail.pk)
    second = accept(pair, starts_at=STARTS_AT + datetime.timedelta(days=7))

    # one worker takes its queue in order: once the second session's email is out, so are all
    wait_for(lambda: not SessionMail.objects.filter(session=second, sent_at=None).exists())
    assert len(smtp_server.messages) == 4
    assert len({m["Message-ID"] for m in smtp_server.messages}) == 4


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_with_redis_stopped_the_sweep_sends_the_invitation_once_redis_is_back(
    pair, queue, smtp_server
):
    require_service("REDIS_PORT" in os.environ, "REDIS_PORT is not set (make test sets it)")
    app.conf.broker_transport_options = {"max_retries": 1}
    redis_cli("shutdown", "nosave")
    try:
        session = accept(pair)  # accepted all the same: the email waits in the outbox
        waiting = SessionMail.objects.get(session=session)
        assert waiting.sent_at is None
    finally:
        redis_start()
        app.conf.broker_transport_options = {}

    queue("after-redis")
    later = timezone.now() + datetime.timedelta(minutes=2)
    assert services.session_mails_queue_waiting(now=later) == 1
    wait_for(lambda: SessionMail.objects.filter(sent_at__isnull=False).exists(), seconds=120)
    assert services.session_mails_queue_waiting(now=later + datetime.timedelta(minutes=5)) == 0
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(
        [pair.mentee.email, pair.mentor.email]
    )
