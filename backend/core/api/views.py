"""Shared pieces of the API views."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

import audit
from backend.core.actor import Actor
from backend.core.api import idempotency
from backend.core.exceptions import InvalidInput, NotFound

T = TypeVar("T")


def actor_of(request: Request) -> Actor:
    return Actor.from_request(request)


def resolve_reference(
    fetch: Callable[[Actor, Any], T], actor: Actor, value: Any, *, field: str, message: str
) -> T:
    """A reference in a request body to something the caller may not see is bad input that
    names the field (400) — and a denial in the audit log."""
    try:
        return fetch(actor, value)
    except NotFound as exc:
        raise InvalidInput(errors={field: [message]}, denied=exc) from None


def record_list_read(
    *,
    actor: Actor,
    action: str,
    ids: Iterable[uuid.UUID],
    young_person_ids: Iterable[uuid.UUID | None] = (),
    payload: dict[str, Any] | None = None,
) -> None:
    """One event per list page, holding the ids actually returned (not one event per row)."""
    id_list = [str(i) for i in ids]
    people = sorted({str(y) for y in young_person_ids if y is not None})
    audit.record(
        actor=actor,
        action=action,
        payload={**(payload or {}), "ids": id_list, "young_people": people},
        # One young person on the whole page: the event is findable in their access report.
        young_person_id=uuid.UUID(people[0]) if len(people) == 1 else None,
    )


class SamverkaAPIView(APIView):
    """Base class of every API view: one place for what all endpoints share (idempotency keys
    on mutating requests, problem-detail errors)."""

    _idempotency: Any = None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttles
        self._idempotency = idempotency.begin(request)

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, idempotency.Replay):
            return exc.response
        return super().handle_exception(exc)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        if self._idempotency is not None:
            record, self._idempotency = self._idempotency, None
            idempotency.finish(record, response)
        return response
