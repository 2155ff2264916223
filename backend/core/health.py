"""Liveness and readiness. ``/readyz`` answers 503 naming what is down, so that a load balancer
stops sending traffic and an operator sees why."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from backend.core.logging import get_logger

log = get_logger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not ready"; the reason goes to the log
        log.warning("readiness.database_down", exc_info=True)
        return False


def _broker_ok() -> bool:
    from backend.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
        return True
    except Exception:  # kombu raises transport-specific errors
        log.warning(
            "readiness.broker_down",
            broker=settings.CELERY_BROKER_URL.split("://")[0],
            exc_info=True,
        )
        return False


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    ready = all(checks.values())
    body = {
        "status": "ok" if ready else "unavailable",
        "checks": {name: ("ok" if ok else "down") for name, ok in checks.items()},
    }
    return JsonResponse(body, status=200 if ready else 503)
