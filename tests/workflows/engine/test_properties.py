"""Properties of the engine over generated disclosures (hypothesis).

Deterministic (``derandomize``, no example database) and small, so the suite stays fast and
never flakes; the generator covers every party, category, purpose, fact and consent shape.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflows.engine.catalogue import GROUNDS_BY_ID
from workflows.engine.evaluate import evaluate
from workflows.engine.types import (
    UNITS_BY_AGENCY,
    Agency,
    Category,
    Consent,
    ConsentForm,
    Crime,
    CrimeStatus,
    Decision,
    Disclosure,
    Facts,
    GroundMode,
    Offence,
    Operator,
    Party,
    Perpetrator,
    Purpose,
    Result,
    Subject,
)

PROPERTY_SETTINGS = settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

FIRST_DAY = date(2024, 6, 1)
LAST_DAY = date(2027, 6, 30)
DISCLOSERS = [
    Party(agency=agency, unit=unit, operator=operator)
    for agency in (Agency.SCHOOL, Agency.SOCIAL_SERVICES, Agency.POLICE)
    for unit in sorted(UNITS_BY_AGENCY[agency])
    for operator in (
        (Operator.MUNICIPAL, Operator.INDEPENDENT)
        if agency is Agency.SCHOOL
        else (Operator.MUNICIPAL,)
    )
]
RECIPIENTS = DISCLOSERS + [
    Party(agency=a) for a in (Agency.SECURITY_POLICE, Agency.CUSTOMS, Agency.PROSECUTOR)
]
RECIPIENT_REFS = sorted(
    {p.agency.value for p in RECIPIENTS} | {p.ref for p in RECIPIENTS if p.unit is not None}
)
CUSTODIES = [("joint", ("g1", "g2")), ("sole", ("g1",)), ("none", ())]

crimes = st.builds(
    Crime,
    status=st.sampled_from(CrimeStatus),
    perpetrator=st.sampled_from(Perpetrator),
    offence=st.sampled_from(Offence),
    victim_age=st.none() | st.integers(0, 40),
    min_penalty_months=st.none() | st.sampled_from([0, 1, 6, 12, 24, 48]),
    imprisonment_in_scale=st.booleans(),
    in_connection_with_school=st.booleans(),
)

facts = st.builds(
    Facts,
    child_at_risk=st.booleans(),
    investigation_opened=st.booleans(),
    should_prompt_social_services_action=st.booleans(),
    concrete_risk_of_crime=st.booleans(),
    terrorism_risk=st.booleans(),
    risk_of_violence_against_close_relative=st.booleans(),
    found_in_acute_danger=st.booleans(),
    necessary_for_own_activity=st.booleans(),
    necessary_for_care_or_support=st.booleans(),
    guardian_suspected_of_harm=st.sampled_from([None, None, "g1", "g2"]),
    imminent_danger=st.booleans(),
    crime=st.none() | crimes,
)


@st.composite
def consents_for(draw: st.DrawFn, day: date) -> Consent:
    given_on = day + timedelta(days=draw(st.integers(-400, 20)))
    valid_until = draw(
        st.none() | st.integers(-10, 400).map(lambda d: given_on + timedelta(days=d))
    )
    withdrawn_on = draw(st.none() | st.integers(-30, 30).map(lambda d: day + timedelta(days=d)))
    return Consent(
        id=f"c{draw(st.integers(0, 10**6))}",
        grantor=draw(st.sampled_from(["child", "g1", "g2"])),
        decision=draw(st.sampled_from([Decision.GRANTED, Decision.GRANTED, Decision.REFUSED])),
        form=draw(st.sampled_from(ConsentForm)),
        given_on=given_on,
        valid_until=valid_until,
        withdrawn_on=withdrawn_on,
        recipients=frozenset(draw(st.sets(st.sampled_from(RECIPIENT_REFS), max_size=3))),
        categories=frozenset(draw(st.sets(st.sampled_from(Category), max_size=4))),
        purposes=frozenset(draw(st.sets(st.sampled_from(Purpose), max_size=3))),
    )


@st.composite
def disclosures(draw: st.DrawFn, *, min_age_days: int = 0) -> Disclosure:
    day = draw(st.dates(FIRST_DAY, LAST_DAY))
    birth = day - timedelta(days=draw(st.integers(min_age_days, 26 * 366)))
    custody, guardians = draw(st.sampled_from(CUSTODIES))
    return Disclosure(
        date=day,
        from_party=draw(st.sampled_from(DISCLOSERS)),
        to_party=draw(st.sampled_from(RECIPIENTS)),
        subject=Subject(birth_date=birth, protected_identity=draw(st.booleans())),
        custody=custody,  # type: ignore[arg-type]
        guardians=guardians,
        categories=tuple(
            draw(st.lists(st.sampled_from(Category), min_size=1, max_size=3, unique=True))
        ),
        purpose=draw(st.sampled_from(Purpose)),
        consents=tuple(draw(st.lists(consents_for(day), max_size=4))),
        facts=draw(facts),
    )


def covering_consent(d: Disclosure, grantor: str, *, categories: Any = None) -> Consent:
    return Consent(
        id=f"covering-{grantor}",
        grantor=grantor,
        decision=Decision.GRANTED,
        form=ConsentForm.WRITTEN,
        given_on=d.date - timedelta(days=1),
        valid_until=d.date + timedelta(days=1),
        recipients=frozenset({d.to_party.agency.value}),
        categories=frozenset(categories if categories is not None else d.categories),
        purposes=frozenset({d.purpose}),
    )


def ranks(result: Result) -> dict[Category, int]:
    return {c: r.outcome.rank for c, r in result.by_category.items()}


def never_weaker(before: Result, after: Result) -> bool:
    return after.outcome.rank >= before.outcome.rank and all(
        after.by_category[c].outcome.rank >= rank for c, rank in ranks(before).items()
    )


@PROPERTY_SETTINGS
@given(disclosures(), st.sampled_from(["child", "g1", "g2"]))
def test_adding_a_valid_covering_consent_never_weakens_the_outcome(
    d: Disclosure, grantor: str
) -> None:
    after = dataclasses.replace(d, consents=(*d.consents, covering_consent(d, grantor)))

    assert never_weaker(evaluate(d), evaluate(after))


@PROPERTY_SETTINGS
@given(disclosures(), st.data())
def test_withdrawing_or_expiring_a_consent_never_strengthens_the_outcome(
    d: Disclosure, data: st.DataObject
) -> None:
    grants = [i for i, c in enumerate(d.consents) if c.decision is Decision.GRANTED]
    d = dataclasses.replace(d, consents=(*d.consents, covering_consent(d, "child")))
    grants.append(len(d.consents) - 1)
    index = data.draw(st.sampled_from(grants))
    target = d.consents[index]
    change = data.draw(st.sampled_from(["withdraw", "expire"]))
    if change == "withdraw":
        weakened = dataclasses.replace(target, withdrawn_on=d.date)
    else:
        weakened = dataclasses.replace(target, valid_until=d.date - timedelta(days=1))
    after = dataclasses.replace(
        d, consents=tuple(weakened if i == index else c for i, c in enumerate(d.consents))
    )

    assert never_weaker(evaluate(after), evaluate(d))


@PROPERTY_SETTINGS
@given(disclosures(min_age_days=18 * 366 + 1))
def test_guardians_consents_never_count_once_the_subject_is_18(d: Disclosure) -> None:
    assert d.subject.age_on(d.date) >= 18
    guardians_consent = tuple(covering_consent(d, g) for g in ("g1", "g2"))
    with_guardians = dataclasses.replace(d, consents=(*d.consents, *guardians_consent))
    without = dataclasses.replace(d, consents=tuple(c for c in d.consents if c.grantor == "child"))

    result = evaluate(with_guardians)

    assert ranks(result) == ranks(evaluate(without))
    for category_consent in result.consent.by_category.values():
        assert category_consent.required == ("child",)


@PROPERTY_SETTINGS
@given(disclosures())
def test_criminal_record_is_never_allowed_by_consent(d: Disclosure) -> None:
    categories = tuple(dict.fromkeys((*d.categories, Category.CRIMINAL_RECORD)))
    d = dataclasses.replace(d, categories=categories)
    everyone = tuple(covering_consent(d, g) for g in ("child", "g1", "g2"))
    d = dataclasses.replace(d, consents=(*d.consents, *everyone), maturity_assessment=None)

    result = evaluate(d)

    assert "G01" not in result.by_category[Category.CRIMINAL_RECORD].grounds
    assert result.consent.by_category[Category.CRIMINAL_RECORD].status.value == "NOT_CONSENTABLE"


@PROPERTY_SETTINGS
@given(disclosures())
def test_the_overall_outcome_is_the_weakest_category(d: Disclosure) -> None:
    result = evaluate(d)

    assert result.outcome.rank == min(ranks(result).values())


@PROPERTY_SETTINGS
@given(disclosures())
def test_no_ground_is_returned_before_its_in_force_date(d: Disclosure) -> None:
    result = evaluate(d)

    returned = {g.id for g in result.grounds} | {
        g for r in result.by_category.values() for g in r.grounds
    }
    for ground_id in returned:
        in_force_from = GROUNDS_BY_ID[ground_id].in_force_from
        assert in_force_from is None or in_force_from <= d.date, ground_id


@PROPERTY_SETTINGS
@given(disclosures(), st.sampled_from(sorted(GROUNDS_BY_ID)), st.sampled_from(GroundMode))
def test_a_ground_mode_never_strengthens_the_outcome(
    d: Disclosure, ground: str, mode: GroundMode
) -> None:
    assert never_weaker(evaluate(d, modes={ground: mode}), evaluate(d))
