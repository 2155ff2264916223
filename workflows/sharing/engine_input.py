"""From records to engine input: parties from units, the subject, guardians and consents from
the young person's record. The engine itself stays pure (conventions.md 6); this is where the
database meets it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.translation import gettext as _

from backend.core.exceptions import InvalidInput
from backend.organisations.models import Unit
from backend.people.models import YoungPerson
from backend.people.queries import current_guardians
from consent.queries import engine_consents, engine_maturity_assessment
from workflows.engine import types as engine
from workflows.engine.evaluate import evaluate
from workflows.engine.scenarios import to_facts

if TYPE_CHECKING:
    from workflows.sharing.models import SharingRequest

ENGINE_AGENCIES = frozenset(a.value for a in engine.Agency)


def party_of(unit: Unit, *, field: str = "unit") -> engine.Party:
    """The engine's view of a unit. Units outside the engine's vocabulary (the SSP
    coordination, audit, IT) neither hold nor receive case information through Samverka."""
    organisation = unit.organisation
    if organisation.agency not in ENGINE_AGENCIES:
        raise InvalidInput(
            errors={
                field: [
                    _(
                        "Enheten %(unit)s lämnar inte ut och tar inte emot uppgifter om enskilda "
                        "i Samverka."
                    )
                    % {"unit": unit.name}
                ]
            }
        )
    return engine.Party(
        agency=engine.Agency(organisation.agency),
        unit=engine.Unit(unit.kind),
        operator=engine.Operator(organisation.operator or "municipal"),
        unit_id=str(unit.pk),
        organisation=str(organisation.pk),
    )


def custody_of(
    young_person: YoungPerson, on: datetime.date
) -> tuple[engine.Custody, tuple[str, ...]]:
    if young_person.age_on(on) >= 18:
        return engine.Custody.NONE, ()
    guardians = list(current_guardians(young_person).order_by("created_at"))
    if not guardians:
        return engine.Custody.NONE, ()
    custody = engine.Custody.SOLE if len(guardians) == 1 else engine.Custody.JOINT
    return custody, tuple(str(g.pk) for g in guardians)


def facts_of(raw: Mapping[str, Any] | None) -> engine.Facts:
    """Facts as in the scenario vocabulary (validated by the caller's serializer)."""
    return to_facts(raw or {})


def disclosure_for(
    *,
    young_person: YoungPerson,
    from_party: engine.Party,
    to_party: engine.Party,
    categories: list[str],
    purpose: str,
    facts: engine.Facts,
    on: datetime.date,
) -> engine.Disclosure:
    custody, guardians = custody_of(young_person, on)
    return engine.Disclosure(
        date=on,
        from_party=from_party,
        to_party=to_party,
        subject=engine.Subject(
            birth_date=young_person.birth_date,
            protected_identity=young_person.protected_identity,
        ),
        categories=tuple(engine.Category(c) for c in categories),
        purpose=engine.Purpose(purpose),
        custody=custody,
        guardians=guardians,
        consents=engine_consents(young_person, on=on),
        facts=facts,
        maturity_assessment=engine_maturity_assessment(
            young_person, on=on, discloser_organisation_id=from_party.organisation
        ),
    )


def run_engine(disclosure: engine.Disclosure) -> engine.Result:
    """The engine with this deployment's ground modes (ENGINE_GROUND_MODES)."""
    return evaluate(disclosure, modes=settings.ENGINE_GROUND_MODES)


def evaluate_between(
    *,
    young_person: YoungPerson,
    from_unit: Unit,
    to_unit: Unit,
    categories: list[str],
    purpose: str,
    facts: Mapping[str, Any] | None,
    on: datetime.date,
) -> engine.Result:
    """The engine's answer for ``from_unit`` disclosing to ``to_unit`` on ``on``."""
    return run_engine(
        disclosure_for(
            young_person=young_person,
            from_party=party_of(from_unit, field="from_unit"),
            to_party=party_of(to_unit, field="to_unit"),
            categories=categories,
            purpose=purpose,
            facts=facts_of(facts),
            on=on,
        )
    )


def evaluate_request(request: SharingRequest, on: datetime.date) -> engine.Result:
    """A sharing request as a disclosure: the holder (``to_unit``) would disclose to the
    requester (``from_unit``)."""
    return evaluate_between(
        young_person=request.young_person,
        from_unit=request.to_unit,
        to_unit=request.from_unit,
        categories=list(request.categories),
        purpose=request.purpose,
        facts=request.facts,
        on=on,
    )
