from allauth.account.models import EmailAddress
from django.db import transaction

from . import audit
from .models import Road, SecurityEventKind, SuppressedAddress, User


def user_update_profile(
    *, user: User, display_name: str, time_zone: str, headline: str, language: str | None = None
) -> User:
    """Saves the profile; `language` ("": the browser's) is left as it is when not given."""
    user.display_name = display_name
    user.time_zone = time_zone
    user.headline = headline
    fields = ["display_name", "time_zone", "headline"]
    if language is not None:
        user.language = language
        fields.append("language")
    user.full_clean(validate_unique=False, validate_constraints=False)
    user.save(update_fields=fields)
    return user


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Deletes the user and, through cascades, everything they own (and what is known of their
    addresses bouncing)."""
    addresses = [a.lower() for a in user.emailaddress_set.values_list("email", flat=True)]
    SuppressedAddress.objects.filter(email__in={user.email.lower(), *addresses}).delete()
    user.delete()


@transaction.atomic
def user_upsert_verified(
    *, email: str, password: str, display_name: str = "", headline: str = "", time_zone: str = "UTC"
) -> User:
    """Creates the user, or resets an existing one, with a verified primary email (demo data)."""
    user, _ = User.objects.get_or_create(email=email)
    user.display_name = display_name
    user.headline = headline
    user.time_zone = time_zone
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def email_suppress(*, address: str, reason: str, provider: str) -> SuppressedAddress:
    """Stops the mail careerbuilder sends on its own (reminders, confirmations) to an address
    the provider reported bouncing or complaining; its owner sees it and the security activity
    says so."""
    address = address.strip().lower()
    suppressed, _ = SuppressedAddress.objects.update_or_create(
        email=address, defaults={"reason": reason, "provider": provider[:30]}
    )
    owners = User.objects.filter(emailaddress__email__iexact=address).distinct()
    for user in owners:
        audit.record(
            kind=SecurityEventKind.MAIL_SUPPRESSED,
            actor=audit.Actor(user=None, road=Road.EMAIL),
            user=user,
            detail=f"Email to {address} {suppressed.get_reason_display()}: reminders paused",
        )
    return suppressed


def email_unsuppress(*, address: str) -> int:
    """Mail to the address may go again (its owner verified it again, or changed it)."""
    return SuppressedAddress.objects.filter(email=address.strip().lower()).delete()[0]


@transaction.atomic
def private_address_replace(*, model, user, actor: audit.Actor, detail: str):
    """A user's secret address of `model` (a `user` and a `key` made by its field's default):
    the first one, or a new one replacing the old, which stops working at once; in the
    security activity either way."""
    row, created = model.objects.get_or_create(user=user)
    if not created:
        row.key = model._meta.get_field("key").default()
        row.save(update_fields=["key", "created_at"])
    audit.record(kind=SecurityEventKind.TOKEN_CHANGED, actor=actor, user=user, detail=detail)
    return row
