"""The sources of reminders careerbuilder has, one module each, each registering itself
(`kinds.register`); `discover()` imports them all, and any app's `reminder_sources.py`, at
start-up (apps.reminders.apps). Nothing lists them here."""

import importlib
import pkgutil

from django.utils.module_loading import autodiscover_modules


def discover() -> None:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    autodiscover_modules("reminder_sources")
