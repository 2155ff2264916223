"""Scenario files (scenarios/README.md): load, validate, convert, compare, serialise.

A scenario file is the acceptance table of the engine and also the shape of the
``POST /api/v1/disclosure-checks/`` body. Loading validates it against ``schema.json``
(JSON Schema draft 2020-12) and names the scenario and the field of the first problems found.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from jsonschema.exceptions import ValidationError, best_match

from workflows.engine.evaluate import evaluate, rejection_kind
from workflows.engine.messages import (
    DEFAULT_LANGUAGE,
    render,
    render_rejection,
    render_suggestion,
)
from workflows.engine.secrecy import SECRECY_PROVISIONS, Secrecy
from workflows.engine.types import (
    Consent,
    ConsentEvaluation,
    Crime,
    Disclosure,
    Facts,
    MaturityAssessment,
    Party,
    Result,
    Subject,
)

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "scenarios" / "schema.json"

_YamlLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ScenarioError(ValueError):
    """A scenario file that cannot be used: unreadable, or not matching the schema."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@cache
def load_schema(path: Path = SCHEMA_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        schema: dict[str, Any] = json.load(fh)
    return schema


def _location(data: Any, path: Sequence[str | int]) -> str:
    """``scenario N01 (index 3), field from.unit`` for an error at path scenarios/3/from/unit."""
    if len(path) >= 2 and path[0] == "scenarios" and isinstance(path[1], int):
        index = path[1]
        scenario_id = None
        scenarios = data.get("scenarios") if isinstance(data, Mapping) else None
        if isinstance(scenarios, list) and index < len(scenarios):
            item = scenarios[index]
            if isinstance(item, Mapping) and isinstance(item.get("id"), str):
                scenario_id = item["id"]
        who = f"scenario {scenario_id} (index {index})" if scenario_id else f"scenario #{index}"
        field = ".".join(str(p) for p in path[2:]) or "(the scenario itself)"
        return f"{who}, field {field}"
    field = ".".join(str(p) for p in path) or "(top level)"
    return f"file, field {field}"


_REQUIRED = re.compile(r"^'(?P<name>[^']+)' is a required property$")


def _wrong_branch(error: ValidationError) -> bool:
    """An error saying a oneOf branch is the wrong kind of thing, not a flawed right one."""
    path = list(error.relative_path)
    return (
        error.validator == "const"
        or (error.validator == "type" and not path)
        or (error.validator == "enum" and path == ["agency"])
    )


def _describe(error: ValidationError, data: Any) -> list[str]:
    if error.context:
        # oneOf/anyOf: report the problems of the branch that was evidently meant (the one
        # whose discriminator, e.g. the agency, matched), not "matches none of the schemas".
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.schema_path[0] if sub.schema_path else None, []).append(sub)
        meant = [errs for errs in branches.values() if not any(map(_wrong_branch, errs))]
        if meant:
            chosen = min(meant, key=len)
            return [line for sub in chosen for line in _describe(sub, data)]
        return _describe(best_match(error.context), data)
    path: list[str | int] = list(error.absolute_path)
    if error.validator == "required":
        match = _REQUIRED.match(error.message)
        if match:  # name the missing field itself, not the object that lacks it
            return [f"{_location(data, [*path, match['name']])}: required field is missing"]
    return [f"{_location(data, path)}: {error.message}"]


def validate(data: Any, *, schema: Mapping[str, Any] | None = None) -> None:
    """Raise :class:`ScenarioError` naming scenario and field for every problem found."""
    schema = schema if schema is not None else load_schema()
    validator_class = jsonschema.Draft202012Validator
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(
        validator.iter_errors(data),
        key=lambda e: [(p if isinstance(p, int) else -1, str(p)) for p in e.absolute_path],
    )
    if errors:
        raise ScenarioError(
            list(dict.fromkeys(line for e in errors for line in _describe(e, data)))
        )


def load(path: str | Path) -> dict[str, Any]:
    """Read and validate a scenario file (YAML or JSON)."""
    try:
        with Path(path).open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_YamlLoader)  # noqa: S506 - a SafeLoader subclass
    except OSError as exc:
        raise ScenarioError([f"cannot read {path}: {exc.strerror}"]) from exc
    except yaml.YAMLError as exc:
        raise ScenarioError([f"{path} is not valid YAML: {exc}"]) from exc
    validate(data)
    assert isinstance(data, dict)
    return data


def _date(value: str) -> date:
    return date.fromisoformat(value)


def _optional_date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _party(data: Mapping[str, Any]) -> Party:
    return Party(
        agency=data["agency"],
        unit=data.get("unit"),
        operator=data.get("operator", "municipal"),
    )


def _consent(data: Mapping[str, Any], index: int) -> Consent:
    return Consent(
        id=data.get("id") or f"consent-{index}",
        grantor=data["grantor"],
        decision=data["decision"],
        form=data["form"],
        given_on=_date(data["given_on"]),
        valid_until=_optional_date(data.get("valid_until")),
        withdrawn_on=_optional_date(data.get("withdrawn_on")),
        recipients=frozenset(data.get("recipients", ())),
        categories=frozenset(data.get("categories", ())),
        purposes=frozenset(data.get("purposes", ())),
    )


def to_facts(data: Mapping[str, Any]) -> Facts:
    crime = data.get("crime")
    return Facts(
        child_at_risk=bool(data.get("child_at_risk", False)),
        investigation_opened=bool(data.get("investigation_opened", False)),
        should_prompt_social_services_action=bool(
            data.get("should_prompt_social_services_action", False)
        ),
        concrete_risk_of_crime=bool(data.get("concrete_risk_of_crime", False)),
        terrorism_risk=bool(data.get("terrorism_risk", False)),
        risk_of_violence_against_close_relative=bool(
            data.get("risk_of_violence_against_close_relative", False)
        ),
        found_in_acute_danger=bool(data.get("found_in_acute_danger", False)),
        necessary_for_own_activity=bool(data.get("necessary_for_own_activity", False)),
        necessary_for_care_or_support=bool(data.get("necessary_for_care_or_support", False)),
        guardian_suspected_of_harm=data.get("guardian_suspected_of_harm"),
        imminent_danger=bool(data.get("imminent_danger", False)),
        crime=None
        if crime is None
        else Crime(
            status=crime["status"],
            perpetrator=crime["perpetrator"],
            offence=crime["offence"],
            victim_age=crime.get("victim_age"),
            min_penalty_months=crime.get("min_penalty_months"),
            imprisonment_in_scale=bool(crime.get("imprisonment_in_scale", False)),
            in_connection_with_school=bool(crime.get("in_connection_with_school", False)),
        ),
    )


def to_disclosure(
    scenario: Mapping[str, Any], *, maturity_assessment: MaturityAssessment | None = None
) -> Disclosure:
    """A validated scenario (or disclosure-check body) as engine input."""
    subject = scenario["subject"]
    return Disclosure(
        date=_date(scenario["date"]),
        from_party=_party(scenario["from"]),
        to_party=_party(scenario["to"]),
        subject=Subject(
            birth_date=_date(subject["birth_date"]),
            protected_identity=bool(subject.get("protected_identity", False)),
        ),
        custody=scenario["custody"],
        guardians=tuple(scenario["guardians"]),
        categories=tuple(scenario["categories"]),
        purpose=scenario["purpose"],
        consents=tuple(_consent(c, i) for i, c in enumerate(scenario["consents"], start=1)),
        facts=to_facts(scenario.get("facts") or {}),
        maturity_assessment=maturity_assessment,
    )


def compare(result: Result, expect: Mapping[str, Any]) -> list[str]:
    """Mismatches between ``result`` and an ``expect`` block; empty when it matches."""
    problems: list[str] = []
    applicable = result.applicable_ground_ids
    if result.outcome.value != expect["outcome"]:
        per_category = ", ".join(
            f"{c.value}={r.outcome.value}" for c, r in result.by_category.items()
        )
        problems.append(
            f"outcome {result.outcome.value}, expected {expect['outcome']} ({per_category})"
        )
    for ground in expect.get("grounds", ()):
        if ground not in applicable:
            why = (
                "; ".join(render_rejection(r, "en") for r in result.rejected if r.id == ground)
                or "applies to no category"
            )
            problems.append(f"expected ground {ground} is not applicable: {why}")
    for ground in expect.get("not_grounds", ()):
        if ground in applicable:
            problems.append(f"ground {ground} is applicable but listed in not_grounds")
    return problems


def _consent_json(evaluation: ConsentEvaluation, lang: str) -> dict[str, Any]:
    return {
        "status": evaluation.status.value,
        "reason": render(
            evaluation.reason, {"grantors": evaluation.missing or evaluation.required}, lang
        ),
        "age": evaluation.age,
        "required": list(evaluation.required),
        "missing": list(evaluation.missing),
        "excluded_guardians": list(evaluation.excluded_guardians),
        "maturity_assessment_applied": evaluation.maturity_assessment_applied,
        "by_category": {
            category.value: {
                "status": cc.status.value,
                "code": cc.reason,
                "required": list(cc.required),
                "missing": list(cc.missing),
                "consent_ids": list(cc.consent_ids),
                "review": render(cc.review_reason, {}, lang) if cc.review_reason else None,
                "grantors": [
                    {
                        "grantor": g.grantor,
                        "required": g.required,
                        "status": g.status.value,
                        "code": g.reason,
                        "consent_id": g.consent_id,
                    }
                    for g in cc.grantors
                ],
            }
            for category, cc in evaluation.by_category.items()
        },
    }


def _params_json(params: Mapping[str, Any]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}


def result_to_json(
    result: Result,
    *,
    id: str | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> dict[str, Any]:
    """The engine's answer as JSON-ready data (api.md "Confidentiality checks")."""
    data: dict[str, Any] = {} if id is None else {"id": id}
    data.update(
        {
            "outcome": result.outcome.value,
            "by_category": {
                category.value: {
                    "outcome": r.outcome.value,
                    "grounds": list(r.grounds),
                    "secrecy": r.secrecy,
                    "secrecy_provision": SECRECY_PROVISIONS[Secrecy(r.secrecy)],
                }
                for category, r in result.by_category.items()
            },
            "grounds": [
                {
                    "id": g.id,
                    "provision": g.provision,
                    "outcome": g.outcome.value,
                    "assessment": g.assessment,
                    "assessment_text": render(f"assessment.{g.assessment}", {}, lang)
                    if g.assessment
                    else None,
                    "review": render(g.review_reason, {}, lang) if g.review_reason else None,
                    "review_code": g.review_reason,
                    "categories": [c.value for c in g.categories],
                    "title": render(f"ground.{g.id}", {}, lang),
                }
                for g in result.grounds
            ],
            "rejected": [
                {
                    "id": r.id,
                    "provision": r.provision,
                    "code": r.code,
                    # The codes and parameters let a reader render the texts in another
                    # language later (a stored answer is shown to users of both languages).
                    "params": _params_json(r.params),
                    "kind": rejection_kind(r.code),
                    "reason": render_rejection(r, lang),
                    "categories": [c.value for c in r.categories],
                }
                for r in sorted(result.rejected, key=lambda r: r.id)
            ],
            "suggestions": [
                {
                    "code": s.code,
                    "params": _params_json(s.params),
                    "text": render_suggestion(s, lang),
                }
                for s in result.suggestions
            ],
            "consent": _consent_json(result.consent, lang),
            "date": result.date.isoformat(),
            "catalogue_version": result.catalogue_version,
        }
    )
    return data


@dataclass(frozen=True, slots=True)
class ScenarioRun:
    id: str
    result: Result
    mismatches: tuple[str, ...]


def run(scenarios: Sequence[Mapping[str, Any]]) -> list[ScenarioRun]:
    """Evaluate validated scenarios and compare each with its ``expect`` block."""
    runs = []
    for scenario in scenarios:
        result = evaluate(to_disclosure(scenario))
        expect = scenario.get("expect")
        mismatches = tuple(compare(result, expect)) if expect else ()
        runs.append(ScenarioRun(id=scenario["id"], result=result, mismatches=mismatches))
    return runs


CHECK_PLACEHOLDERS: Mapping[str, Any] = {
    "id": "N000",
    "title": "check",
    "expect": {"outcome": "DENY", "grounds": []},
    "source": "api",
}


def check_body_errors(body: Any) -> dict[str, list[str]]:
    """Problems of a disclosure-check body (a scenario without ``id``, ``title``, ``expect``
    and ``source``) as ``{field: [messages]}``; empty when it is valid."""
    if not isinstance(body, Mapping):
        return {"non_field_errors": ["the body must be a JSON object"]}
    unknown = sorted(set(body) & set(CHECK_PLACEHOLDERS))
    scenario = {**body, **CHECK_PLACEHOLDERS}
    validator_class = jsonschema.Draft202012Validator
    schema = load_schema()
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    wrapped = {"schema": schema["properties"]["schema"]["const"], "scenarios": [scenario]}
    errors: dict[str, list[str]] = {
        name: ["not part of a disclosure check"] for name in unknown if name != "id"
    }
    for error in validator.iter_errors(wrapped):
        for line in _describe(error, wrapped):
            location, _sep, message = line.partition(": ")
            field = location.rpartition("field ")[2] or "non_field_errors"
            errors.setdefault(field, []).append(message)
    return errors


def facts_errors(facts: Any) -> dict[str, list[str]]:
    """Problems of a ``facts`` object alone, as ``{"facts.<field>": [messages]}``."""
    schema = load_schema()
    validator_class = jsonschema.Draft202012Validator
    sub_schema = {"$defs": schema["$defs"], "$ref": "#/$defs/facts"}
    validator = validator_class(sub_schema, format_checker=validator_class.FORMAT_CHECKER)
    errors: dict[str, list[str]] = {}
    for error in validator.iter_errors(facts):
        path = ".".join(str(p) for p in error.absolute_path)
        errors.setdefault(f"facts.{path}" if path else "facts", []).append(error.message)
    return errors
