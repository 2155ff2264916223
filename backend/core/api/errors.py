"""One error shape for the whole API: problem details (RFC 9457) in the caller's language.

``{"type", "title", "status", "detail", "errors": {field: [messages]}}``. Denials (404 for what
the caller may not see, 403 for what their role may not do) are written to the audit log here,
after the action's transaction has rolled back, so that the denial itself is never lost.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions as drf
from rest_framework.response import Response

import audit
from audit.models import Outcome
from backend.core import exceptions as domain
from backend.core.actor import Actor

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_response(
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    body: dict[str, Any] = {
        **(extra or {}),
        "type": f"urn:samverka:problem:{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "errors": errors or {},
    }
    return Response(body, status=status, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail -> {"field.sub": [messages]}."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "non_field_errors":
                name = prefix or "non_field_errors"
            for field, messages in _flatten(value, name).items():
                out.setdefault(field, []).extend(messages)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out[prefix or "non_field_errors"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                name = f"{prefix}.{index}" if prefix else str(index)
                for field, messages in _flatten(item, name).items():
                    out.setdefault(field, []).extend(messages)
    else:
        out[prefix or "non_field_errors"] = [str(detail)]
    return out


def record_denial(request: Any, *, status: int, exc: Exception) -> None:
    """The ``access.denied`` event for a 404 or 403 (the API's and the pages' error paths)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    actor = Actor.from_request(request)
    payload: dict[str, Any] = {
        "status": status,
        "method": request.method,
        "path": request.path,
    }
    object_type = ""
    object_id: Any = None
    young_person_id = case_id = None
    if isinstance(exc, domain.NotFound | domain.Forbidden):
        object_type = exc.object_type
        object_id = exc.object_id
        young_person_id = exc.young_person_id
        case_id = exc.case_id
        payload["reason"] = exc.reason if isinstance(exc, domain.NotFound) else exc.code
    audit.record(
        actor=actor,
        action="access.denied",
        outcome=Outcome.DENIED,
        object_type=object_type,
        object_id=object_id,
        young_person_id=young_person_id,
        case_id=case_id,
        payload=payload,
    )


def record_refusal(request: Any, note: domain.AuditNote) -> None:
    """The event an action asked for when it refused (``AuditNote``), written after its
    transaction rolled back."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    audit.record(
        actor=Actor.from_request(request),
        action=note.action,
        outcome=Outcome.DENIED,
        object_type=note.object_type,
        object_id=note.object_id,
        young_person_id=note.young_person_id,
        case_id=note.case_id,
        legal_ground=note.legal_ground,
        payload=note.payload,
    )


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    note = getattr(exc, "audit", None)
    if isinstance(note, domain.AuditNote) and request is not None:
        record_refusal(request, note)
        if isinstance(exc, domain.Forbidden):
            request = None  # the refusal above is the denial event; do not write two

    if isinstance(exc, domain.NotFound | Http404 | drf.NotFound):
        if request is not None:
            record_denial(request, status=404, exc=exc)
        return problem_response(
            status=404,
            code="not-found",
            title=_("Hittades inte"),
            detail=_("Det du söker finns inte, eller så saknar du behörighet att se det."),
        )
    if isinstance(exc, domain.Forbidden | DjangoPermissionDenied | drf.PermissionDenied):
        if request is not None:
            record_denial(request, status=403, exc=exc)
        detail = str(exc.detail) if isinstance(exc, domain.Forbidden | drf.PermissionDenied) else ""
        return problem_response(
            status=403,
            code="forbidden",
            title=_("Åtgärden är inte tillåten för din roll"),
            detail=detail or _("Din roll får inte utföra den här åtgärden."),
        )
    if isinstance(exc, domain.Conflict):
        return problem_response(
            status=409,
            code=exc.code,
            title=_("Konflikt"),
            detail=str(exc.detail),
            extra=exc.extra,
        )
    if isinstance(exc, domain.InvalidInput):
        if exc.denied is not None and request is not None:
            record_denial(request, status=400, exc=exc.denied)
        errors = {field: [str(m) for m in messages] for field, messages in exc.errors.items()}
        return problem_response(
            status=400,
            code="invalid-input",
            title=_("Ogiltiga uppgifter"),
            detail=str(exc.detail) or _("Kontrollera de markerade fälten."),
            errors=errors,
            extra=exc.extra,
        )
    if isinstance(exc, drf.ValidationError):
        return problem_response(
            status=400,
            code="invalid-input",
            title=_("Ogiltiga uppgifter"),
            detail=_("Kontrollera de markerade fälten."),
            errors=_flatten(exc.detail),
        )
    if isinstance(exc, drf.NotAuthenticated | drf.AuthenticationFailed):
        return problem_response(
            status=401,
            code="not-authenticated",
            title=_("Inte inloggad"),
            detail=str(exc.detail),
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )
    if isinstance(exc, drf.Throttled):
        wait = getattr(exc, "wait", None)
        headers = {"Retry-After": str(int(wait))} if wait is not None else None
        return problem_response(
            status=429,
            code="throttled",
            title=_("För många anrop"),
            detail=str(exc.detail),
            headers=headers,
        )
    if isinstance(exc, drf.APIException):
        return problem_response(
            status=exc.status_code,
            code=str(exc.default_code).replace("_", "-"),
            title=str(exc.default_detail),
            detail=str(exc.detail),
        )
    return None  # unexpected: Django's 500 handling, logged with the request id
