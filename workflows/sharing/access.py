"""Fetching one concern, request or disclosure for an actor, or NotFound."""

from __future__ import annotations

import uuid
from typing import TypeVar

from django.db.models import Model, QuerySet

from backend.core.actor import Actor
from backend.core.exceptions import NotFound
from workflows.sharing.models import Concern, Disclosure, SharingRequest
from workflows.sharing.queries import visible_concerns, visible_disclosures, visible_requests

M = TypeVar("M", bound=Model)


def _get(queryset: QuerySet[M], object_type: str, object_id: uuid.UUID | str) -> M:
    try:
        pk = uuid.UUID(str(object_id))
    except ValueError:
        raise NotFound(
            object_type=object_type, object_id=str(object_id)[:64], reason="malformed_id"
        ) from None
    found = queryset.filter(pk=pk).first()
    if found is None:
        # For the auditor: whose information the denied attempt was about, if it exists.
        owner = (
            queryset.model._default_manager.filter(pk=pk)
            .values_list("young_person_id", flat=True)
            .first()
        )
        raise NotFound(object_type=object_type, object_id=pk, young_person_id=owner)
    return found


def access_concern(actor: Actor, concern_id: uuid.UUID | str) -> Concern:
    queryset = visible_concerns(actor).select_related(
        "young_person", "from_unit__organisation", "to_unit__organisation", "raised_by"
    )
    return _get(queryset, "concern", concern_id)


def access_request(actor: Actor, request_id: uuid.UUID | str) -> SharingRequest:
    queryset = visible_requests(actor).select_related(
        "young_person",
        "from_unit__organisation",
        "to_unit__organisation",
        "decided_by",
        "case",
    )
    return _get(queryset, "sharing_request", request_id)


def access_disclosure(actor: Actor, disclosure_id: uuid.UUID | str) -> Disclosure:
    queryset = visible_disclosures(actor).select_related(
        "young_person",
        "from_unit__organisation",
        "to_unit__organisation",
        "decided_by",
        "disclosed_by",
    )
    return _get(queryset, "disclosure", disclosure_id)
