from django.apps import AppConfig


def _verified_again(request, email_address, **kwargs):
    """An address verified (again) may be sent mail again, whatever bounced before."""
    from .services import email_unsuppress

    email_unsuppress(address=email_address.email)


class AccountsConfig(AppConfig):
    summary = "user, audit log (Actor, road), profile"
    name = "apps.accounts"
    label = "accounts"

    def ready(self):
        from allauth.account.signals import email_confirmed

        from . import audit

        audit.connect()
        email_confirmed.connect(_verified_again, dispatch_uid="accounts-unsuppress")
