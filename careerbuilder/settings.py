"""careerbuilder settings, read from the environment (12-factor).

With nothing set the app runs on embedded defaults (SQLite under var/, Celery eager, email to the
console); DATABASE_URL, REDIS_URL and EMAIL_URL switch to the real services. DEBUG=false turns on
the production profile, in which `manage.py check --deploy` is clean.
"""

import os
from pathlib import Path

import environ
import jinja2
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only")
else:
    SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The site's public address, for links in emails sent outside a request (reminders).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.mfa",
    "apps.core",
    "apps.accounts",
    "apps.sharing",
    "apps.vision",
    "apps.milestones",
    "apps.learning",
    "apps.network",
    "apps.mentoring",
    "apps.checkins",
    "apps.reminders",
    "apps.opportunities",
    "apps.record",
    "apps.meetings",
    "apps.inbound",
    "apps.dashboard",
    "apps.dataio",
    "apps.api",
]

# Social login providers are off unless named, e.g. SOCIAL_PROVIDERS=github,google with
# SOCIAL_<PROVIDER>_CLIENT_ID and SOCIAL_<PROVIDER>_SECRET set.
SOCIAL_PROVIDERS = env.list("SOCIAL_PROVIDERS", default=[])
SOCIALACCOUNT_PROVIDERS = {}
for provider in SOCIAL_PROVIDERS:
    INSTALLED_APPS.append(f"allauth.socialaccount.providers.{provider}")
    SOCIALACCOUNT_PROVIDERS[provider] = {
        "APPS": [
            {
                "client_id": env(f"SOCIAL_{provider.upper()}_CLIENT_ID"),
                "secret": env(f"SOCIAL_{provider.upper()}_SECRET"),
            }
        ],
        "EMAIL_AUTHENTICATION": True,
    }

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.accounts.middleware.UserTimezoneMiddleware",
    "apps.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "careerbuilder.urls"
WSGI_APPLICATION = "careerbuilder.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.dashboard.context_processors.navigation",
                "apps.dashboard.context_processors.setup_guide",
            ],
        },
    },
    {  # the emails the app writes: rendered in bulk, and Jinja2 renders ~5x faster (make bench)
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "OPTIONS": {
            "autoescape": jinja2.select_autoescape(["html"]),
            "environment": "careerbuilder.jinja2.environment",
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'careerbuilder.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "apps.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"

# django-allauth: email is the only login, verified before first use; rate limits stay on
# (allauth's defaults, counted in the cache above).
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_PREVENT_ENUMERATION = True  # signup, login and reset answer alike for any address
# allauth's own limits stay at its defaults (login 30/m per address, 5 failures per 5 minutes per
# account, signup 20/m, reset 20/m and 5/m per email…).
# Our own limits (apps.core.ratelimits, django-ratelimit), as "amount/period/per" (ip or user).
RATE_LIMITS = {
    "mentoring_invitation": "20/m/ip",  # opening or accepting an invitation link
    "mentoring_invite": "5/h/user,20/d/user",  # invitation emails one user may send
    "api_token": "300/m/ip",  # API calls with a personal access token
    # session emails (invitations, moves, cancellations, follow-ups) to one person: a session
    # accepted, moved twice, then called off is four; past these, the email is skipped and logged
    "session_mail": "10/h/user,40/d/user",
}
# Behind the TLS proxy: how the client's address is found, by allauth's get_client_ip, which
# every rate limit (logins, invitations, API tokens) and the audit log use. Set the number of
# proxies that append to X-Forwarded-For, or the header a single trusted proxy sets; without
# either, every request seems to come from the proxy and ten failed logins lock everyone out.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default=None)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "careerbuilder"
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "landing"
ACCOUNT_SIGNUP_REDIRECT_URL = "setup"
ACCOUNT_SIGNUP_FORM_CLASS = "apps.accounts.forms.SignupProfileForm"
ACCOUNT_ADAPTER = "apps.accounts.adapter.AccountAdapter"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # the link opens a page whose button confirms: never a GET
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[careerbuilder] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.api.authentication.PersonalAccessTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "apps.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env("API_USER_RATE", default="600/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "careerbuilder API",
    "DESCRIPTION": "Your career plan: vision, milestones, learning, network, check-ins, comments.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"HorizonEnum": "apps.vision.models.HorizonYears"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "apps.api.schema.add_error_responses",
    ],
}

LANGUAGE_CODE = "en-gb"
# Each language is named in itself, as a language picker shows it; `make messages` refreshes the
# catalogues in locale/ and scripts/i18n.py checks that every one is complete.
LANGUAGES = [
    ("en-gb", "English"),
    ("de", "Deutsch"),
    ("fr", "Français"),
    ("es", "Español"),
    ("pt-br", "Português (Brasil)"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60  # a visitor's choice outlives the browser session
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = env.bool("USE_TZ", default=True)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# An email provider's API instead of SMTP (django-anymail): EMAIL_URL=anymail://postmark (or
# mailgun, sendgrid, amazon_ses…), its keys as ANYMAIL_<SETTING>, e.g.
# ANYMAIL_POSTMARK_SERVER_TOKEN. ANYMAIL_WEBHOOK_SECRET ("user:password") turns on the inbound and
# bounce webhooks (docs/email.md).
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_") and value
}
if env("EMAIL_URL", default="").startswith("anymail://"):
    EMAIL_BACKEND = f"anymail.backends.{env('EMAIL_URL')[10:].strip('/')}.EmailBackend"
else:
    EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
    vars().update(EMAIL_CONFIG)
    if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        EMAIL_BACKEND = "apps.core.mail.SMTPBackend"  # sends bulk emails' bytes as written
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)  # seconds; a stalled server fails the send
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="careerbuilder <noreply@careerbuilder.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Mail to careerbuilder: replies to check-in reminders (checkin+TOKEN@) arrive at this domain,
# whose MX points at `manage.py receive_mail` or a provider's inbound webhook (docs/email.md).
INBOUND_MAIL_DOMAIN = env(
    "INBOUND_MAIL_DOMAIN", default=DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >")
)
INBOUND_MAX_BYTES = env.int("INBOUND_MAX_BYTES", default=10 * 1024 * 1024)  # larger is refused
# Messages one user may send in per hour (more are refused), and confirmations sent back per hour.
INBOUND_PER_HOUR = env.int("INBOUND_PER_HOUR", default=30)
INBOUND_CONFIRMATIONS_PER_HOUR = env.int("INBOUND_CONFIRMATIONS_PER_HOUR", default=10)
# The log of received messages (no bodies: who, what for, what was done) is kept this long.
INBOUND_RETENTION_DAYS = env.int("INBOUND_RETENTION_DAYS", default=30)
# How the sender of inbound mail is proven (apps/inbound/authentication.py, docs/email.md):
# "authentication-results" trusts the Authentication-Results header of the MTA in front, whose
# authentication service id is INBOUND_AUTHSERV_ID (and only that one); "dkim" verifies DKIM here
# and wants the envelope sender aligned with From; "none" trusts From (development only).
INBOUND_AUTHSERV_ID = env("INBOUND_AUTHSERV_ID", default="")
INBOUND_SENDER_POLICY = env(
    "INBOUND_SENDER_POLICY", default="authentication-results" if INBOUND_AUTHSERV_ID else "dkim"
)
# A function looking up DNS TXT records for DKIM keys (dotted path; by default, real DNS).
INBOUND_DKIM_DNS = env("INBOUND_DKIM_DNS", default="")

# Celery: without a broker, tasks run eagerly in the calling process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# The reminder dispatch runs every minute as one task per partition of the users (by user id
# modulo REMINDER_PARTITIONS), so many workers on many machines share it; a run that waited more
# than 55 seconds in the queue is dropped, the next minute's takes over.
REMINDER_PARTITIONS = max(1, env.int("REMINDER_PARTITIONS", default=1))
CELERY_BEAT_SCHEDULE = {
    **{
        f"dispatch-reminders-{number}": {
            "task": "reminders.dispatch",
            "schedule": 60.0,
            "args": (number, REMINDER_PARTITIONS),
            "options": {"expires": 55},
        }
        for number in range(REMINDER_PARTITIONS)
    },
    "purge-reminders": {"task": "reminders.purge", "schedule": 60.0 * 60},
    "purge-inbound": {"task": "inbound.purge", "schedule": 60.0 * 60},
    "purge-resume-previews": {"task": "dataio.purge_previews", "schedule": 60.0 * 60},
    "purge-form-submissions": {"task": "core.purge_form_submissions", "schedule": 60.0 * 60},
    "purge-session-mails": {"task": "meetings.purge_session_mails", "schedule": 60.0 * 60},
    # confirmations of emailed check-ins that the broker could not take when they were written
    "confirm-waiting": {
        "task": "inbound.confirm_waiting",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    # session emails (invitations…) that the broker could not take when they were owed
    "session-mails-waiting": {
        "task": "meetings.session_mails_waiting",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}
# Sent and failed reminder emails (and their reminders) are deleted after this many days.
REMINDER_RETENTION_DAYS = env.int("REMINDER_RETENTION_DAYS", default=90)
# /metrics (Prometheus) answers only requests bearing this token; with none set it is off (404).
METRICS_TOKEN = env("METRICS_TOKEN", default="")

# Reminders: a delivery claimed by a worker that died is tried again after this many seconds.
REMINDER_SEND_LEASE_SECONDS = env.int("REMINDER_SEND_LEASE_SECONDS", default=300)
# A failed send is tried again after 1, 2, 4… times this many seconds, up to this many attempts
# (ten attempts span about eight and a half hours).
REMINDER_RETRY_BACKOFF_SECONDS = env.int("REMINDER_RETRY_BACKOFF_SECONDS", default=60)
REMINDER_MAX_ATTEMPTS = env.int("REMINDER_MAX_ATTEMPTS", default=10)
# /healthz reports the dispatcher stale when it has not run for this long.
REMINDER_DISPATCHER_STALE_SECONDS = env.int("REMINDER_DISPATCHER_STALE_SECONDS", default=300)

# Production profile: on whenever DEBUG is off; each switch can still be turned by its variable.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]  # probes and scrapers over plain HTTP
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 24 * 14)
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp), in every profile: only this site's own scripts, styles,
# images and fonts; no inline script or style anywhere; no framing; forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
