from django.apps import AppConfig


def _password_reset(sender, request, user, **kwargs):
    """A reset is the way back into an account whose password someone else may have had, and
    with it made tokens: they stop working too. (A change, made signed in with the old password,
    keeps them: the tokens page lists and revokes them.)"""
    from apps.accounts.audit import Actor

    from .services import token_revoke_all

    token_revoke_all(user=user, actor=Actor.of(request), why="the password was reset")


class ApiConfig(AppConfig):
    summary = "REST API, tokens"
    name = "apps.api"
    label = "api"

    def ready(self):
        from allauth.account.signals import password_reset

        from . import schema  # noqa: F401  (registers the token scheme with drf-spectacular)

        password_reset.connect(_password_reset, dispatch_uid="api-revoke-tokens-on-reset")
