"""Which consent records an actor may see, and the records as the engine reads them."""

from __future__ import annotations

import datetime
import uuid

from django.db.models import Exists, OuterRef, Q, QuerySet

from backend.cases.queries import visible_cases
from backend.core.actor import Actor
from backend.organisations.models import Unit
from backend.people.models import YoungPerson
from consent.models import ConsentRecord, MaturityAssessmentRecord
from workflows.engine import types as engine


def visible_consents(actor: Actor) -> QuerySet[ConsentRecord]:
    """Consents recorded by one of the actor's units, or about a young person in one of the
    actor's cases (the SSP parties work from the same signed form)."""
    units = actor.operational_unit_ids()
    if not units or actor.municipality_id is None:
        return ConsentRecord.objects.none()
    in_member_case = visible_cases(actor).filter(young_person=OuterRef("young_person"))
    return ConsentRecord.objects.filter(municipality_id=actor.municipality_id).filter(
        Q(recorded_by_unit_id__in=units) | Q(Exists(in_member_case))
    )


def consent_records_of(young_person: YoungPerson) -> QuerySet[ConsentRecord]:
    return (
        ConsentRecord.objects.filter(young_person=young_person)
        .select_related("withdrawal", "guardian", "superseded_by")
        .order_by("recorded_at")
    )


def _expand_recipients(refs: list[str]) -> frozenset[str]:
    """Organisation references cover each of the organisation's units (``id:<unit>``)."""
    expanded: set[str] = set()
    org_ids = [ref.removeprefix("org:") for ref in refs if ref.startswith("org:")]
    for ref in refs:
        if not ref.startswith("org:"):
            expanded.add(ref)
    if org_ids:
        for unit_id in Unit.objects.filter(organisation_id__in=org_ids).values_list(
            "pk", flat=True
        ):
            expanded.add(f"id:{unit_id}")
    return frozenset(expanded)


def engine_consents(young_person: YoungPerson, *, on: datetime.date) -> tuple[engine.Consent, ...]:
    """The young person's consent acts as the engine reads them on ``on``: a version that was
    superseded by then no longer counts (its successor does)."""
    records = list(consent_records_of(young_person))
    consents = []
    for record in records:
        successor = getattr(record, "superseded_by", None)
        if successor is not None and successor.given_on <= on:
            continue
        withdrawal = getattr(record, "withdrawal", None)
        consents.append(
            engine.Consent(
                id=str(record.pk),
                grantor=record.grantor_ref,
                decision=engine.Decision(record.decision),
                form=engine.ConsentForm(record.form),
                given_on=record.given_on,
                valid_until=record.valid_until,
                withdrawn_on=withdrawal.withdrawn_on if withdrawal else None,
                recipients=_expand_recipients(record.recipients),
                categories=frozenset(engine.Category(c) for c in record.categories),
                purposes=frozenset(engine.Purpose(p) for p in record.purposes),
            )
        )
    return tuple(consents)


def engine_maturity_assessment(
    young_person: YoungPerson, *, on: datetime.date, discloser_organisation_id: str | None
) -> engine.MaturityAssessment | None:
    """The latest maturity assessment in force on ``on`` documented by a decision-maker of the
    disclosing organisation (each authority decides for its own disclosures), if any."""
    if discloser_organisation_id is None:
        return None
    record = (
        MaturityAssessmentRecord.objects.filter(
            young_person=young_person,
            assessed_on__lte=on,
            unit__organisation_id=discloser_organisation_id,
        )
        .order_by("-assessed_on", "-recorded_at")
        .first()
    )
    if record is None:
        return None
    return engine.MaturityAssessment(
        id=str(record.pk),
        finding=engine.MaturityFinding(record.finding),
        assessed_on=record.assessed_on,
        categories=(
            frozenset(engine.Category(c) for c in record.categories)
            if record.categories is not None
            else None
        ),
        purposes=(
            frozenset(engine.Purpose(p) for p in record.purposes)
            if record.purposes is not None
            else None
        ),
        assessed_by=str(record.assessed_by_id),
    )


def consent_status_on(record: ConsentRecord, day: datetime.date) -> str:
    """A one-word state of one record for lists and receipts (the evaluator decides whether a
    disclosure is covered; this only describes the record)."""
    successor = getattr(record, "superseded_by", None)
    if successor is not None:
        return "superseded"
    withdrawal = getattr(record, "withdrawal", None)
    if withdrawal is not None and withdrawal.withdrawn_on <= day:
        return "withdrawn"
    if record.decision == "refused":
        return "refused"
    if record.given_on > day:
        return "not_yet_valid"
    if record.valid_until < day:
        return "expired"
    return "active"


def unit_ids_of(refs: list[str]) -> list[uuid.UUID]:
    return [uuid.UUID(ref[3:]) for ref in refs if ref.startswith("id:")]
