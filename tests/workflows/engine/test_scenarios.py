"""The acceptance table (scenarios/disclosures.yaml) runs unchanged, through the command."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from workflows.engine.evaluate import evaluate
from workflows.engine.scenarios import compare, load, to_disclosure

BASE_DIR = Path(__file__).resolve().parents[3]  # the repository root (settings.BASE_DIR)
SCENARIO_FILE = BASE_DIR / "scenarios" / "disclosures.yaml"
SHARED_SCENARIOS = BASE_DIR.parent / "shared" / "scenarios"
SCENARIOS: list[dict[str, Any]] = load(SCENARIO_FILE)["scenarios"]


def run_command(*args: str) -> list[str]:
    out = StringIO()
    call_command("evaluate_disclosures", *args, stdout=out)
    return out.getvalue().splitlines()


def test_check_passes_every_scenario_of_the_table() -> None:
    lines = run_command(str(SCENARIO_FILE), "--check")

    assert lines[-1] == f"{len(SCENARIOS)} passed, 0 failed"
    results = [json.loads(line) for line in lines[:-1]]
    assert [r["id"] for r in results] == [s["id"] for s in SCENARIOS]


def test_without_check_prints_one_json_object_per_scenario() -> None:
    lines = run_command(str(SCENARIO_FILE), "--lang", "en")

    assert len(lines) == len(SCENARIOS)
    first = json.loads(lines[0])
    assert set(first) >= {"id", "outcome", "by_category", "grounds", "rejected", "suggestions"}
    assert "consent" in first


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s["id"] for s in SCENARIOS])
def test_scenario_matches_its_expect_block(scenario: dict[str, Any]) -> None:
    result = evaluate(to_disclosure(scenario))

    assert compare(result, scenario["expect"]) == []


def test_check_reports_a_mismatch_with_the_scenario_id_and_exits_1(tmp_path: Path) -> None:
    text = SCENARIO_FILE.read_text(encoding="utf-8")
    # S01 is a mandatory report; claim it is a DENY.
    broken = text.replace(
        "expect: {outcome: MANDATORY_REPORT, grounds: [G02], not_grounds: [G01]}\n"
        '    source: "worked case S01;',
        "expect: {outcome: DENY, grounds: [G02], not_grounds: [G01]}\n"
        '    source: "worked case S01;',
        1,
    )
    assert broken != text
    path = tmp_path / "broken.yaml"
    path.write_text(broken, encoding="utf-8")
    out = StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("evaluate_disclosures", str(path), "--check", stdout=out)

    lines = out.getvalue().splitlines()
    assert raised.value.returncode == 1
    assert lines[-1] == f"{len(SCENARIOS) - 1} passed, 1 failed"
    assert any(
        line.startswith("MISMATCH S01: outcome MANDATORY_REPORT, expected DENY") for line in lines
    )


@pytest.mark.skipif(
    not SHARED_SCENARIOS.is_dir(), reason="../shared/scenarios is not beside this checkout"
)
@pytest.mark.parametrize("name", ["disclosures.yaml", "schema.json"])
def test_repository_copy_is_identical_to_the_shared_file(name: str) -> None:
    assert (BASE_DIR / "scenarios" / name).read_bytes() == (SHARED_SCENARIOS / name).read_bytes()
