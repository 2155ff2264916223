"""``Idempotency-Key`` on every mutating endpoint (api.md).

The first request with a key runs and its response (status and body) is stored; a replay with
the same key, method, path and body gets that stored response without running again. While the
first is still running a replay gets 409. The same key with a different request is a 400. A
response of 500 or more is not stored, so the client may retry with the same key. Keys are
scoped per user and kept for ``IDEMPOTENCY_KEY_TTL_HOURS``.

The record is written outside the action's transaction on purpose: it must exist (in flight)
before the action commits, so that a concurrent replay can never run the action a second time.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.request import Request
from rest_framework.response import Response

from backend.core.exceptions import Conflict, InvalidInput
from backend.core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Replay(Exception):  # control flow, not an error
    def __init__(self, response: Response) -> None:
        self.response = response


def _request_hash(request: Request) -> str:
    try:
        body = json.dumps(request.data, sort_keys=True, default=str)
    except (TypeError, ValueError):
        body = repr(request.data)
    return hashlib.sha256(body.encode()).hexdigest()


def begin(request: Request) -> IdempotencyRecord | None:
    """Claim the key for this request, or raise Replay / Conflict / InvalidInput."""
    key = request.headers.get(HEADER)
    if key is None or request.method not in MUTATING or not request.user.is_authenticated:
        return None
    if not 1 <= len(key) <= 255 or not key.isprintable():
        raise InvalidInput(errors={HEADER: [_("Nyckeln ska vara 1–255 skrivbara tecken.")]})
    fingerprint = _request_hash(request)
    expired_before = timezone.now() - datetime.timedelta(hours=settings.IDEMPOTENCY_KEY_TTL_HOURS)
    IdempotencyRecord.objects.filter(
        user=request.user, key=key, created_at__lt=expired_before
    ).delete()
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                user=request.user,
                key=key,
                method=request.method or "",
                path=request.path[:512],
                request_hash=fingerprint,
            )
    except IntegrityError:
        pass
    existing = IdempotencyRecord.objects.get(user=request.user, key=key)
    if (existing.method, existing.path, existing.request_hash) != (
        request.method,
        request.path[:512],
        fingerprint,
    ):
        raise InvalidInput(errors={HEADER: [_("Nyckeln har redan använts för en annan begäran.")]})
    if existing.state == IdempotencyRecord.State.IN_FLIGHT:
        raise Conflict(
            detail=_("En begäran med samma nyckel pågår fortfarande; försök igen strax."),
            code="idempotency-in-flight",
        )
    response = Response(
        existing.response_body,
        status=existing.response_status,
        content_type=existing.response_content_type or None,
    )
    response["Idempotent-Replayed"] = "true"
    raise Replay(response)


def finish(record: IdempotencyRecord, response: Any) -> None:
    status = getattr(response, "status_code", 500)
    if status >= 500:
        record.delete()  # nothing is known to have happened: let the client retry
        return
    body = getattr(response, "data", None)
    try:
        json.dumps(body, default=str)
    except (TypeError, ValueError):
        body = None
    record.state = IdempotencyRecord.State.DONE
    record.response_status = status
    record.response_body = json.loads(json.dumps(body, default=str)) if body is not None else None
    # DRF sets the Content-Type header only when rendering, after this; keep what the view chose
    # (problem+json for errors) and let the renderer pick the default otherwise.
    record.response_content_type = getattr(response, "content_type", None) or ""
    record.save(
        update_fields=["state", "response_status", "response_body", "response_content_type"]
    )
