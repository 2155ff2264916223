"""A bar chart of events and denials per day, drawn on the server as SVG geometry (no script,
no external library): the template turns it into an inline <svg> with a text alternative."""

from __future__ import annotations

import math
from typing import Any

WIDTH = 720
HEIGHT = 220
LEFT = 44  # room for the y-axis numbers
BOTTOM = 28  # room for the dates
TOP = 10


def _nice_ceiling(value: int) -> int:
    """1, 2, 5, 10, 20, 50, ... at or above ``value`` (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def day_chart(days: list[dict[str, Any]]) -> dict[str, Any]:
    """``days``: ``[{day, events, denied}]`` (audit.queries.events_per_day)."""
    plot_width = WIDTH - LEFT - 8
    plot_height = HEIGHT - TOP - BOTTOM
    top = _nice_ceiling(max((d["events"] for d in days), default=0))
    slot = plot_width / max(len(days), 1)
    bar = max(slot * 0.7, 1.0)
    label_every = max(1, math.ceil(len(days) / 8))

    def y(value: int) -> float:
        return TOP + plot_height - plot_height * value / top

    bars = []
    for index, day in enumerate(days):
        x = LEFT + index * slot + (slot - bar) / 2
        allowed = day["events"] - day["denied"]
        bars.append(
            {
                "day": day["day"],
                "events": day["events"],
                "denied": day["denied"],
                "x": round(x, 1),
                "width": round(bar, 1),
                "allowed_y": round(y(allowed), 1),
                "allowed_height": round(y(0) - y(allowed), 1),
                "denied_y": round(y(day["events"]), 1),
                "denied_height": round(y(allowed) - y(day["events"]), 1),
                "label": day["day"].strftime("%m-%d") if index % label_every == 0 else "",
                "label_x": round(x + bar / 2, 1),
            }
        )
    steps = next(n for n in (5, 4, 2, 1) if top % n == 0)  # whole numbers on the axis
    grid = [
        {"value": top * i // steps, "y": round(y(top * i // steps), 1)} for i in range(steps + 1)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - 8,
        "baseline": round(y(0), 1),
        "label_y": HEIGHT - 8,
        "bars": bars,
        "grid": grid,
        "total": sum(d["events"] for d in days),
        "denied": sum(d["denied"] for d in days),
        "first": days[0]["day"] if days else None,
        "last": days[-1]["day"] if days else None,
    }
