""" "May I share this?": running the engine for a planned disclosure and auditing that it ran.

The API's check endpoint and the pages' live answer on the request form both end here, so that
every check is the same audit event (``disclosure_check.evaluated``) with the outcome and the
grounds, whoever asked and however.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils.translation import gettext as _

import audit
from backend.cases.models import Case
from backend.core.actor import Actor
from backend.core.exceptions import InvalidInput
from backend.organisations.models import Unit
from backend.people.models import YoungPerson
from workflows.engine import types as engine
from workflows.engine.scenarios import facts_errors
from workflows.sharing.engine_input import disclosure_for, facts_of, party_of, run_engine


def record_check(
    *,
    actor: Actor,
    disclosure: engine.Disclosure,
    result: engine.Result,
    young_person: YoungPerson | None,
    mode: str,
) -> None:
    """The audit event of one check (``mode``: record, hypothetical or request_preview)."""
    audit.record(
        actor=actor,
        action="disclosure_check.evaluated",
        object_type="disclosure_check",
        young_person_id=young_person.pk if young_person else None,
        purpose=disclosure.purpose.value,
        legal_ground=",".join(sorted(result.applicable_ground_ids))[:64],
        payload={
            "outcome": result.outcome.value,
            "grounds": sorted(result.applicable_ground_ids),
            "by_category": {c.value: r.outcome.value for c, r in result.by_category.items()},
            "from": disclosure.from_party.ref,
            "to": disclosure.to_party.ref,
            "date": disclosure.date.isoformat(),
            "mode": mode,
        },
    )


def check_planned_request(
    *,
    actor: Actor,
    case: Case,
    from_unit_id: uuid.UUID | None,
    to_unit_id: uuid.UUID | None,
    categories: list[str],
    purpose: str,
    facts: dict[str, Any],
    on: datetime.date,
) -> engine.Result:
    """The answer a request would get if it were sent now: the holder (``to_unit``) disclosing
    to the requester (``from_unit``) about the case's young person. ``case`` comes from
    ``access_case``. Raises ``InvalidInput`` while the planned request is incomplete."""
    errors: dict[str, list[str]] = {}
    if not categories:
        errors["categories"] = [_("Ange minst en uppgiftskategori.")]
    elif any(c not in engine.Category._value2member_map_ for c in categories):
        errors["categories"] = [_("Okänd uppgiftskategori.")]
    if purpose not in engine.Purpose._value2member_map_:
        errors["purpose"] = [_("Okänt ändamål.")]
    errors.update(facts_errors(facts))
    from_unit = next(
        (m.unit for m in actor.operational_memberships() if m.unit_id == from_unit_id), None
    )
    if from_unit is None:
        errors["from_unit"] = [_("Du arbetar inte i den angivna enheten.")]
    to_unit = (
        Unit.objects.select_related("organisation")
        .filter(pk=to_unit_id, case_participations__case=case)
        .first()
        if to_unit_id is not None
        else None
    )
    if to_unit is None:
        errors["to_unit"] = [_("Enheten deltar inte i ärendet.")]
    if errors:
        raise InvalidInput(errors=errors)
    assert from_unit is not None
    assert to_unit is not None
    young_person = case.young_person
    disclosure = disclosure_for(
        young_person=young_person,
        from_party=party_of(to_unit, field="to_unit"),
        to_party=party_of(from_unit, field="from_unit"),
        categories=list(dict.fromkeys(categories)),
        purpose=purpose,
        facts=facts_of(facts),
        on=on,
    )
    result = run_engine(disclosure)
    record_check(
        actor=actor,
        disclosure=disclosure,
        result=result,
        young_person=young_person,
        mode="request_preview",
    )
    return result


def check_planned_disclosure(
    *,
    actor: Actor,
    young_person: YoungPerson,
    from_unit_id: uuid.UUID | None,
    to_unit_id: uuid.UUID | None,
    categories: list[str],
    purpose: str,
    facts: dict[str, Any],
    on: datetime.date,
) -> engine.Result:
    """The answer an own-initiative disclosure would get if it were made now: one of the
    actor's units telling a unit of the same municipality about ``young_person`` (from
    ``access_young_person``). Raises ``InvalidInput`` while the plan is incomplete."""
    errors: dict[str, list[str]] = {}
    if not categories:
        errors["categories"] = [_("Ange minst en uppgiftskategori.")]
    elif any(c not in engine.Category._value2member_map_ for c in categories):
        errors["categories"] = [_("Okänd uppgiftskategori.")]
    if purpose not in engine.Purpose._value2member_map_:
        errors["purpose"] = [_("Okänt ändamål.")]
    errors.update(facts_errors(facts))
    from_unit = next(
        (m.unit for m in actor.operational_memberships() if m.unit_id == from_unit_id), None
    )
    if from_unit is None:
        errors["from_unit"] = [_("Du arbetar inte i den angivna enheten.")]
    to_unit = (
        Unit.objects.select_related("organisation")
        .filter(pk=to_unit_id, organisation__municipality_id=young_person.municipality_id)
        .first()
        if to_unit_id is not None
        else None
    )
    if to_unit is None:
        errors["to_unit"] = [_("Okänd enhet.")]
    if errors:
        raise InvalidInput(errors=errors)
    assert from_unit is not None
    assert to_unit is not None
    disclosure = disclosure_for(
        young_person=young_person,
        from_party=party_of(from_unit, field="from_unit"),
        to_party=party_of(to_unit, field="to_unit"),
        categories=list(dict.fromkeys(categories)),
        purpose=purpose,
        facts=facts_of(facts),
        on=on,
    )
    result = run_engine(disclosure)
    record_check(
        actor=actor,
        disclosure=disclosure,
        result=result,
        young_person=young_person,
        mode="disclosure_preview",
    )
    return result
