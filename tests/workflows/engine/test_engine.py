"""Engine behaviour beyond the acceptance table: modes, in-force dates, thresholds, suggestions."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.engine_builders import crime, disclosure, full_consent
from workflows.engine.catalogue import GROUNDS, GROUNDS_BY_ID, READINGS, GroundKind
from workflows.engine.evaluate import evaluate, rejection_kind
from workflows.engine.scenarios import result_to_json
from workflows.engine.secrecy import Secrecy, source_secrecy
from workflows.engine.types import (
    Category,
    GroundMode,
    Outcome,
    Party,
    Result,
    strongest,
    weakest,
)

BASE_DIR = Path(__file__).resolve().parents[3]


def crime_risk(**kwargs: Any) -> Any:
    """Social services → police, concrete risk of crime, age 16 (like S20)."""
    defaults: dict[str, Any] = {
        "recipient": "police:local_police",
        "age": 16,
        "categories": ("family_situation",),
        "purpose": "crime_prevention",
        "concrete_risk_of_crime": True,
    }
    defaults.update(kwargs)
    return disclosure(**defaults)


def reasons(result: Result, ground: str) -> set[str]:
    return {r.code for r in result.rejected if r.id == ground}


# ---- outcomes -----------------------------------------------------------------------------------


def test_outcome_order_and_helpers() -> None:
    assert [o.rank for o in Outcome] == [4, 3, 2, 1, 0]
    assert Outcome.ALLOW.stronger_than(Outcome.ALLOW_AFTER_ASSESSMENT)
    assert Outcome.MANDATORY_REPORT.capped_at(Outcome.REVIEW) is Outcome.REVIEW
    assert Outcome.DENY.capped_at(Outcome.REVIEW) is Outcome.DENY
    assert strongest([Outcome.REVIEW, Outcome.ALLOW]) is Outcome.ALLOW
    assert weakest([Outcome.REVIEW, Outcome.ALLOW]) is Outcome.REVIEW
    assert strongest([]) is Outcome.DENY


# ---- ground modes -------------------------------------------------------------------------------


def test_review_only_caps_a_ground_at_review() -> None:
    result = evaluate(crime_risk(), modes={"G07": GroundMode.REVIEW_ONLY})

    assert result.outcome is Outcome.REVIEW
    g07 = next(g for g in result.grounds if g.id == "G07")
    assert g07.outcome is Outcome.REVIEW
    assert g07.review_reason == "review.mode_review_only"


def test_off_removes_a_ground_and_says_so() -> None:
    result = evaluate(crime_risk(), modes={"G07": "off"})

    assert "G07" not in result.applicable_ground_ids
    assert reasons(result, "G07") == {"rejected.off"}
    assert result.outcome is Outcome.REVIEW  # G16 remains


def test_review_only_on_a_duty_also_caps_the_osl_10_28_bridge() -> None:
    d = disclosure(
        sender="school:teaching",
        recipient="social_services:child_and_youth",
        age=10,
        purpose="child_welfare_concern",
        child_at_risk=True,
    )

    assert evaluate(d).outcome is Outcome.MANDATORY_REPORT
    capped = evaluate(d, modes={"G02": "review_only"})
    outcomes = {g.id: g.outcome for g in capped.grounds}
    assert outcomes["G02"] is Outcome.REVIEW
    assert outcomes["G18"] is Outcome.REVIEW
    # The general clause (a teacher's 23 kap. secrecy, a child at risk) is what remains.
    assert capped.outcome is Outcome.ALLOW_AFTER_ASSESSMENT


def test_consent_switched_off() -> None:
    d = disclosure(consents=full_consent(15))

    assert evaluate(d).outcome is Outcome.ALLOW
    assert evaluate(d, modes={"G01": GroundMode.OFF}).outcome is Outcome.DENY


def test_unknown_ground_or_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown ground"):
        evaluate(crime_risk(), modes={"G99": "off"})
    with pytest.raises(ValueError, match="sometimes"):
        evaluate(crime_risk(), modes={"G07": "sometimes"})


# ---- in-force dates and thresholds (legal-rules 0.4) ---------------------------------------------


@pytest.mark.parametrize(
    ("on", "months", "applies"),
    [
        (date(2025, 3, 31), 6, False),  # 1-year minimum before SFS 2025:179
        (date(2025, 3, 31), 12, True),
        (date(2025, 4, 1), 6, True),  # 6 months from 2025-04-01
        (date(2025, 4, 1), 5, False),
    ],
)
def test_g14_threshold_for_committed_crime(on: date, months: int, applies: bool) -> None:
    d = disclosure(
        recipient="police:investigation",
        on=on,
        categories=("suspected_crime",),
        purpose="crime_investigation",
        crime=crime(min_penalty_months=months),
    )

    assert ("G14" in evaluate(d).applicable_ground_ids) is applies


@pytest.mark.parametrize(
    ("on", "months", "applies"),
    [(date(2025, 3, 31), 12, False), (date(2025, 3, 31), 24, True), (date(2025, 4, 1), 12, True)],
)
def test_g14_threshold_for_attempt(on: date, months: int, applies: bool) -> None:
    d = disclosure(
        recipient="police:investigation",
        on=on,
        categories=("suspected_crime",),
        purpose="crime_investigation",
        crime=crime(status="attempt", min_penalty_months=months),
    )

    assert ("G14" in evaluate(d).applicable_ground_ids) is applies


@pytest.mark.parametrize(("on", "applies"), [(date(2025, 3, 31), False), (date(2025, 4, 1), True)])
def test_g07_reaches_customs_from_2025_04_01(on: date, applies: bool) -> None:
    result = evaluate(crime_risk(recipient="customs", on=on))

    assert ("G07" in result.applicable_ground_ids) is applies


def test_g07_cites_18_b_before_and_18_a_after_the_renumbering() -> None:
    before = evaluate(crime_risk(on=date(2025, 3, 31)))
    after = evaluate(crime_risk(on=date(2025, 4, 1)))

    assert {g.id: g.provision for g in before.grounds}["G07"].startswith("OSL 10 kap. 18 b §")
    assert {g.id: g.provision for g in after.grounds}["G07"] == "OSL 10 kap. 18 a §"


@pytest.mark.parametrize(
    ("on", "applies"), [(date(2025, 11, 30), False), (date(2025, 12, 1), True)]
)
def test_g12_covers_attempts_from_2025_12_01(on: date, applies: bool) -> None:
    d = disclosure(
        recipient="police:investigation",
        on=on,
        categories=("suspected_crime",),
        purpose="crime_investigation",
        crime=crime(status="attempt", perpetrator="other", offence="brb6", victim_age=14),
    )

    assert ("G12" in evaluate(d).applicable_ground_ids) is applies


@pytest.mark.parametrize(
    ("on", "outcome"), [(date(2025, 3, 31), Outcome.REVIEW), (date(2025, 4, 1), Outcome.ALLOW)]
)
def test_g15_is_review_under_its_older_wording(on: date, outcome: Outcome) -> None:
    d = disclosure(
        sender="school:teaching",
        recipient="police:investigation",
        on=on,
        categories=("suspected_crime",),
        purpose="crime_investigation",
        crime=crime(),
    )

    assert {g.id: g.outcome for g in evaluate(d).grounds}["G15"] is outcome


@pytest.mark.parametrize(
    ("ground", "first_day"),
    [("G16", date(2025, 12, 1)), ("G22", date(2025, 7, 1)), ("G23", date(2025, 4, 1))],
)
def test_new_grounds_are_not_in_force_the_day_before(ground: str, first_day: date) -> None:
    def rektor_reports_assault(on: date) -> Result:
        return evaluate(
            disclosure(
                sender="school:principal",
                recipient="police:investigation",
                on=on,
                age=16,
                categories=("suspected_crime",),
                purpose="crime_investigation",
                crime=crime(in_connection_with_school=True),
            )
        )

    day_before = rektor_reports_assault(first_day - timedelta(days=1))
    first = rektor_reports_assault(first_day)

    assert ground not in day_before.applicable_ground_ids
    assert reasons(day_before, ground) == {"rejected.not_in_force"}
    assert ground in first.applicable_ground_ids


def test_g22_is_review_for_a_pupil_under_15() -> None:
    d = disclosure(
        sender="school:principal",
        recipient="police:investigation",
        age=14,
        categories=("suspected_crime",),
        purpose="crime_investigation",
        crime=crime(in_connection_with_school=True),
    )

    g22 = next(g for g in evaluate(d).grounds if g.id == "G22")
    assert g22.outcome is Outcome.REVIEW
    assert g22.review_reason == "review.g22_under_15"


# ---- source secrecy and who may use what -------------------------------------------------------


@pytest.mark.parametrize(
    ("ref", "operator", "category", "protected", "secrecy"),
    [
        ("school:teaching", "municipal", "attendance", False, Secrecy.NONE),
        ("school:teaching", "municipal", "attendance", True, Secrecy.OSL_23_2_P3),
        ("school:teaching", "municipal", "contact_details", False, Secrecy.NONE),
        ("school:principal", "municipal", "behaviour", False, Secrecy.OSL_23_2_P2),
        (
            "school:student_health_psychosocial",
            "municipal",
            "attendance",
            False,
            Secrecy.OSL_23_2_P1,
        ),
        ("school:student_health_medical", "municipal", "health", False, Secrecy.OSL_25_1),
        ("school:teaching", "independent", "school_situation", False, Secrecy.NONE),
        ("school:teaching", "independent", "contact_details", False, Secrecy.SKOLL_29_14),
        ("school:teaching", "independent", "attendance", True, Secrecy.SKOLL_29_14),
        ("school:student_health_medical", "independent", "health", False, Secrecy.PSL_6_12),
        ("social_services:outreach", "municipal", "contact_details", False, Secrecy.OSL_26_1),
        (
            "social_services:family_counselling",
            "municipal",
            "family_situation",
            False,
            Secrecy.OSL_26_3,
        ),
        ("police:local_police", "municipal", "criminal_record", False, Secrecy.OSL_35_3),
        ("police:intelligence", "municipal", "criminal_record", False, Secrecy.OSL_35_3),
        ("police:intelligence", "municipal", "suspected_crime", False, Secrecy.OSL_18_2),
        ("police:investigation", "municipal", "police_intelligence", False, Secrecy.OSL_18_2),
        ("police:investigation", "municipal", "suspected_crime", False, Secrecy.OSL_35_1),
    ],
)
def test_source_secrecy_table(
    ref: str, operator: str, category: str, protected: bool, secrecy: Secrecy
) -> None:
    agency, _, unit = ref.partition(":")
    sender = Party(agency=agency, unit=unit, operator=operator)  # type: ignore[arg-type]

    assert source_secrecy(sender, Category(category), protected_identity=protected) is secrecy


def test_a_discloser_needs_a_unit_and_units_belong_to_their_agency() -> None:
    with pytest.raises(ValueError, match="needs a unit"):
        source_secrecy(Party(agency="customs"), Category.HEALTH, protected_identity=False)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="does not belong"):
        Party(agency="police", unit="teaching")  # type: ignore[arg-type]


def test_independent_school_cannot_use_the_general_clause() -> None:
    d = disclosure(
        sender="school:teaching",
        sender_operator="independent",
        recipient="social_services:adult",
        age=19,
        custody="none",
        categories=("behaviour",),
        purpose="care_or_support",
        necessary_for_care_or_support=True,
    )

    result = evaluate(d)

    assert result.outcome is Outcome.DENY
    assert reasons(result, "G17") == {"rejected.sender_not_authority"}


def test_independent_school_reporting_a_crime_to_police_goes_to_review() -> None:
    d = disclosure(
        sender="school:teaching",
        sender_operator="independent",
        recipient="police:investigation",
        categories=("behaviour",),
        purpose="crime_investigation",
        crime=crime(),
    )

    result = evaluate(d)

    assert result.outcome is Outcome.REVIEW
    assert [g.id for g in result.grounds] == ["G25"]


def test_belastningsregistret_is_shut_even_to_duties() -> None:
    d = disclosure(
        sender="police:local_police",
        recipient="social_services:child_and_youth",
        categories=("criminal_record",),
        should_prompt_social_services_action=True,
        consents=full_consent(15, categories=("criminal_record",)),
    )

    result = evaluate(d)

    assert result.outcome is Outcome.DENY
    assert reasons(result, "G04") == {"rejected.absolute_secrecy"}


def test_imminent_danger_without_a_ground_is_review_with_no_ground() -> None:
    d = disclosure(
        sender="school:student_health_medical",
        recipient="police:local_police",
        categories=("health",),
        purpose="protective_measures",
        imminent_danger=True,
    )

    result = evaluate(d)

    assert result.outcome is Outcome.REVIEW
    assert result.grounds == ()
    assert "suggest.imminent_danger" in {s.code for s in result.suggestions}


# ---- per category and suggestions ---------------------------------------------------------------


def test_the_request_is_as_open_as_its_most_protected_category() -> None:
    d = disclosure(
        sender="school:teaching",
        recipient="social_services:child_and_youth",
        categories=("attendance", "behaviour"),
    )

    result = evaluate(d)

    assert result.by_category[Category.ATTENDANCE].outcome is Outcome.ALLOW
    assert result.by_category[Category.BEHAVIOUR].outcome is Outcome.DENY
    assert result.outcome is Outcome.DENY
    release = next(s for s in result.suggestions if s.code == "suggest.release_part")
    assert release.params["categories"] == ("attendance",)


def test_suggests_consent_naming_the_missing_grantors() -> None:
    result = evaluate(disclosure(consents=full_consent(15)[:1]))

    suggestion = next(s for s in result.suggestions if s.code == "suggest.obtain_consent")
    assert suggestion.params["grantors"] == ("g2", "child")


def test_never_suggests_consent_where_a_duty_applies() -> None:
    d = disclosure(
        sender="school:teaching",
        recipient="social_services:child_and_youth",
        age=10,
        purpose="child_welfare_concern",
        child_at_risk=True,
    )

    codes = {s.code for s in evaluate(d).suggestions}

    assert "suggest.fulfil_duty" in codes
    assert not {c for c in codes if "consent" in c}


def test_suggests_a_concern_report_when_a_child_at_risk_is_shared_elsewhere() -> None:
    d = disclosure(
        sender="school:student_health_medical",
        recipient="police:local_police",
        categories=("health",),
        purpose="protective_measures",
        child_at_risk=True,
    )

    codes = {s.code for s in evaluate(d).suggestions}

    assert "suggest.make_concern_report" in codes


def test_suggests_checking_the_youth_crime_prevention_rule() -> None:
    result = evaluate(crime_risk(purpose="support_planning", concrete_risk_of_crime=False))

    check = next(s for s in result.suggestions if s.code == "suggest.check_ground")
    assert check.params["ground"] == "G07"
    assert check.params["provision"] == "OSL 10 kap. 18 a §"


def test_suggests_the_assessment_a_decision_maker_owes() -> None:
    suggestion = next(
        s for s in evaluate(crime_risk()).suggestions if s.code == "suggest.assessment"
    )

    assert suggestion.params["ground"] == "G07"
    assert suggestion.params["assessment"] == "inte olämpligt"


def test_rejections_have_a_kind() -> None:
    assert rejection_kind("rejected.wrong_sender") == "parties"
    assert rejection_kind("consent.expired") == "consent"
    assert rejection_kind("rejected.fact_missing") == "condition"
    assert rejection_kind("rejected.not_in_force") == "time"


def test_result_to_json_has_the_api_shape() -> None:
    data = result_to_json(evaluate(crime_risk()), lang="en")

    assert data["outcome"] == "ALLOW_AFTER_ASSESSMENT"
    assert data["by_category"]["family_situation"]["grounds"][0] == "G07"
    ground = data["grounds"][0]
    assert set(ground) >= {"id", "provision", "outcome", "assessment"}
    assert {"id", "reason", "code"} <= set(data["rejected"][0])
    assert data["consent"]["status"] == "NONE"


# ---- the catalogue ------------------------------------------------------------------------------


def test_catalogue_holds_every_ground_with_a_provision() -> None:
    assert [g.id for g in GROUNDS] == [f"G{n:02d}" for n in range(27)]
    for ground in GROUNDS:
        for version in ground.versions:
            assert version.provision
            assert set(version.readings) <= set(READINGS)
    assert GROUNDS_BY_ID["G01"].kind is GroundKind.CONSENT


def test_the_engine_and_the_evaluator_import_no_django() -> None:
    code = (
        "import sys, workflows.engine.evaluate, workflows.engine.scenarios, consent.evaluator;"
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )

    completed = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, check=False)

    assert completed.returncode == 0
