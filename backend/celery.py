"""The Celery application. Tasks carry ids, load their rows and call one action."""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings.base")

app = Celery("samverka")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _close_old_connections(sender: Any = None, **kwargs: Any) -> None:
    """Database connections in a worker live like in a web process: reused for
    ``CONN_MAX_AGE`` and dropped when broken (``CONN_HEALTH_CHECKS``). Celery's own Django
    fixup would close them around every task (a new PostgreSQL connection per task, several
    times the cost of a small task); ``CELERY_DB_REUSE_MAX`` turns that off."""
    if getattr(getattr(sender, "request", None), "is_eager", False):
        return  # in-process (tests): the caller's connection and transaction are not ours
    from django.db import close_old_connections

    close_old_connections()
