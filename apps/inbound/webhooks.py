"""The inbound and bounce webhooks of the big email providers, through django-anymail's own
views: each provider's documented payload, checked (basic auth with ANYMAIL_WEBHOOK_SECRET, and
Mailgun's signature), normalised, and handed to the same inbound handler as the built-in receiver
(inbound) or to the suppression service (bounces, complaints). Off (404) until configured."""

import email.policy
import json
import logging
from email.utils import getaddresses

from anymail.signals import EventType
from anymail.webhooks.mailgun import MailgunInboundWebhookView, MailgunTrackingWebhookView
from anymail.webhooks.postmark import PostmarkInboundWebhookView, PostmarkTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridInboundWebhookView, SendGridTrackingWebhookView
from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponseBadRequest
from django.urls import path, re_path
from django.views.decorators.csrf import csrf_exempt

from apps.accounts.models import SuppressionReason
from apps.accounts.services import email_suppress

from .authentication import Verdict, aligned, domain_of
from .parsing import parse_message
from .services import inbound_message_receive, is_ours

logger = logging.getLogger("careerbuilder.inbound")
# a message written out as its source says, headers unparsed and unfolded again
RAW = email.policy.default.clone(refold_source="none")

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
        if provider == "postmark" and request.method == "POST" and not _json_object(request.body):
            return HttpResponseBadRequest("The body must be a JSON object.")
        try:
            return view(request, *args, **kwargs)
        except DatabaseError:
            raise  # the database failing: a 500, and the provider posts again later
        except (ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
            # a payload not of the provider's documented shape (anymail reads it as it is)
            return HttpResponseBadRequest(f"Not a {provider} payload: {error.__class__.__name__}")

    return webhook


def _json_object(body: bytes) -> bool:
    try:
        return isinstance(json.loads(body), dict)
    except (ValueError, RecursionError):
        return False


app_name = "anymail"
urlpatterns = [
    path(
        "postmark/inbound/",
        _configured("postmark", PostmarkInboundWebhookView),
        name="postmark_inbound_webhook",
    ),
    path(
        "postmark/tracking/",
        _configured("postmark", PostmarkTrackingWebhookView),
        name="postmark_tracking_webhook",
    ),
    re_path(
        r"^mailgun/inbound(_mime)?/$",
        _configured("mailgun", MailgunInboundWebhookView),
        name="mailgun_inbound_webhook",
    ),
    path(
        "mailgun/tracking/",
        _configured("mailgun", MailgunTrackingWebhookView),
        name="mailgun_tracking_webhook",
    ),
    path(
        "sendgrid/inbound/",
        _configured("sendgrid", SendGridInboundWebhookView),
        name="sendgrid_inbound_webhook",
    ),
    path(
        "sendgrid/tracking/",
        _configured("sendgrid", SendGridTrackingWebhookView),
        name="sendgrid_tracking_webhook",
    ),
]


def received(sender, event, esp_name, **kwargs):
    """anymail's inbound signal: the message, as bytes written from its source (never refolded:
    that parses every header), to the one handler, its headers read the handler's bounded way.
    A message that cannot be read is refused in the log; the provider is not asked to retry."""
    message = event.message
    try:
        raw = message.as_bytes(policy=RAW)
        parsed = parse_message(raw)
        if message.envelope_recipient:
            recipients = [str(message.envelope_recipient)[:320]]
        else:  # a provider that does not say: our addresses among its recipients
            listed = getaddresses([str(parsed.get(name, "")) for name in ("To", "Cc")])
            recipients = [address for _, address in listed if is_ours(address)]
        sender_address = message.envelope_sender
        if sender_address is None:  # unknown, not empty: the From address stands in
            found = getaddresses([str(parsed.get("From", ""))])
            sender_address = found[0][1] if len(found) == 1 else ""
        verdict = provider_verdict(esp_name, event, parsed, str(sender_address)[:320])
    except DatabaseError:
        raise
    except Exception:  # anyone's message: one anymail or the standard library cannot read
        logger.warning("inbound mail from %s refused: it cannot be read", esp_name)
        return
    inbound_message_receive(raw=raw, sender=sender_address, recipients=recipients, verdict=verdict)


def provider_verdict(esp_name: str, event, message, envelope_sender: str) -> Verdict:
    """The provider's own word on the sender, as its inbound webhook documents it: an aligned
    DKIM pass, or an SPF pass for an envelope sender aligned with From. Where a header can carry
    it (and so a sender could add one of their own), every copy must say pass. `message` is the
    message as the handler parses it."""
    found = getaddresses([str(message.get("From", ""))])
    from_domain = domain_of(found[0][1]) if len(found) == 1 else ""
    signed = [_tag(value, "d") for value in message.get_all("DKIM-Signature") or []]
    envelope_aligned = aligned(domain_of(envelope_sender), from_domain)
    post = getattr(event.esp_event, "POST", {})
    if esp_name == "Mailgun":
        dkim = _all_pass(
            message.get_all("X-Mailgun-Dkim-Check-Result"), post.get("X-Mailgun-Dkim-Check-Result")
        )
        spf = _all_pass(message.get_all("X-Mailgun-Spf"), post.get("X-Mailgun-Spf"))
        dkim_domains = signed if dkim else []
    elif esp_name == "SendGrid":
        dkim_domains = _sendgrid_dkim(post.get("dkim", ""))
        spf = str(post.get("SPF", "")).strip().lower() == "pass"
    else:  # Postmark: SpamAssassin's tests and the Received-SPF it adds
        tests = message.get_all("X-Spam-Tests") or []
        dkim_au = bool(tests) and all("DKIM_VALID_AU" in str(value) for value in tests)
        dkim_domains = [from_domain] if dkim_au else []
        spf = _all_pass(message.get_all("Received-SPF"))
    for domain in dkim_domains:
        if aligned(domain, from_domain):
            return Verdict(True, f"{esp_name}: dkim=pass for {domain}")
    if spf and envelope_aligned:
        return Verdict(True, f"{esp_name}: spf=pass for an envelope sender aligned with From")
    return Verdict(False, f"{esp_name} found no aligned DKIM or SPF pass")


def _all_pass(values, *more) -> bool:
    found = [str(value) for value in [*(values or []), *more] if value is not None]
    return bool(found) and all(value.strip().lower().startswith("pass") for value in found)


def _tag(signature, name: str) -> str:
    """A tag's value in a DKIM-Signature header ("d=example.com; s=…")."""
    for part in str(signature)[:2000].split(";"):
        key, _, value = part.strip().partition("=")
        if key.strip() == name:
            return "".join(value.split())
    return ""


def _sendgrid_dkim(value: str) -> list[str]:
    """The domains SendGrid's `dkim` field says passed: "{@example.com : pass, @x.org : fail}"."""
    domains = []
    for part in str(value)[:2000].strip("{} ").split(","):
        domain, _, result = part.partition(":")
        if result.strip().lower() == "pass":
            domains.append(domain.strip().lstrip("@"))
    return domains


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
