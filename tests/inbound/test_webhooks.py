"""The email providers' webhooks, in each provider's documented format, through anymail's real
views: a reply received by Postmark or Mailgun checks in like one received by the built-in
receiver; a hard bounce or a complaint stops further mail to the address until it is verified
again; outbound mail can go through a provider's API."""

import base64
import hashlib
import hmac
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.core import mail
from django.urls import reverse

from apps.accounts.models import SecurityEvent, SuppressedAddress
from apps.checkins.models import CheckIn
from apps.core.mail import BulkEmail
from apps.reminders import services
from apps.reminders.models import Delivery
from tests.factories import UserFactory
from tests.inbound.mailauth import REPLY

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "careerbuilder:hook-secret"
SIGNING_KEY = "mailgun-signing-key"
AUTH = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(SECRET.encode()).decode()}


@pytest.fixture
def hooks(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET, "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY}


def postmark_inbound(*, to, sender, text, spf="Pass"):
    """Postmark's inbound webhook JSON (postmarkapp.com/developer/webhooks/inbound-webhook),
    with the Received-SPF and SpamAssassin headers Postmark adds."""
    return {
        "FromName": "Maya",
        "MessageStream": "inbound",
        "From": sender,
        "FromFull": {"Email": sender, "Name": "Maya", "MailboxHash": ""},
        "To": to,
        "ToFull": [{"Email": to, "Name": "", "MailboxHash": to.partition("+")[2]}],
        "Cc": "",
        "CcFull": [],
        "Bcc": "",
        "BccFull": [],
        "OriginalRecipient": to,
        "Subject": "Re: Time for your check-in",
        "MessageID": "73e6d360-66eb-11e1-8e72-a8904824019b",
        "ReplyTo": "",
        "MailboxHash": to.partition("+")[2].partition("@")[0],
        "Date": "Tue, 1 Dec 2026 09:32:00 +0000",
        "TextBody": text,
        "HtmlBody": "",
        "StrippedTextReply": "",
        "Tag": "",
        "Headers": [
            {"Name": "Return-Path", "Value": f"<{sender}>"},
            {"Name": "X-Spam-Status", "Value": "No"},
            {"Name": "X-Spam-Tests", "Value": "DKIM_SIGNED,DKIM_VALID,SPF_PASS"},
            {"Name": "Received-SPF", "Value": f"{spf} (sender SPF authorized) identity=mailfrom"},
            {"Name": "Message-ID", "Value": "<reply-1@mail.example.com>"},
        ],
        "Attachments": [],
    }


def mailgun_signature():
    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(
        SIGNING_KEY.encode(), f"{timestamp}{token}".encode(), hashlib.sha256
    ).hexdigest()
    return {"timestamp": timestamp, "token": token, "signature": signature}


def test_a_reply_through_postmarks_inbound_webhook_checks_in(maya, hooks, client, smtp):
    user, reply_to = maya
    payload = postmark_inbound(to=reply_to, sender=user.email, text=REPLY)

    response = client.post(
        reverse("anymail:postmark_inbound_webhook"),
        json.dumps(payload),
        content_type="application/json",
        **AUTH,
    )

    assert response.status_code == 200
    checkin = CheckIn.objects.filter(owner=user).latest("created_at")
    assert (checkin.north_star_progress, checkin.job_or_career) == (4, 3)
    assert [m["Subject"] for m in smtp.messages] == ["[careerbuilder] Your check-in is saved"]
    client.post(
        reverse("anymail:postmark_inbound_webhook"),
        json.dumps(payload),
        content_type="application/json",
        **AUTH,
    )  # the provider retries: the same Message-ID is recorded once
    assert CheckIn.objects.filter(owner=user).count() == 2


def mailgun_inbound(*, to, sender, text, dkim="Pass", spf="Pass", envelope=None):
    """Mailgun's "fully parsed" forward (documentation.mailgun.com, Receiving messages), with
    its SPF and DKIM verdicts."""
    return {
        "recipient": to,
        "sender": envelope or sender,
        "from": f"Maya <{sender}>",
        "subject": "Re: Time for your check-in",
        "body-plain": text,
        "stripped-text": text,
        "stripped-signature": "",
        "X-Mailgun-Spf": spf,
        "X-Mailgun-Dkim-Check-Result": dkim,
        "message-headers": json.dumps(
            [
                ["From", f"Maya <{sender}>"],
                ["To", to],
                ["Subject", "Re: Time for your check-in"],
                ["Message-Id", f"<mg-{dkim}-{spf}@mail.example.com>"],
                ["DKIM-Signature", f"v=1; a=rsa-sha256; d={sender.rpartition('@')[2]}; s=mg"],
                ["X-Mailgun-Spf", spf],
                ["X-Mailgun-Dkim-Check-Result", dkim],
            ]
        ),
        **mailgun_signature(),
    }


def test_a_reply_through_mailguns_inbound_webhook_checks_in(maya, hooks, client):
    user, reply_to = maya
    form = mailgun_inbound(to=reply_to, sender=user.email, text="north star: 2\nCAREER: 5\n")

    response = client.post(reverse("anymail:mailgun_inbound_webhook"), form, **AUTH)

    assert response.status_code == 200
    checkin = CheckIn.objects.filter(owner=user).latest("created_at")
    assert (checkin.north_star_progress, checkin.job_or_career) == (2, 5)


def sendgrid_inbound(*, to, sender, text, dkim, spf="pass"):
    """SendGrid's Inbound Parse post (docs.sendgrid.com, Inbound Parse Webhook)."""
    return {
        "headers": f"From: Maya <{sender}>\nTo: {to}\nSubject: Re: check-in\n"
        f"Message-ID: <sg-{dkim}@mail.example.com>\n",
        "to": to,
        "from": f"Maya <{sender}>",
        "subject": "Re: check-in",
        "text": text,
        "envelope": json.dumps({"to": [to], "from": sender}),
        "dkim": dkim,
        "SPF": spf,
        "charsets": json.dumps(
            {"to": "UTF-8", "from": "UTF-8", "subject": "UTF-8", "text": "UTF-8"}
        ),
    }


@pytest.mark.parametrize(
    "provider, verdict, saved",
    [
        ("postmark", {"spf": "Pass"}, True),
        ("postmark", {"spf": "Fail"}, False),
        ("mailgun", {}, True),
        ("mailgun", {"dkim": "Fail", "spf": "Fail"}, False),
        ("mailgun", {"dkim": "Fail", "spf": "Pass", "envelope": "bounce@evil.example"}, False),
        ("sendgrid", {"dkim": "{@example.com : pass}"}, True),
        ("sendgrid", {"dkim": "{@evil.example : pass}", "spf": "fail"}, False),
    ],
)
def test_each_providers_own_verdict_on_the_sender_decides(
    maya,
    hooks,
    client,
    settings,
    provider,
    verdict,
    saved,
):
    user, reply_to = maya
    text = "North Star: 5\nCareer: 5\n"
    if provider == "postmark":
        body = json.dumps(postmark_inbound(to=reply_to, sender=user.email, text=text, **verdict))
        response = client.post(
            reverse("anymail:postmark_inbound_webhook"),
            body,
            content_type="application/json",
            **AUTH,
        )
    elif provider == "mailgun":
        form = mailgun_inbound(to=reply_to, sender=user.email, text=text, **verdict)
        response = client.post(reverse("anymail:mailgun_inbound_webhook"), form, **AUTH)
    else:
        form = sendgrid_inbound(to=reply_to, sender=user.email, text=text, **verdict)
        response = client.post(reverse("anymail:sendgrid_inbound_webhook"), form, **AUTH)

    assert response.status_code == 200
    latest = CheckIn.objects.filter(owner=user).latest("created_at")
    assert (latest.north_star_progress == 5) is saved
    refused = SecurityEvent.objects.filter(user=user, kind="mail_refused")
    assert refused.exists() is not saved


@pytest.mark.parametrize(
    "body", [b"{not json", b"[]", b'["a", 1]', b"42", b'"text"', b"", b"\xff\xfe", b"{}"]
)
def test_a_webhook_answers_400_to_a_payload_not_of_its_shape(maya, hooks, client, body):
    settings_urls = [
        reverse(f"anymail:{name}")
        for name in (
            "postmark_inbound_webhook",
            "postmark_tracking_webhook",
            "mailgun_inbound_webhook",
            "mailgun_tracking_webhook",
            "sendgrid_inbound_webhook",
            "sendgrid_tracking_webhook",
        )
    ]
    for url in settings_urls:
        for content_type in ("application/json", "application/x-www-form-urlencoded"):
            response = client.post(url, body, content_type=content_type, **AUTH)
            assert response.status_code in (200, 400), (url, content_type, response.status_code)
            assert response.status_code == 400 or body == b"{}" or "tracking" in url


def test_the_webhooks_are_off_until_configured_and_refuse_a_wrong_secret(maya, client, settings):
    user, reply_to = maya
    payload = json.dumps(postmark_inbound(to=reply_to, sender=user.email, text=REPLY))
    url = reverse("anymail:postmark_inbound_webhook")
    settings.ANYMAIL = {}
    assert client.post(url, payload, content_type="application/json", **AUTH).status_code == 404
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}
    wrong = {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"careerbuilder:guess").decode()}
    assert client.post(url, payload, content_type="application/json", **wrong).status_code == 400
    form = {
        "recipient": reply_to,
        "sender": user.email,
        "body-plain": "North Star: 1",
        **mailgun_signature(),
        "signature": "0" * 64,
    }
    settings.ANYMAIL["MAILGUN_WEBHOOK_SIGNING_KEY"] = SIGNING_KEY
    response = client.post(reverse("anymail:mailgun_inbound_webhook"), form, **AUTH)
    assert response.status_code == 400
    assert CheckIn.objects.filter(owner=user).count() == 1


def test_a_hard_bounce_suppresses_reminders_until_the_address_is_verified_again(
    hooks, client, smtp
):
    from tests.conftest import checkin_due_now

    with time_machine.travel("2026-01-05 12:00:00+00:00", tick=False):
        user = UserFactory()  # not new: a new account's first check-in is not reminded
    checkin_due_now(user)
    bounce = {  # Postmark's bounce webhook (postmarkapp.com/developer/webhooks/bounce-webhook)
        "RecordType": "Bounce",
        "MessageStream": "outbound",
        "ID": 4323372036854775807,
        "Type": "HardBounce",
        "TypeCode": 1,
        "Name": "Hard bounce",
        "Tag": "",
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "ServerID": 23,
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": user.email.upper(),
        "From": "noreply@careerbuilder.local",
        "BouncedAt": "2026-12-01T09:00:00Z",
        "DumpAvailable": True,
        "Inactive": True,
        "CanActivate": True,
        "Subject": "Time for your check-in",
        "Content": "",
        "Metadata": {},
    }
    soft = {**bounce, "Type": "SoftBounce", "TypeCode": 4096, "Email": "other@example.com"}
    for payload in (bounce, soft):
        response = client.post(
            reverse("anymail:postmark_tracking_webhook"),
            json.dumps(payload),
            content_type="application/json",
            **AUTH,
        )
        assert response.status_code == 200
    assert list(SuppressedAddress.objects.values_list("email", flat=True)) == [user.email]
    assert SecurityEvent.objects.filter(user=user, kind="mail_suppressed").exists()
    client.force_login(user)
    assert "bounced" in client.get(reverse("accounts:profile")).content.decode()

    services.reminders_dispatch()

    assert smtp.messages == []
    assert Delivery.objects.get(user=user).status == "failed"
    address = EmailAddress.objects.get(user=user, email=user.email)
    email_confirmed.send(sender=None, request=None, email_address=address)  # verified again
    assert not SuppressedAddress.objects.exists()


def test_a_complaint_through_mailgun_suppresses_the_address(hooks, client):
    user = UserFactory()
    event = {  # Mailgun's JSON webhook (documentation.mailgun.com, Webhooks)
        "signature": mailgun_signature(),
        "event-data": {
            "event": "complained",
            "id": "-Agny091SquKnsrW2NEKUA",
            "timestamp": time.time(),
            "recipient": user.email,
            "message": {"headers": {"message-id": "x@careerbuilder"}},
        },
    }
    response = client.post(
        reverse("anymail:mailgun_tracking_webhook"),
        json.dumps(event),
        content_type="application/json",
        **AUTH,
    )
    assert response.status_code == 200
    assert SuppressedAddress.objects.get().reason == "complained"


def test_outbound_mail_can_go_through_a_providers_api(settings):
    """EMAIL_URL=anymail://postmark picks anymail's backend; a reminder email keeps its HTML."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "careerbuilder.settings",
        "EMAIL_URL": "anymail://postmark",
        "ANYMAIL_POSTMARK_SERVER_TOKEN": "token",
    }
    backend = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.EMAIL_BACKEND, settings.ANYMAIL['POSTMARK_SERVER_TOKEN'])",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
    )
    assert backend.stdout.split() == ["anymail.backends.postmark.EmailBackend", "token"]

    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    BulkEmail(
        subject="[careerbuilder] Your check-in is saved",
        text="Saved.",
        html="<p>Saved.</p>",
        to=["maya@example.com"],
        headers={"Auto-Submitted": "auto-replied"},
    ).send()
    [sent] = mail.outbox
    assert sent.alternatives[0][1] == "text/html"
    params = sent.anymail_test_params
    assert params["html_body"] == "<p>Saved.</p>" and params["text_body"] == "Saved."
    assert params["extra_headers"]["Auto-Submitted"] == "auto-replied"


def test_what_is_known_of_an_address_bouncing_goes_with_the_account():
    from apps.accounts.services import email_suppress, user_delete

    user, stranger = UserFactory(), UserFactory()
    for person in (user, stranger):
        email_suppress(address=person.email, reason="bounced", provider="Postmark")
    user_delete(user=user)
    assert list(SuppressedAddress.objects.values_list("email", flat=True)) == [stranger.email]
