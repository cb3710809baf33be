"""The production profile (DEBUG off) as `make bench` serves it: plain HTTP on loopback, a
baseline view for comparison, and a login rate limit wide enough for one address signing in
hundreds of benchmark users. Everything else is exactly `settings.py` with DEBUG=false."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "benchmark-only-not-secret-" + "x" * 40)
for variable in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
    os.environ.setdefault(variable, "false")  # no TLS proxy in front of gunicorn here

from careerbuilder.settings import *  # noqa: E402, F403

ROOT_URLCONF = "bench.urls"
ACCOUNT_RATE_LIMITS = {"login": "100000/m/ip"}  # allauth keeps its other defaults
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
