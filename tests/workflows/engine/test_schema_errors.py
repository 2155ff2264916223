"""A scenario file that does not match the schema is refused with scenario and field named."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from workflows.engine.scenarios import ScenarioError, load

BASE_DIR = Path(__file__).resolve().parents[3]
SCENARIO_FILE = BASE_DIR / "scenarios" / "disclosures.yaml"


def write_variant(tmp_path: Path, old: str, new: str) -> Path:
    text = SCENARIO_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "scenarios.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_unknown_unit_names_scenario_and_field(tmp_path: Path) -> None:
    # The first "unit: investigation}" recipient belongs to S04b.
    path = write_variant(tmp_path, "unit: investigation}", "unit: investigaton}")

    with pytest.raises(ScenarioError) as raised:
        load(path)

    assert raised.value.problems[0].startswith("scenario S04b (index 4), field to.unit: ")
    assert "'investigaton' is not one of" in raised.value.problems[0]


def test_impossible_date_names_scenario_and_field(tmp_path: Path) -> None:
    path = write_variant(tmp_path, 'given_on: "2026-11-19"', 'given_on: "2026-02-30"')

    with pytest.raises(ScenarioError) as raised:
        load(path)

    assert any(
        p.startswith("scenario S02 (index 1), field consents.0.given_on:")
        for p in raised.value.problems
    )


def test_missing_field_is_named_itself(tmp_path: Path) -> None:
    path = write_variant(tmp_path, "    purpose: child_welfare_concern\n", "")

    with pytest.raises(ScenarioError) as raised:
        load(path)

    assert raised.value.problems == (
        "scenario S01 (index 0), field purpose: required field is missing",
    )


def test_unquoted_date_is_refused_with_the_field(tmp_path: Path) -> None:
    path = write_variant(tmp_path, 'date: "2026-11-20"', "date: 2026-11-20")

    with pytest.raises(ScenarioError) as raised:
        load(path)

    assert raised.value.problems[0].startswith("scenario S01 (index 0), field date:")


def test_not_yaml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("scenarios: [\n", encoding="utf-8")

    with pytest.raises(ScenarioError, match="not valid YAML"):
        load(path)


def test_command_exits_2_naming_the_scenario_and_field(tmp_path: Path) -> None:
    path = write_variant(tmp_path, "unit: investigation}", "unit: investigaton}")

    with pytest.raises(CommandError) as raised:
        call_command("evaluate_disclosures", str(path), "--check", stdout=StringIO())

    assert raised.value.returncode == 2
    assert "scenario S04b (index 4), field to.unit" in str(raised.value)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("evaluate_disclosures", str(tmp_path / "nope.yaml"), stdout=StringIO())

    assert raised.value.returncode == 2
    assert "cannot read" in str(raised.value)
