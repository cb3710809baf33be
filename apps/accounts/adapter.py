from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails name careerbuilder and its public address (SITE_URL), not the host the
    request happened to come in on ("Hello from 127.0.0.1:8000!")."""

    def send_mail(self, template_prefix, email, context):
        """Written in the recipient's chosen language; without one, in the page's (the language
        the person was reading when they asked for it)."""
        context = {**context, "site_url": settings.SITE_URL}
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).order_by("pk").first()
        language = getattr(user, "language", "") or translation.get_language()
        with translation.override(language):
            return super().send_mail(template_prefix, email, context)

    def get_email_confirmation_url(self, request, emailconfirmation):
        """The link in the verification email, on the site's public address."""
        return settings.SITE_URL + reverse("account_confirm_email", args=[emailconfirmation.key])
