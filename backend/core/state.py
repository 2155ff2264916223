"""Declared state machines: one TRANSITIONS table per workflow, one helper that refuses a
transition not in it (conventions.md 2)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from backend.core.exceptions import Conflict


def ensure_transition(
    transitions: Mapping[str, frozenset[str]], current: str, target: str, *, what: str
) -> None:
    if target not in transitions.get(current, frozenset()):
        raise Conflict(
            detail=_("%(what)s kan inte gå från %(current)s till %(target)s.")
            % {"what": what, "current": current, "target": target},
            code="invalid-transition",
        )
