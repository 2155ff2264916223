"""Every reason and suggestion reads in Swedish and English and names its provision."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.engine_builders import disclosure, full_consent
from workflows.engine.catalogue import GROUNDS, Assessment
from workflows.engine.evaluate import evaluate
from workflows.engine.messages import MESSAGES, render, render_rejection, render_suggestion
from workflows.engine.scenarios import load, run

BASE_DIR = Path(__file__).resolve().parents[3]
ENGINE_SOURCES = [
    BASE_DIR / "workflows" / "engine" / "evaluate.py",
    BASE_DIR / "workflows" / "engine" / "catalogue.py",
    BASE_DIR / "consent" / "evaluator.py",
]


def emitted_codes() -> set[str]:
    """Every message code the engine and the evaluator can emit, read from their source."""
    pattern = re.compile(r'"((?:rejected|consent|suggest|review)\.[a-z_.]+)"')
    codes: set[str] = set()
    for path in ENGINE_SOURCES:
        codes.update(pattern.findall(path.read_text(encoding="utf-8")))
    return codes


def test_both_languages_have_the_same_codes() -> None:
    assert set(MESSAGES["sv"]) == set(MESSAGES["en"])


def test_every_emitted_code_has_a_text() -> None:
    codes = emitted_codes()

    assert len(codes) > 40
    missing = sorted(c for c in codes if c not in MESSAGES["sv"])
    assert missing == []


def test_every_ground_and_assessment_has_a_title() -> None:
    for lang in ("sv", "en"):
        for ground in GROUNDS:
            assert render(f"ground.{ground.id}", {}, lang) != f"ground.{ground.id}"
        for assessment in Assessment:
            assert render(f"assessment.{assessment.value}", {}, lang) != assessment.value


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_all_scenario_texts_render_without_placeholders(lang: str) -> None:
    data = load(BASE_DIR / "scenarios" / "disclosures.yaml")
    for scenario_run in run(data["scenarios"]):
        result = scenario_run.result
        texts = [render_rejection(r, lang) for r in result.rejected]
        texts += [render_suggestion(s, lang) for s in result.suggestions]
        for text in texts:
            assert "{" not in text, text
            assert not re.search(r"\b(rejected|consent|suggest|review)\.[a-z_]+", text), text


def test_a_rejection_names_the_provision_in_both_languages() -> None:
    d = disclosure(
        recipient="police:local_police",
        age=22,
        custody="none",
        categories=("family_situation",),
        purpose="crime_prevention",
        concrete_risk_of_crime=True,
    )
    g07 = next(r for r in evaluate(d).rejected if r.id == "G07")

    assert render_rejection(g07, "sv") == (
        "OSL 10 kap. 18 a §: regeln gäller bara den som är under 21 år"
    )
    assert (
        render_rejection(g07, "en")
        == "OSL 10 kap. 18 a §: the rule applies only to a person under 21"
    )


def test_consent_reasons_name_the_grantors() -> None:
    d = disclosure(consents=full_consent(15)[:1])
    g01 = next(r for r in evaluate(d).rejected if r.id == "G01")

    assert render_rejection(g01, "sv") == (
        "OSL 10 kap. 1 §, 12 kap. 2\N{EN DASH}3 §§: "
        "samtycke saknas fortfarande från vårdnadshavare g2 och den unge"
    )
    assert render_rejection(g01, "en").endswith(
        "consent still missing from guardian g2 and the young person"
    )


def test_the_concern_report_suggestion_names_the_social_services_act() -> None:
    d = disclosure(
        sender="school:teaching",
        recipient="social_services:child_and_youth",
        categories=("behaviour",),
    )
    suggestion = next(
        s for s in evaluate(d).suggestions if s.code == "suggest.consider_concern_report"
    )

    assert "SoL 19 kap. 1 §" in render_suggestion(suggestion, "sv")
    assert "orosanmälan" in render_suggestion(suggestion, "sv")
    assert "SoL 19 kap. 1 §" in render_suggestion(suggestion, "en")


def test_unknown_language_falls_back_to_swedish_and_unknown_code_to_itself() -> None:
    assert render("rejected.wrong_sender", {}, "de") == render("rejected.wrong_sender", {}, "sv")
    assert render("no.such.code", {}, "sv") == "no.such.code"
