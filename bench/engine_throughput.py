"""Confidentiality engine throughput: single-category disclosures evaluated per second.

The inputs are the acceptance table's scenarios split into one disclosure per category (a mix
of schools, social services and police; consents, crimes and mandatory reports), evaluated
round-robin in one process on one core. Target (issue 4): at least 20,000 per second.

    .venv/bin/python bench/engine_throughput.py [--seconds 3] [--rounds 5]

Pin it to one core with ``taskset -c 0`` on Linux. The figure goes to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import platform
import statistics
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from workflows.engine.evaluate import evaluate  # noqa: E402
from workflows.engine.scenarios import load, to_disclosure  # noqa: E402
from workflows.engine.types import Disclosure  # noqa: E402

TARGET_PER_SECOND = 20_000


def single_category_inputs() -> list[Disclosure]:
    data = load(BASE_DIR / "scenarios" / "disclosures.yaml")
    inputs = []
    for scenario in data["scenarios"]:
        disclosure = to_disclosure(scenario)
        for category in disclosure.categories:
            inputs.append(dataclasses.replace(disclosure, categories=(category,)))
    return inputs


def measure(inputs: list[Disclosure], seconds: float) -> float:
    """Evaluations per second over about ``seconds`` of wall time."""
    count = 0
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        for disclosure in inputs:
            evaluate(disclosure)
        count += len(inputs)
        now = time.perf_counter()
        if now >= deadline:
            return count / (now - start)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=3.0, help="length of one round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    inputs = single_category_inputs()
    measure(inputs, 0.5)  # warm the caches (secrecy, per-period plans) as a server would
    rates = [measure(inputs, args.seconds) for _ in range(args.rounds)]
    median = statistics.median(rates)

    print(f"inputs: {len(inputs)} single-category disclosures from the scenario table")
    print(f"rounds: {', '.join(f'{r:,.0f}' for r in rates)} evaluations/s")
    print(f"median: {median:,.0f} evaluations/s (target {TARGET_PER_SECOND:,})")
    print(f"mean latency: {1e6 / median:.1f} µs per evaluation")
    print(f"python: {platform.python_version()} ({platform.python_implementation()})")
    print(f"cpu: {cpu_model()}")
    return 0 if median >= TARGET_PER_SECOND else 1


if __name__ == "__main__":
    raise SystemExit(main())
