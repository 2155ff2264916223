"""Fetching one case for an actor: the case, or NotFound."""

from __future__ import annotations

import uuid

from backend.cases.models import Case
from backend.cases.queries import visible_cases
from backend.core.actor import Actor
from backend.core.exceptions import NotFound


def access_case(actor: Actor, case_id: uuid.UUID | str, *, for_update: bool = False) -> Case:
    try:
        pk = uuid.UUID(str(case_id))
    except ValueError:
        raise NotFound(
            object_type="case", object_id=str(case_id)[:64], reason="malformed_id"
        ) from None
    queryset = visible_cases(actor).select_related("young_person", "lead_unit__organisation")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    case = queryset.filter(pk=pk).first()
    if case is None:
        raise NotFound(object_type="case", object_id=pk, case_id=pk)
    return case
