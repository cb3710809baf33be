"""One registry, for every extension point an app fills from a module of its own (wagtail's
hooks are the model): plan areas from `areas.py`, Today's sources from `today.py`. Each entry has
a `key` and an `order`; the modules are imported once, whichever caller asks first."""

import contextlib

from django.utils.module_loading import autodiscover_modules


class Registry:
    def __init__(self, module: str, what: str):
        self.module, self.what = module, what
        self.entries: dict[str, object] = {}
        self.discovered = False

    def discover(self) -> None:
        if not self.discovered:
            self.discovered = True
            autodiscover_modules(self.module)

    def register(self, entry):
        if entry.key in self.entries:
            raise ValueError(f"{self.what} registered twice: {entry.key}")
        self.entries[entry.key] = entry
        return entry

    def unregister(self, entry) -> None:
        self.entries.pop(entry.key, None)

    @contextlib.contextmanager
    def temporarily(self, entry):
        """An entry registered for the duration of a `with` block: for tests."""
        self.register(entry)
        try:
            yield entry
        finally:
            self.unregister(entry)

    def ordered(self) -> list:
        """Every entry, lowest `order` first."""
        self.discover()
        return sorted(self.entries.values(), key=lambda entry: entry.order)

    def get(self, key: str):
        self.discover()
        return self.entries.get(key)
