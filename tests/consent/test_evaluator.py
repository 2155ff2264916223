"""The pure consent evaluator: one test per status, ages, dates, maturity, excluded guardians."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from typing import Any

import pytest

from consent.evaluator import evaluate_consent, evaluate_disclosure_consent, required_grantors
from tests.engine_builders import DAY, born, consent, disclosure, full_consent, party
from workflows.engine.evaluate import evaluate
from workflows.engine.types import (
    Category,
    ConsentEvaluation,
    ConsentStatus,
    MaturityAssessment,
    MaturityFinding,
    Outcome,
    Purpose,
    Subject,
)

S = ConsentStatus


def check(
    consents: Any = (),
    *,
    age: int = 15,
    on: date = DAY,
    birth_date: date | None = None,
    guardians: tuple[str, ...] = ("g1", "g2"),
    recipient: str = "school:principal",
    categories: tuple[str, ...] = ("family_situation",),
    purpose: str = "support_planning",
    source: str | None = "social_services:child_and_youth",
    **kwargs: Any,
) -> ConsentEvaluation:
    return evaluate_consent(
        subject=Subject(birth_date=birth_date or born(age, on=on)),
        guardians=guardians,
        consents=tuple(consents),
        recipient=party(recipient),
        categories=tuple(Category(c) for c in categories),
        purpose=Purpose(purpose),
        on=on,
        source=party(source) if source else None,
        **kwargs,
    )


# ---- one test per status ---------------------------------------------------------------------


def test_valid_when_every_required_grantor_consented() -> None:
    result = check(full_consent(15))

    assert result.status is S.VALID
    assert result.required == ("g1", "g2", "child")
    assert result.by_category[Category.FAMILY_SITUATION].consent_ids == (
        "g1-granted-2026-10-21",
        "g2-granted-2026-10-21",
        "child-granted-2026-10-21",
    )


def test_none_when_nobody_consented() -> None:
    result = check()

    assert result.status is S.NONE
    assert result.missing == ("g1", "g2", "child")


def test_refused_when_a_required_grantor_said_no() -> None:
    result = check([consent("g1"), consent("g2"), consent("child", decision="refused")])

    assert result.status is S.REFUSED
    assert result.reason == "consent.refused"


def test_incomplete_names_who_is_missing() -> None:
    result = check([consent("g1")])

    assert result.status is S.INCOMPLETE
    assert result.missing == ("g2", "child")


def test_expired_the_day_after_valid_until() -> None:
    result = check(full_consent(15, valid_until=DAY - timedelta(days=1)))

    assert result.status is S.EXPIRED


def test_a_consent_without_end_date_never_counts() -> None:
    result = check(full_consent(15, valid_until=None))

    assert result.status is S.EXPIRED
    assert result.reason == "consent.no_end_date"


def test_not_yet_valid_when_given_after_the_disclosure_day() -> None:
    result = check(full_consent(15, given_on=DAY + timedelta(days=1)))

    assert result.status is S.NOT_YET_VALID


def test_withdrawn_on_the_day_stops_counting_that_day() -> None:
    result = check([*full_consent(15)[:2], consent("child", withdrawn_on=DAY)])

    assert result.status is S.WITHDRAWN
    assert result.missing == ("child",)


def test_withdrawal_dated_tomorrow_does_not_stop_today() -> None:
    result = check([*full_consent(15)[:2], consent("child", withdrawn_on=DAY + timedelta(days=1))])

    assert result.status is S.VALID


def test_lapsed_adult_when_only_guardians_consented_and_the_subject_is_18() -> None:
    result = check([consent("g1"), consent("g2")], age=18, guardians=())

    assert result.status is S.LAPSED_ADULT
    assert result.required == ("child",)


def test_scope_recipient() -> None:
    result = check(full_consent(15, recipients=("school",)), recipient="police:local_police")

    assert result.status is S.SCOPE_RECIPIENT


def test_scope_category() -> None:
    result = check(full_consent(15), categories=("behaviour",))

    assert result.status is S.SCOPE_CATEGORY


def test_scope_purpose() -> None:
    result = check(full_consent(15), purpose="care_or_support")

    assert result.status is S.SCOPE_PURPOSE


@pytest.mark.parametrize(
    ("source", "category"),
    [
        ("police:local_police", "criminal_record"),  # OSL 35:3
        ("police:intelligence", "family_situation"),  # OSL 18:2 (the unit)
        ("police:local_police", "police_intelligence"),  # OSL 18:2 (the category)
        (None, "criminal_record"),  # without a source: by category (legal-rules 3.9)
    ],
)
def test_not_consentable(source: str | None, category: str) -> None:
    consents = full_consent(15, categories=(category,))

    result = check(consents, source=source, categories=(category,))

    assert result.status is S.NOT_CONSENTABLE


# ---- who must consent --------------------------------------------------------------------------


def test_under_12_the_guardians_decide_and_the_childs_refusal_is_recorded() -> None:
    result = check([consent("g1"), consent("g2"), consent("child", decision="refused")], age=10)

    category = result.by_category[Category.FAMILY_SITUATION]
    assert result.status is S.VALID
    assert category.required == ("g1", "g2")
    heard = {g.grantor: g for g in category.grantors}
    assert heard["child"].required is False
    assert heard["child"].status is S.REFUSED


def test_sole_custody_needs_the_one_guardian() -> None:
    result = check([consent("g1")], age=10, guardians=("g1",))

    assert result.status is S.VALID


@pytest.mark.parametrize(
    ("days_later", "child_required"),
    [(0, True), (1, False)],  # 0: the 12th birthday is the disclosure day
)
def test_the_12th_birthday_counts(days_later: int, child_required: bool) -> None:
    result = check([consent("g1"), consent("g2")], birth_date=born(12, days_later=days_later))

    assert ("child" in result.required) is child_required
    assert result.status is (S.INCOMPLETE if child_required else S.VALID)


@pytest.mark.parametrize(
    ("days_later", "status"),
    # 0: the 18th birthday is the disclosure day; 1: still 17, the child must consent too.
    [(0, S.LAPSED_ADULT), (1, S.INCOMPLETE)],
)
def test_the_18th_birthday_ends_the_guardians_say(days_later: int, status: S) -> None:
    result = check([consent("g1"), consent("g2")], birth_date=born(18, days_later=days_later))

    assert result.status is status


def test_guardians_consent_never_counts_for_an_adult_even_with_custody_recorded() -> None:
    result = check([consent("g1"), consent("g2"), consent("child")], age=19)

    assert result.status is S.VALID
    assert result.required == ("child",)
    grantors = result.by_category[Category.FAMILY_SITUATION].grantors
    assert [g.grantor for g in grantors if g.required] == ["child"]


def test_custody_none_means_no_guardian_is_asked() -> None:
    result = check([consent("g1")], age=10, custody="none")

    assert result.status is S.NONE
    assert result.reason == "consent.no_eligible_grantor"


# ---- a guardian suspected of harming the child -------------------------------------------------


def test_suspected_guardian_is_not_required_and_never_counts() -> None:
    result = check(
        [consent("g1", decision="refused"), consent("g2")], age=10, guardian_suspected_of_harm="g1"
    )

    assert result.status is S.VALID
    assert result.required == ("g2",)
    assert result.excluded_guardians == ("g1",)
    assert all(g.grantor != "g1" for g in result.by_category[Category.FAMILY_SITUATION].grantors)


def test_only_guardian_suspected_leaves_nobody_to_ask_under_12() -> None:
    result = check([consent("g1")], age=10, guardians=("g1",), guardian_suspected_of_harm="g1")

    assert result.status is S.NONE
    assert result.reason == "consent.no_eligible_grantor"


def test_only_guardian_suspected_the_childs_own_consent_goes_to_review() -> None:
    result = check([consent("child")], age=14, guardians=("g1",), guardian_suspected_of_harm="g1")

    category = result.by_category[Category.FAMILY_SITUATION]
    assert category.status is S.VALID
    assert category.review_reason == "consent.review.no_eligible_guardian"


# ---- maturity assessment (legal-rules 3.1) -----------------------------------------------------


def mature(finding: str, **kwargs: Any) -> MaturityAssessment:
    return MaturityAssessment(
        finding=MaturityFinding(finding), assessed_on=kwargs.pop("assessed_on", DAY), **kwargs
    )


def test_mature_16_year_old_decides_alone() -> None:
    result = check([consent("child")], age=16, maturity_assessment=mature("mature_alone"))

    assert result.status is S.VALID
    assert result.required == ("child",)
    assert result.maturity_assessment_applied is True


def test_child_judged_not_mature_leaves_it_to_the_guardians() -> None:
    consents = [consent("g1"), consent("g2"), consent("child", decision="refused")]

    result = check(consents, age=13, maturity_assessment=mature("not_mature"))

    assert result.status is S.VALID
    assert result.required == ("g1", "g2")


def test_maturity_assessment_dated_after_the_disclosure_is_not_applied() -> None:
    assessment = mature("mature_alone", assessed_on=DAY + timedelta(days=1))

    result = check([consent("child")], age=16, maturity_assessment=assessment)

    assert result.status is S.INCOMPLETE
    assert result.maturity_assessment_applied is False


def test_maturity_assessment_only_for_the_categories_it_names() -> None:
    assessment = mature("mature_alone", categories=frozenset({Category.PSYCHOSOCIAL}))
    consents = [consent("child", categories=("family_situation", "psychosocial"))]

    result = check(
        consents,
        age=16,
        categories=("psychosocial", "family_situation"),
        maturity_assessment=assessment,
    )

    assert result.by_category[Category.PSYCHOSOCIAL].status is S.VALID
    assert result.by_category[Category.FAMILY_SITUATION].status is S.INCOMPLETE


def test_a_child_under_12_is_never_found_mature_enough_to_decide_alone() -> None:
    result = check([consent("child")], age=10, maturity_assessment=mature("mature_alone"))

    assert result.status is S.NONE
    assert result.required == ("g1", "g2")


def test_maturity_assessment_does_not_revive_guardians_for_an_adult() -> None:
    result = check([consent("g1"), consent("g2")], age=18, maturity_assessment=mature("not_mature"))

    assert result.status is S.LAPSED_ADULT


# ---- dates, supersession, scope ---------------------------------------------------------------


def test_validity_dates_are_inclusive_at_both_ends() -> None:
    assert check(full_consent(15, given_on=DAY)).status is S.VALID
    assert check(full_consent(15, valid_until=DAY)).status is S.VALID


def test_a_later_grant_supersedes_an_earlier_refusal() -> None:
    refusal = consent("child", decision="refused", given_on=DAY - timedelta(days=60))

    result = check([*full_consent(15), refusal])

    assert result.status is S.VALID


def test_a_refusal_on_the_same_day_as_a_grant_stands() -> None:
    refusal = consent("child", decision="refused", given_on=DAY - timedelta(days=30))

    result = check([*full_consent(15), refusal])

    assert result.status is S.REFUSED


def test_a_refusal_about_another_recipient_does_not_block() -> None:
    refusal = consent("child", decision="refused", recipients=("police",), given_on=DAY)

    result = check([*full_consent(15, recipients=("school",)), refusal])

    assert result.status is S.VALID


@pytest.mark.parametrize(
    ("reference", "recipient", "covered"),
    [
        ("police", "police:intelligence", True),  # an agency covers all its units
        ("police:local_police", "police:local_police", True),
        ("police:local_police", "police:investigation", False),
        ("school:principal", "school:principal", True),
    ],
)
def test_recipient_references(reference: str, recipient: str, covered: bool) -> None:
    result = check(full_consent(15, recipients=(reference,)), recipient=recipient)

    assert (result.status is S.VALID) is covered


def test_a_concrete_unit_id_can_be_named() -> None:
    consents = full_consent(15, recipients=("id:unit-42",))

    result = evaluate_consent(
        subject=Subject(birth_date=born(15)),
        guardians=("g1", "g2"),
        consents=consents,
        recipient=party("school:principal", unit_id="unit-42"),
        categories=(Category.FAMILY_SITUATION,),
        purpose=Purpose.SUPPORT_PLANNING,
        on=DAY,
    )

    assert result.status is S.VALID


def test_each_category_is_covered_separately() -> None:
    consents = full_consent(15, categories=("family_situation",))

    result = check(consents, categories=("family_situation", "social_services_measures"))

    assert result.by_category[Category.FAMILY_SITUATION].status is S.VALID
    assert result.by_category[Category.SOCIAL_SERVICES_MEASURES].status is S.SCOPE_CATEGORY
    assert result.status is S.SCOPE_CATEGORY


def test_required_grantors_helper() -> None:
    grantors, no_guardian, applied = required_grantors(
        age=13,
        guardians=("g1", "g2"),
        category=Category.HEALTH,
        purpose=Purpose.CARE_OR_SUPPORT,
        on=DAY,
    )

    assert (grantors, no_guardian, applied) == (("g1", "g2", "child"), False, False)


# ---- the REVIEW cases, through the engine's G01 ------------------------------------------------


def kurator_to_social_services(age: int, consents: Any, *, days_later: int = 0) -> Outcome:
    d = disclosure(
        sender="school:student_health_psychosocial",
        recipient="social_services:child_and_youth",
        age=age,
        categories=("psychosocial",),
        purpose="care_or_support",
        consents=consents,
    )
    if days_later:
        d = dataclasses.replace(d, subject=Subject(birth_date=born(age, days_later=days_later)))
    return evaluate(d).outcome


def psychosocial_consent(grantor: str, **kwargs: Any) -> Any:
    return consent(
        grantor,
        recipients=("social_services",),
        categories=("psychosocial",),
        purposes=("care_or_support",),
        **kwargs,
    )


def test_15_to_17_consenting_alone_to_own_support_goes_to_review() -> None:
    assert kurator_to_social_services(16, [psychosocial_consent("child")]) is Outcome.REVIEW
    # One guardian's consent does not weaken that.
    both = [psychosocial_consent("child"), psychosocial_consent("g1")]
    assert kurator_to_social_services(16, both) is Outcome.REVIEW
    everyone = [psychosocial_consent(g) for g in ("g1", "g2", "child")]
    assert kurator_to_social_services(16, everyone) is Outcome.ALLOW
    refused = [psychosocial_consent("child"), psychosocial_consent("g2", decision="refused")]
    assert kurator_to_social_services(16, refused) is Outcome.DENY


def test_the_mature_minor_review_starts_on_the_15th_birthday() -> None:
    alone = [psychosocial_consent("child")]

    assert kurator_to_social_services(15, alone) is Outcome.REVIEW
    # The day before the 15th birthday the guardians' consent is still needed.
    assert kurator_to_social_services(15, alone, days_later=1) is Outcome.DENY


def test_valid_consent_for_family_counselling_goes_to_review() -> None:
    d = disclosure(sender="social_services:family_counselling", consents=full_consent(15))

    result = evaluate(d)

    assert result.outcome is Outcome.REVIEW
    assert result.grounds[0].id == "G01"
    assert result.grounds[0].review_reason == "consent.review.family_counselling"


def test_evaluate_disclosure_consent_uses_the_disclosure() -> None:
    d = disclosure(consents=full_consent(15))

    assert evaluate_disclosure_consent(d).status is S.VALID
