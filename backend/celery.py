"""The Celery application. Tasks carry ids, load their rows and call one action."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.base")

app = Celery("samverka")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
