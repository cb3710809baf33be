"""The inbound and bounce webhooks of the big email providers, through django-anymail's own
views: each provider's documented payload, checked (basic auth with ANYMAIL_WEBHOOK_SECRET, and
Mailgun's signature), normalised, and handed to the same inbound handler as the built-in receiver
(inbound) or to the suppression service (bounces, complaints). Off (404) until configured."""

from anymail.signals import EventType
from anymail.webhooks.mailgun import MailgunInboundWebhookView, MailgunTrackingWebhookView
from anymail.webhooks.postmark import PostmarkInboundWebhookView, PostmarkTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridInboundWebhookView, SendGridTrackingWebhookView
from django.conf import settings
from django.http import Http404
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from apps.accounts.models import SuppressionReason
from apps.accounts.services import email_suppress

from .services import inbound_message_receive, is_ours

# What each provider's webhooks need configured; without it they answer 404, never 500.
NEEDS = {
    "postmark": ["WEBHOOK_SECRET"],
    "sendgrid": ["WEBHOOK_SECRET"],
    "mailgun": ["WEBHOOK_SECRET", "MAILGUN_WEBHOOK_SIGNING_KEY"],
}
# Bounces that are not for good: the provider tries again, nothing is suppressed.
PASSING = {"SoftBounce", "Transient", "DnsError", "AutoResponder"}


def _configured(provider: str, view):
    view = view.as_view()

    @csrf_exempt
    def webhook(request, *args, **kwargs):
        if not all(settings.ANYMAIL.get(name) for name in NEEDS[provider]):
            raise Http404(f"The {provider} webhooks are not configured.")
        return view(request, *args, **kwargs)

    return webhook


app_name = "anymail"
urlpatterns = [
    path("postmark/inbound/", _configured("postmark", PostmarkInboundWebhookView),
         name="postmark_inbound_webhook"),
    path("postmark/tracking/", _configured("postmark", PostmarkTrackingWebhookView),
         name="postmark_tracking_webhook"),
    re_path(r"^mailgun/inbound(_mime)?/$", _configured("mailgun", MailgunInboundWebhookView),
            name="mailgun_inbound_webhook"),
    path("mailgun/tracking/", _configured("mailgun", MailgunTrackingWebhookView),
         name="mailgun_tracking_webhook"),
    path("sendgrid/inbound/", _configured("sendgrid", SendGridInboundWebhookView),
         name="sendgrid_inbound_webhook"),
    path("sendgrid/tracking/", _configured("sendgrid", SendGridTrackingWebhookView),
         name="sendgrid_tracking_webhook"),
]  # fmt: skip


def received(sender, event, esp_name, **kwargs):
    """anymail's inbound signal: the message, rebuilt as bytes, to the one handler."""
    message = event.message
    if message.envelope_recipient:
        recipients = [message.envelope_recipient]
    else:  # a provider that does not say: our addresses among its recipients
        listed = [*message.to, *message.cc]
        recipients = [a.addr_spec for a in listed if is_ours(a.addr_spec)]
    sender_address = message.envelope_sender
    if sender_address is None:  # unknown, not empty: the From address stands in
        sender_address = message.from_email.addr_spec if message.from_email else ""
    inbound_message_receive(raw=message.as_bytes(), sender=sender_address, recipients=recipients)


def tracked(sender, event, esp_name, **kwargs):
    """anymail's tracking signal: a hard bounce, a complaint or a refusal suppresses the
    address (shown to its owner, cleared when they verify it again)."""
    reasons = {
        EventType.BOUNCED: SuppressionReason.BOUNCED,
        EventType.COMPLAINED: SuppressionReason.COMPLAINED,
        EventType.REJECTED: SuppressionReason.REJECTED,
    }
    reason = reasons.get(event.event_type)
    esp_event = event.esp_event if isinstance(event.esp_event, dict) else {}
    if reason is None or not event.recipient or esp_event.get("Type") in PASSING:
        return
    email_suppress(address=event.recipient, reason=reason, provider=esp_name)
