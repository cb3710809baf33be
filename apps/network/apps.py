from django.apps import AppConfig


class NetworkConfig(AppConfig):
    summary = "contacts, events, the Inbox"
    name = "apps.network"
    label = "network"

    def ready(self):
        from . import changes  # noqa: F401  (registers what changed in network)
