from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
    """allauth's emails name careerbuilder and its public address (SITE_URL), not the host the
    request happened to come in on ("Hello from 127.0.0.1:8000!")."""

    def send_mail(self, template_prefix, email, context):
        context = {**context, "site_url": settings.SITE_URL}
        return super().send_mail(template_prefix, email, context)

    def get_email_confirmation_url(self, request, emailconfirmation):
        """The link in the verification email, on the site's public address."""
        return settings.SITE_URL + reverse("account_confirm_email", args=[emailconfirmation.key])
