"""What an actor may see of concerns, requests and disclosures: only what concerns their own
units (principle 1: no shared case file)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from backend.core.actor import Actor
from workflows.sharing.models import Concern, Disclosure, SharingRequest


def visible_concerns(actor: Actor) -> QuerySet[Concern]:
    units = actor.operational_unit_ids()
    if not units or actor.user is None or actor.municipality_id is None:
        return Concern.objects.none()
    return Concern.objects.filter(municipality_id=actor.municipality_id).filter(
        Q(raised_by=actor.user) | Q(from_unit_id__in=units) | Q(to_unit_id__in=units)
    )


def visible_requests(actor: Actor) -> QuerySet[SharingRequest]:
    units = actor.operational_unit_ids()
    if not units or actor.municipality_id is None:
        return SharingRequest.objects.none()
    return SharingRequest.objects.filter(municipality_id=actor.municipality_id).filter(
        Q(from_unit_id__in=units) | Q(to_unit_id__in=units)
    )


def visible_disclosures(actor: Actor) -> QuerySet[Disclosure]:
    """Made by one of the actor's units (the holder sees what it released) or received by one
    (the recipient sees the released content and nothing else of the holder)."""
    units = actor.operational_unit_ids()
    if not units or actor.municipality_id is None:
        return Disclosure.objects.none()
    return Disclosure.objects.filter(municipality_id=actor.municipality_id).filter(
        Q(from_unit_id__in=units) | Q(to_unit_id__in=units)
    )
