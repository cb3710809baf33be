import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from apps.core import ratelimits
from apps.core.tokens import hash_token

from .models import PersonalAccessToken


class PersonalAccessTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer cb_…` with a token the user created in their settings."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        if not header.startswith(f"{self.keyword} "):
            return None
        if not ratelimits.allowed(request._request, action="api_token"):
            raise exceptions.Throttled(detail=_("Too many token attempts from your address."))
        secret = header[len(self.keyword) + 1 :].strip()
        token = (
            PersonalAccessToken.objects.select_related("user")
            .filter(token_hash=hash_token(secret), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(_("This token is not valid or has been revoked."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
            PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
