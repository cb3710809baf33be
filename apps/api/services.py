from django.db import transaction
from django.utils import timezone

from apps.accounts import audit
from apps.accounts.audit import Actor
from apps.accounts.models import SecurityEventKind
from apps.core.tokens import hash_token

from .models import PersonalAccessToken


@transaction.atomic
def token_create(*, user, name: str, actor: Actor) -> tuple[PersonalAccessToken, str]:
    """Creates a token and returns it with its secret, which is never shown again."""
    secret = PersonalAccessToken.new_secret()
    token = PersonalAccessToken(
        user=user, name=name, token_hash=hash_token(secret), hint=secret[:10]
    )
    token.full_clean()
    token.save()
    audit.record(
        kind=SecurityEventKind.TOKEN_CHANGED,
        actor=actor,
        user=user,
        detail=f"API token “{token.name}” created",
    )
    return token, secret


@transaction.atomic
def token_revoke(*, token: PersonalAccessToken, actor: Actor) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            kind=SecurityEventKind.TOKEN_CHANGED,
            actor=actor,
            user=token.user,
            detail=f"API token “{token.name}” revoked",
        )


@transaction.atomic
def token_revoke_all(*, user, actor: Actor, why: str) -> int:
    """Revokes every token of `user` still working, recorded once in their security activity
    naming the tokens and `why`; returns how many were revoked."""
    tokens = list(
        PersonalAccessToken.objects.select_for_update()
        .filter(user=user, revoked_at__isnull=True)
        .order_by("created_at")
    )
    if not tokens:
        return 0
    PersonalAccessToken.objects.filter(pk__in=[token.pk for token in tokens]).update(
        revoked_at=timezone.now()
    )
    names = ", ".join(f"“{token.name}”" for token in tokens)
    audit.record(
        kind=SecurityEventKind.TOKEN_CHANGED,
        actor=actor,
        user=user,
        detail=f"API tokens revoked ({why}): {names}",
    )
    return len(tokens)
