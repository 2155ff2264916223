"""``manage.py evaluate_disclosures FILE [--check] [--lang sv|en]``.

Evaluates every scenario of a scenario file (scenarios/README.md) with the confidentiality
engine and prints one JSON object per scenario per line. With ``--check`` it compares each
result with the scenario's ``expect`` block, prints each mismatch with the scenario id, and
ends with ``N passed, M failed``; it exits 1 when M > 0. A file that does not match the schema
exits 2 with the scenario and the field named.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from workflows.engine.messages import LANGUAGES
from workflows.engine.scenarios import ScenarioError, load, result_to_json, run


class Command(BaseCommand):
    help = "Evaluate a disclosure scenario file with the confidentiality engine (JSON lines)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="scenario file (YAML), e.g. scenarios/disclosures.yaml")
        parser.add_argument(
            "--check",
            action="store_true",
            help="compare each result with its expect block; exit 1 on any mismatch",
        )
        parser.add_argument(
            "--lang", choices=LANGUAGES, default="sv", help="language of the texts (default sv)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = load(options["file"])
        except ScenarioError as exc:
            shown = list(exc.problems[:20])
            if len(exc.problems) > len(shown):
                shown.append(f"... and {len(exc.problems) - len(shown)} more")
            raise CommandError(
                "invalid scenario file:\n  " + "\n  ".join(shown), returncode=2
            ) from exc

        passed = failed = 0
        for scenario_run in run(data["scenarios"]):
            line = result_to_json(scenario_run.result, id=scenario_run.id, lang=options["lang"])
            self.stdout.write(json.dumps(line, ensure_ascii=False))
            if not options["check"]:
                continue
            if scenario_run.mismatches:
                failed += 1
                for mismatch in scenario_run.mismatches:
                    self.stdout.write(f"MISMATCH {scenario_run.id}: {mismatch}")
            else:
                passed += 1

        if options["check"]:
            self.stdout.write(f"{passed} passed, {failed} failed")
            if failed:
                raise CommandError(f"{failed} scenario(s) do not match their expect block")
