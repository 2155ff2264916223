"""What an actor may see of concerns, requests and disclosures: only what concerns their own
units (principle 1: no shared case file)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from backend.cases.models import Case
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


def case_chronology(actor: Actor, case: Case) -> list[dict[str, Any]]:
    """The case as the actor's agency sees it, newest first: its own concerns, requests and
    disclosures, and the disclosures it received (principle 1: never the other agencies'
    records). ``case`` must come from ``access_case``; the caller audits the read."""
    units = actor.operational_unit_ids()
    organisations = {m.unit.organisation_id for m in actor.operational_memberships()}
    ours = Q(from_unit__organisation_id__in=organisations)
    entries: list[dict[str, Any]] = []
    for concern in (
        Concern.objects.filter(young_person=case.young_person)
        .filter(ours | Q(to_unit_id__in=units))
        .select_related("from_unit", "to_unit")
    ):
        entries.append(
            {
                "at": concern.created_at,
                "type": "concern",
                "id": str(concern.pk),
                "title": _("Oro anmäld till %(unit)s") % {"unit": concern.to_unit.name},
                "status": concern.status,
            }
        )
    for sharing_request in (
        SharingRequest.objects.filter(case=case)
        .filter(ours | Q(to_unit__organisation_id__in=organisations))
        .select_related("from_unit", "to_unit")
    ):
        entries.append(
            {
                "at": sharing_request.created_at,
                "type": "sharing_request",
                "id": str(sharing_request.pk),
                "title": _("Begäran från %(from)s till %(to)s")
                % {"from": sharing_request.from_unit.name, "to": sharing_request.to_unit.name},
                "status": sharing_request.status,
            }
        )
    for disclosure in (
        Disclosure.objects.filter(young_person=case.young_person)
        .filter(ours | Q(to_unit__organisation_id__in=organisations))
        .select_related("from_unit", "to_unit")
    ):
        received = disclosure.from_unit.organisation_id not in organisations
        entries.append(
            {
                "at": disclosure.disclosed_at,
                "type": "disclosure",
                "id": str(disclosure.pk),
                "title": (
                    _("Uppgifter mottagna från %(unit)s") % {"unit": disclosure.from_unit.name}
                )
                if received
                else (_("Uppgifter lämnade till %(unit)s") % {"unit": disclosure.to_unit.name}),
                "direction": "received" if received else "made",
                "ground": disclosure.ground,
                "categories": disclosure.categories,
            }
        )
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries
