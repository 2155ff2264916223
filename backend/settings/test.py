"""The test suite: PostgreSQL and Redis on localhost, as in production."""

from __future__ import annotations

import os
import re
from pathlib import Path

# One database per checkout, so that several work trees on one machine never share a test
# database (pytest-django prefixes it with test_).
_checkout = re.sub(r"[^a-z0-9]+", "_", Path(__file__).resolve().parents[2].name.lower())
os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/samverka_{_checkout}")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("LOG_FORMAT", "console")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from backend.settings.base import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests that are about the worker start a real one; elsewhere tasks run in-process after commit.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Throttle counters live in the cache: keep them per process, never in the shared Redis.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_CLASSES": []}  # noqa: F405
# Tests never need a commit to survive a power cut; waiting for the disk only slows them.
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
