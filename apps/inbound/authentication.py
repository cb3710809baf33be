"""Who really sent a message: the `From:` header is anyone's to write, so mail that acts for a
user must prove it came from their address's domain before the address is compared with theirs.

One policy is in force (INBOUND_SENDER_POLICY, named in /healthz):

- ``authentication-results``: an MTA in front (Postfix with OpenDMARC or rspamd) has checked
  SPF, DKIM and DMARC and said so in an `Authentication-Results` header; only headers with its
  authentication service id (INBOUND_AUTHSERV_ID) are read, as Discourse's
  `email_in_authserv_id` does, and each must pass. `dmarc=fail` is refused; `dmarc=pass`, or
  without a DMARC verdict a DKIM or SPF pass for a domain aligned with `From:`, passes.
- ``dkim``: the built-in receiver faces the internet itself: a DKIM signature (dkimpy) of a
  domain aligned with `From:` must verify, and the envelope sender's domain must align too.
- ``none``: `From:` alone, for development only.

A provider's inbound webhook carries the provider's own verdict (see `webhooks.py`), which
stands in for the policy. Alignment is DMARC's relaxed one, approximated without the public
suffix list: one domain is the other or a subdomain of it.
"""

import logging
from dataclasses import dataclass

import authres
import dkim
from django.conf import settings
from django.utils.module_loading import import_string

from apps.core.health import register_detail

logger = logging.getLogger("careerbuilder.inbound")

POLICIES = {
    "authentication-results": "Authentication-Results of the MTA in front (INBOUND_AUTHSERV_ID)",
    "dkim": "DKIM verified here, the envelope sender aligned with From",
    "none": "From alone (development only: anyone can write any From)",
}
MAX_HEADER = 3000  # characters of an Authentication-Results header that are parsed
MAX_RESULTS_HEADERS = 5  # Authentication-Results headers of the MTA's id read (one per milter)
MAX_SIGNATURES = 3  # DKIM signatures tried
# dkimpy joins a header's folded lines one by one (quadratic); real mail's headers are a few KB
MAX_DKIM_HEADERS = 64 * 1024


@register_detail("inbound_sender_policy")
def policy_in_force() -> str:
    policy = settings.INBOUND_SENDER_POLICY
    described = POLICIES.get(policy, "unknown: inbound mail is refused")
    authserv = f" ({settings.INBOUND_AUTHSERV_ID})" if policy == "authentication-results" else ""
    return f"{policy}: {described}{authserv}"


@dataclass(frozen=True)
class Verdict:
    """Whether the sender is authenticated, and how or why not, in a line for the log."""

    passed: bool
    reason: str


def domain_of(address: str) -> str:
    return address.strip().strip("<>").rpartition("@")[2].strip().lower().rstrip(".")


def aligned(domain: str, from_domain: str) -> bool:
    """Relaxed alignment: the same domain, or one a subdomain of the other."""
    domain, from_domain = domain.lower().rstrip("."), from_domain.lower().rstrip(".")
    if not domain or not from_domain:
        return False
    return (
        domain == from_domain
        or from_domain.endswith("." + domain)
        or domain.endswith("." + from_domain)
    )


def sender_verdict(*, raw: bytes, message, envelope_sender: str, from_address: str) -> Verdict:
    """The verdict of the policy in force on a message that reached the built-in receiver."""
    policy = settings.INBOUND_SENDER_POLICY
    from_domain = domain_of(from_address)
    if not from_domain:
        return Verdict(False, "it has no single From address")
    if policy == "none":
        return Verdict(True, "not checked (INBOUND_SENDER_POLICY=none)")
    if policy == "authentication-results":
        return results_verdict(message, from_domain)
    if policy == "dkim":
        return dkim_verdict(raw, envelope_sender=envelope_sender, from_domain=from_domain)
    return Verdict(False, f"INBOUND_SENDER_POLICY {policy!r} is not a policy")


def results_verdict(message, from_domain: str) -> Verdict:
    """What the MTA in front found, read from the `Authentication-Results` headers of its id
    only. Each of them must pass on its own: a header the sender wrote claiming that id (one the
    MTA did not strip) can then only make the verdict stricter, never let a message through."""
    authserv_id = settings.INBOUND_AUTHSERV_ID.lower()
    verdicts = []
    for value in (message.get_all("Authentication-Results") or [])[: MAX_RESULTS_HEADERS * 4]:
        try:
            unfolded = " ".join(str(value)[:MAX_HEADER].split())
            header = authres.AuthenticationResultsHeader.parse_value(unfolded)
        except Exception:  # anyone's text: a header we cannot read is someone else's
            continue
        if str(header.authserv_id).strip().lower() == authserv_id:
            verdicts.append(_results(header.results, from_domain))
        if len(verdicts) == MAX_RESULTS_HEADERS:
            break
    if not verdicts:
        return Verdict(False, f"no Authentication-Results from {settings.INBOUND_AUTHSERV_ID}")
    return next((verdict for verdict in verdicts if not verdict.passed), verdicts[0])


def _results(results, from_domain: str) -> Verdict:
    by_method: dict[str, list] = {}
    for result in results:
        by_method.setdefault(str(result.method).lower(), []).append(result)
    dmarc = [str(result.result).lower() for result in by_method.get("dmarc", [])]
    if "fail" in dmarc:
        return Verdict(False, "dmarc=fail")
    if "pass" in dmarc:
        return Verdict(True, "dmarc=pass")
    for method, name in (("dkim", "d"), ("spf", "mailfrom")):
        for result in by_method.get(method, []):
            if str(result.result).lower() != "pass":
                continue
            for item in result.properties:
                value = str(item.value)
                if str(item.name).lower() in (name, "i", "from") and aligned(
                    domain_of(value) if "@" in value else value, from_domain
                ):
                    return Verdict(True, f"{method}=pass for {from_domain}")
    return Verdict(False, "neither DMARC nor an aligned DKIM or SPF passed")


def dkim_verdict(raw: bytes, *, envelope_sender: str, from_domain: str) -> Verdict:
    """A DKIM signature aligned with From that verifies, and an envelope sender aligned too."""
    if not aligned(domain_of(envelope_sender), from_domain):
        return Verdict(False, "the envelope sender's domain does not align with From")
    lookup = import_string(settings.INBOUND_DKIM_DNS) if settings.INBOUND_DKIM_DNS else None
    head = raw[: MAX_DKIM_HEADERS + 3]
    if len(raw) > MAX_DKIM_HEADERS and b"\n\r\n" not in head and b"\n\n" not in head:
        return Verdict(False, "its headers are too large to verify")
    try:
        signer = dkim.DKIM(raw, minkey=1024, timeout=5)
    except Exception:  # headers dkimpy cannot read
        return Verdict(False, "its headers cannot be read for DKIM")
    signatures = [name for name, _ in signer.headers if name.lower() == b"dkim-signature"]
    for index in range(min(len(signatures), MAX_SIGNATURES)):
        try:
            good = signer.verify(idx=index, dnsfunc=lookup) if lookup else signer.verify(idx=index)
        except Exception as error:  # a malformed signature or key, or DNS failing: not valid
            logger.info("DKIM signature %s not verified: %s", index, error.__class__.__name__)
            continue
        domain = (signer.domain or b"").decode("ascii", "replace")
        if good and aligned(domain, from_domain):
            return Verdict(True, f"dkim=pass header.d={domain}")
    if not signatures:
        return Verdict(False, "it has no DKIM signature")
    return Verdict(False, f"no valid DKIM signature of a domain aligned with {from_domain}")
