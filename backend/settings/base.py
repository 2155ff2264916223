"""Settings shared by every environment, read from the environment.

The defaults serve ``make run`` on a fresh machine: SQLite and kombu's filesystem broker under
``var/``, so nothing but Python is needed. Production (``backend.settings.production``) requires
the secrets and turns on the HTTPS hardening that ``manage.py check --deploy`` asks for.
"""

from __future__ import annotations

import base64
import datetime
import secrets
from pathlib import Path
from typing import Any, cast

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from backend.settings.env import (
    env_bool,
    env_int,
    env_list,
    env_optional_str,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("SAMVERKA_VAR_DIR", str(BASE_DIR / "var")))


def _dev_secret_key() -> str:
    """A per-checkout key kept in var/, so that sessions survive a restart of ``make run``."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = env_optional_str("SECRET_KEY") or _dev_secret_key()
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_htmx",
    # Core apps (backend/)
    "backend.accounts",
    "backend.organisations",
    "backend.people",
    "backend.cases",
    "backend.core",
    # Workflow apps
    "audit",
    "consent",
    "workflows",
    "workflows.sharing",
    "workflows.meetings",
    "workflows.reminders",
    # The pages (C11)
    "backend.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "backend.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "backend.web.middleware.SwedishFirstMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "backend.urls"
WSGI_APPLICATION = "backend.wsgi.application"
ASGI_APPLICATION = "backend.asgi.application"

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
                "django.template.context_processors.i18n",
                "backend.web.context.navigation",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------


def _database(url: str) -> dict[str, Any]:
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} is not a database URL: {exc}") from exc
    engine = config.get("ENGINE", "")
    if engine.endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
        # IMMEDIATE takes the write lock at BEGIN, so the web process and the Celery worker wait
        # for each other instead of failing with "database is locked" on lock upgrade.
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    elif engine.endswith("postgresql"):
        config["CONN_HEALTH_CHECKS"] = True
    else:
        raise ImproperlyConfigured(
            f"DATABASE_URL uses {engine!r}; Samverka runs on PostgreSQL (or SQLite for make run)."
        )
    return config


DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Identity ---------------------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# guardian: no anonymous user row; access is deny-by-default and anonymous callers get 401.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_SAVE_EVERY_REQUEST = True  # the age above is an idle timeout, renewed by each request
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False

API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 10, minimum=1)
IDEMPOTENCY_KEY_TTL_HOURS = env_int("IDEMPOTENCY_KEY_TTL_HOURS", 24, minimum=1)

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it (collectstatic fills it)
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").exists() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
WHITENOISE_USE_FINDERS = True  # make run serves static files without collectstatic

# --- API --------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "backend.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "backend.core.api.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "backend.core.api.errors.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_RATES": {
        "login": env_str("LOGIN_THROTTLE_RATE", "10/min"),
        "user": env_str("USER_THROTTLE_RATE", "1200/min"),
    },
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # ?format= selects a document format (receipt pdf, export csv), never a DRF renderer.
    "URL_FORMAT_OVERRIDE": None,
}
REST_KNOX = {
    "AUTH_HEADER_PREFIX": "Bearer",
    "TOKEN_TTL": None,  # set per token from API_TOKEN_TTL_HOURS by the login action
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samverka API",
    "DESCRIPTION": (
        "Lawful information sharing between school, social services and police (SSP). "
        "Errors are RFC 9457 problem details; 404 for anything the caller may not see."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Cache ------------------------------------------------------------------------------------

REDIS_URL = env_optional_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -----------------------------------------------------------------------------------

BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env_optional_str("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL.split(":", 1)[0] not in {"redis", "rediss", "filesystem", "memory", "amqp"}:
    raise ImproperlyConfigured(
        f"CELERY_BROKER_URL={CELERY_BROKER_URL!r}: use redis://, filesystem:// or memory://."
    )
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith("redis"):
    # Tasks only carry ids of rows that workers claim; a redelivered message is harmless.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TIMEZONE = TIME_ZONE
# Read by Celery's Django fixup: without it every task closes the database connection before
# and after it runs. backend/celery.py closes old connections the Django way instead.
CELERY_DB_REUSE_MAX = 1_000_000
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {}

# --- Email ------------------------------------------------------------------------------------

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true.")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Samverka <noreply@samverka.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# For django.core.mail.backends.filebased and workflows.reminders.mail.DedupingFileEmailBackend.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))

# --- Logging (structured JSON) ----------------------------------------------------------------

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOG_FORMAT = env_str("LOG_FORMAT", "json")
if LOG_FORMAT not in {"json", "console"}:
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r}: use json or console.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "()": "structlog.stdlib.ProcessorFormatter",
            "processor": "ext://backend.core.logging.RENDERER",
            "foreign_pre_chain": "ext://backend.core.logging.FOREIGN_PRE_CHAIN",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "celery": {"level": LOG_LEVEL},
    },
}

# --- Samverka ---------------------------------------------------------------------------------


def _ground_modes(raw: str) -> dict[str, str]:
    """``G16=off,G17=review_only``: a deployment's lawyers switch grounds off or to review."""
    modes: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in raw.split(","))):
        ground, sep, mode = item.partition("=")
        if not sep or mode not in {"normal", "review_only", "off"}:
            raise ImproperlyConfigured(
                f"ENGINE_GROUND_MODES item {item!r}: use G<nn>=normal|review_only|off."
            )
        modes[ground.strip()] = mode
    from workflows.engine.catalogue import GROUNDS_BY_ID  # pure module: no Django import

    unknown = sorted(set(modes) - set(GROUNDS_BY_ID))
    if unknown:
        raise ImproperlyConfigured(f"ENGINE_GROUND_MODES names unknown grounds: {unknown}.")
    return modes


ENGINE_GROUND_MODES = _ground_modes(env_str("ENGINE_GROUND_MODES", ""))

# Consent validity (legal-rules.md 3.7: the law sets no expiry; 12 months is a design choice).
CONSENT_DEFAULT_VALIDITY_MONTHS = env_int("CONSENT_DEFAULT_VALIDITY_MONTHS", 12, minimum=1)
CONSENT_MAX_VALIDITY_MONTHS = env_int("CONSENT_MAX_VALIDITY_MONTHS", 12, minimum=1)
if CONSENT_DEFAULT_VALIDITY_MONTHS > CONSENT_MAX_VALIDITY_MONTHS:
    raise ImproperlyConfigured(
        "CONSENT_DEFAULT_VALIDITY_MONTHS cannot exceed CONSENT_MAX_VALIDITY_MONTHS."
    )

# --- Audit ------------------------------------------------------------------------------------


def _dev_audit_checkpoint_key() -> str:
    """A per-checkout Ed25519 key kept in var/ (like SECRET_KEY), so that checkpoints written by
    ``make run`` still verify after a restart. Production requires AUDIT_CHECKPOINT_KEY."""
    path = VAR_DIR / "audit_checkpoint_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(base64.b64encode(secrets.token_bytes(32)).decode(), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _audit_keys(private: str, trusted: list[str]) -> None:
    from audit.signing import KeyError_, load_private_key, load_public_key

    try:
        load_private_key(private)
        for text in trusted:
            load_public_key(text)
    except (KeyError_, ValueError) as exc:
        raise ImproperlyConfigured(f"Audit checkpoint keys: {exc}") from exc


def _working_hours(name: str, default: str) -> tuple[datetime.time, datetime.time]:
    value = env_str(name, default)
    try:
        start, end = (datetime.time.fromisoformat(part.strip()) for part in value.split("-"))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r}: use HH:MM-HH:MM, e.g. 07:00-18:00.") from exc
    if start >= end:
        raise ImproperlyConfigured(f"{name}={value!r}: the day must start before it ends.")
    return start, end


# Signs the checkpoints: base64 of 32 random bytes, or a PEM Ed25519 private key (use
# AUDIT_CHECKPOINT_KEY_FILE for PEM). Public keys (base64 or PEM) of earlier keys whose
# checkpoints must still verify after a key rotation go in AUDIT_CHECKPOINT_TRUSTED_KEYS.
AUDIT_CHECKPOINT_KEY = env_optional_str("AUDIT_CHECKPOINT_KEY") or _dev_audit_checkpoint_key()
AUDIT_CHECKPOINT_TRUSTED_KEYS = env_list("AUDIT_CHECKPOINT_TRUSTED_KEYS", [])
_audit_keys(AUDIT_CHECKPOINT_KEY, AUDIT_CHECKPOINT_TRUSTED_KEYS)
# Checkpoints are also written here, outside the database (a volume, or a mount of another
# system), so that rewriting the database alone cannot hide a changed log.
AUDIT_CHECKPOINT_DIR = Path(env_str("AUDIT_CHECKPOINT_DIR", str(VAR_DIR / "audit-checkpoints")))
AUDIT_CHECKPOINT_INTERVAL_SECONDS = env_int("AUDIT_CHECKPOINT_INTERVAL_SECONDS", 300, minimum=10)
CELERY_BEAT_SCHEDULE["audit-write-checkpoints"] = {
    "task": "audit.write_checkpoints",
    "schedule": float(AUDIT_CHECKPOINT_INTERVAL_SECONDS),
}
# Anomaly report: working hours (local time, Europe/Stockholm; weekends and Swedish public
# holidays are outside them), and what counts as a burst.
AUDIT_WORKING_HOURS = _working_hours("AUDIT_WORKING_HOURS", "07:00-18:00")
AUDIT_ANOMALY_DENIALS = env_int("AUDIT_ANOMALY_DENIALS", 5, minimum=2)
AUDIT_ANOMALY_DENIALS_MINUTES = env_int("AUDIT_ANOMALY_DENIALS_MINUTES", 10, minimum=1)
AUDIT_ANOMALY_YOUNG_PEOPLE = env_int("AUDIT_ANOMALY_YOUNG_PEOPLE", 15, minimum=2)
AUDIT_ANOMALY_YOUNG_PEOPLE_MINUTES = env_int("AUDIT_ANOMALY_YOUNG_PEOPLE_MINUTES", 60, minimum=1)
# --- Meetings, plans, reminders ---------------------------------------------------------------


def _iso_dates(name: str) -> tuple[datetime.date, ...]:
    days = []
    for item in env_list(name, []):
        try:
            days.append(datetime.date.fromisoformat(item))
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name}: {item!r} is not a date (YYYY-MM-DD).") from exc
    return tuple(days)


# Working days (backend/core/workdays.py): midsommarafton, julafton and nyårsafton count as
# non-working days unless turned off; a municipality may list extra closed days (klämdagar).
WORKDAYS_EVES_ARE_NON_WORKING = env_bool("WORKDAYS_EVES_ARE_NON_WORKING", default=True)
WORKDAYS_EXTRA_NON_WORKING_DAYS = _iso_dates("WORKDAYS_EXTRA_NON_WORKING_DAYS")

# The reminder outbox (workflows/reminders). Beat runs the dispatcher every interval; it claims
# due rows (at most MAX_IN_FLIGHT live claims at a time, BATCH per query) and enqueues one
# delivery task per row. A delivery a worker started and did not finish within the lease is
# claimed again (the worker died); a claim no worker started within REDISPATCH seconds is
# dispatched again (the broker lost the message). Starts beyond MAX_ATTEMPTS fail the row.
REMINDER_DISPATCH_INTERVAL_SECONDS = env_int("REMINDER_DISPATCH_INTERVAL_SECONDS", 30, minimum=1)
REMINDER_LEASE_SECONDS = env_int("REMINDER_LEASE_SECONDS", 300, minimum=1)
REMINDER_REDISPATCH_SECONDS = env_int("REMINDER_REDISPATCH_SECONDS", 900, minimum=1)
REMINDER_DISPATCH_BATCH = env_int("REMINDER_DISPATCH_BATCH", 500, minimum=1)
REMINDER_MAX_IN_FLIGHT = env_int("REMINDER_MAX_IN_FLIGHT", 5000, minimum=1)
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 8, minimum=1)
REMINDER_RETRY_SECONDS = env_int("REMINDER_RETRY_SECONDS", 300, minimum=1)
# Reminders about a day (an action item's due date, a birthday, a deadline) go out at this hour.
REMINDER_SEND_HOUR = env_int("REMINDER_SEND_HOUR", 8, minimum=0)
if REMINDER_SEND_HOUR > 23:
    raise ImproperlyConfigured(f"REMINDER_SEND_HOUR={REMINDER_SEND_HOUR} must be 0-23.")
# The daily birthday sweep schedules 12/15/18-year reminders this many days ahead.
REMINDER_BIRTHDAY_LOOKAHEAD_DAYS = env_int("REMINDER_BIRTHDAY_LOOKAHEAD_DAYS", 7, minimum=1)
# The calendar feed lists a user's meetings from this many days back.
CALENDAR_FEED_PAST_DAYS = env_int("CALENDAR_FEED_PAST_DAYS", 30, minimum=0)

SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **cast(dict[str, str], SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {})),
    "MeetingStatusEnum": "workflows.meetings.models.MeetingStatus",
    "ActionItemStatusEnum": "workflows.meetings.models.ActionItemStatus",
    "RiskAreaEnum": "workflows.meetings.models.RiskArea",
    "RiskLevelEnum": "workflows.meetings.models.RiskLevel",
}

CELERY_BEAT_SCHEDULE["reminders.dispatch_due"] = {
    "task": "reminders.dispatch_due",
    "schedule": float(REMINDER_DISPATCH_INTERVAL_SECONDS),
    # Ticks queue behind the deliveries they enqueued and keep the pipeline fed; only ticks left
    # over from a long worker outage are dropped (each would be a cheap no-op anyway).
    "options": {"expires": float(max(60, 20 * REMINDER_DISPATCH_INTERVAL_SECONDS))},
}
CELERY_BEAT_SCHEDULE["reminders.schedule_birthdays"] = {
    "task": "reminders.schedule_birthdays",
    "schedule": crontab(hour=3, minute=17),
}
