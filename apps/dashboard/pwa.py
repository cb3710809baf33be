"""What makes careerbuilder installable: the web app manifest and the service worker's app shell
(templates/dashboard/sw.js). The worker keeps only these public files, never a personal page."""

import hashlib
import json
from pathlib import Path

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.template.loader import get_template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

THEME_COLOUR = "#1f4e79"  # static/css/app.css: --brand, the header's blue
SHELL_STATIC = [
    "css/app.css",
    "js/app.js",
    "django_htmx/htmx-2.min.js",  # what base.html's {% htmx_script %} loads
    "img/favicon.svg",
    "img/icon-192.png",
    "img/icon-512.png",
    "img/apple-touch-icon.png",
]
SHELL_TEMPLATES = ["dashboard/offline.html", "dashboard/sw.js"]


def manifest() -> dict:
    """The web app manifest: what Chromium and Safari need to install it, and its shortcuts."""
    icons = [
        {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("img/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ]
    shortcut_icons = [icons[0]]
    return {
        "id": "/",
        "name": "careerbuilder",
        "short_name": "careerbuilder",
        "description": _("Build a career on purpose, not just do a job."),
        "lang": get_language(),  # the words below are the visitor's language
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": reverse("today"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": THEME_COLOUR,
        "icons": icons,
        "shortcuts": [
            {
                "name": _("Today"),
                "description": _("What is on your list today"),
                "url": reverse("today"),
                "icons": shortcut_icons,
            },
            {
                "name": _("Check in"),
                "description": _("Job or career? Your check-in"),
                "url": reverse("checkins:create"),
                "icons": shortcut_icons,
            },
            {
                "name": _("Log a conversation"),
                "short_name": _("Log"),
                "description": _("Log whom you reached out to"),
                "url": reverse("network:reach_out"),
                "icons": shortcut_icons,
            },
        ],
    }


def shell() -> list[str]:
    """The URLs the worker keeps from its installation on: the static files every page loads
    (hashed names in production) and the two offline pages."""
    return [static(path) for path in SHELL_STATIC] + [reverse("offline"), reverse("offline_saved")]


def shell_version(urls: list[str]) -> str:
    """Names the worker's cache: it changes with any file of the shell, so a deployment replaces
    the cache. Hashed static names say it in production; without them (development, tests), the
    files' contents do."""
    # the offline pages speak the visitor's language: another language is another cache
    digest = hashlib.sha256("\n".join([get_language(), *urls]).encode())
    sources = [Path(get_template(name).origin.name) for name in SHELL_TEMPLATES]
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        sources += [Path(finders.find(path)) for path in SHELL_STATIC]
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


def worker_context() -> dict:
    urls = shell()
    return {
        "version": shell_version(urls),
        "shell": json.dumps(urls),
        "static_prefix": json.dumps(static("")),
        "offline_url": json.dumps(reverse("offline")),
        "saved_url": json.dumps(reverse("offline_saved")),
    }
