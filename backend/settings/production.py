"""Production: secrets required, HTTPS hardening on, PostgreSQL and Redis.

``DJANGO_SETTINGS_MODULE=backend.settings.production``; ``manage.py check --deploy`` is clean.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

from backend.settings.base import *  # noqa: F403
from backend.settings.base import (
    AUDIT_CHECKPOINT_TRUSTED_KEYS,
    DATABASES,
    DEBUG,
    REDIS_URL,
    _audit_keys,
)
from backend.settings.env import env_bool, env_int, env_list, env_str

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be false in production.")

SECRET_KEY = env_str("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters in production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production.")
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL=postgres://...")
if not REDIS_URL:
    raise ImproperlyConfigured("Production needs REDIS_URL (cache and Celery broker).")
# The audit checkpoints must be signed with a key of the deployment, never a generated one.
AUDIT_CHECKPOINT_KEY = env_str("AUDIT_CHECKPOINT_KEY")
_audit_keys(AUDIT_CHECKPOINT_KEY, AUDIT_CHECKPOINT_TRUSTED_KEYS)

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
