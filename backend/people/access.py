"""Fetching one young person for an actor: the record, or NotFound (audited by the caller's
error handler)."""

from __future__ import annotations

import uuid

from backend.core.actor import Actor
from backend.core.exceptions import NotFound
from backend.people.models import YoungPerson
from backend.people.queries import visible_young_people


def access_young_person(actor: Actor, young_person_id: uuid.UUID | str) -> YoungPerson:
    try:
        pk = uuid.UUID(str(young_person_id))
    except ValueError:
        raise NotFound(
            object_type="young_person", object_id=str(young_person_id)[:64], reason="malformed_id"
        ) from None
    young_person = visible_young_people(actor).filter(pk=pk).first()
    if young_person is None:
        raise NotFound(object_type="young_person", object_id=pk, young_person_id=pk)
    return young_person
