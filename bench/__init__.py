"""The benchmarks: `python -m bench.run` (`make bench`) and `python -m bench.scale`
(`make bench-scale`), run from the project's root.

Importing the package is their one bootstrap. Run as above, with no DJANGO_SETTINGS_MODULE in the
environment, it chooses bench.settings and sets Django up, so every module here imports models at
its top like any other. When the variable is already set it does nothing: the gunicorn, Celery
and locust processes bench.run starts inherit DJANGO_SETTINGS_MODULE=bench.settings (and pytest
sets its own), and their own django.setup() imports bench.settings, hence this package, while it
is still setting up; a second setup from here would recurse into it.
"""

import os

if "DJANGO_SETTINGS_MODULE" not in os.environ:
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

    import django

    django.setup()
