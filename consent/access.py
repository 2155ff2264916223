"""Fetching one consent record for an actor, or NotFound."""

from __future__ import annotations

import uuid

from backend.core.actor import Actor
from backend.core.exceptions import NotFound
from consent.models import ConsentRecord
from consent.queries import visible_consents


def access_consent(actor: Actor, consent_id: uuid.UUID | str) -> ConsentRecord:
    try:
        pk = uuid.UUID(str(consent_id))
    except ValueError:
        raise NotFound(
            object_type="consent", object_id=str(consent_id)[:64], reason="malformed_id"
        ) from None
    record = (
        visible_consents(actor)
        .select_related("young_person", "guardian", "withdrawal", "recorded_by_unit")
        .filter(pk=pk)
        .first()
    )
    if record is None:
        raise NotFound(object_type="consent", object_id=pk)
    return record
