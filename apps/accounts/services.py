from allauth.account.models import EmailAddress
from django.db import transaction

from .models import User


def user_update_profile(*, user: User, display_name: str, time_zone: str, headline: str) -> User:
    user.display_name = display_name
    user.time_zone = time_zone
    user.headline = headline
    user.full_clean(validate_unique=False, validate_constraints=False)
    user.save(update_fields=["display_name", "time_zone", "headline"])
    return user


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Deletes the user and, through cascades, everything they own."""
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
