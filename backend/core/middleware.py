"""Request ids: taken from a well-formed ``X-Request-ID`` or made here, echoed in the response,
bound to every log line and written into every audit event of the request."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

import structlog
from django.http import HttpRequest, HttpResponse

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]  # set for audit context
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def client_address(request: HttpRequest) -> str | None:
    """The caller's address as the server saw it (the proxy sets REMOTE_ADDR via gunicorn's
    forwarded-allow-ips; we do not trust X-Forwarded-For from arbitrary clients)."""
    return request.META.get("REMOTE_ADDR") or None
