from django.utils import timezone

from .models import PersonalAccessToken, hash_token


def token_create(*, user, name: str) -> tuple[PersonalAccessToken, str]:
    """Creates a token and returns it with its secret, which is never shown again."""
    secret = PersonalAccessToken.new_secret()
    token = PersonalAccessToken(
        user=user, name=name, token_hash=hash_token(secret), hint=secret[:10]
    )
    token.full_clean()
    token.save()
    return token, secret


def token_revoke(*, token: PersonalAccessToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
