"""What the engine's answer allows a decision-maker to release, and on which ground."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from workflows.engine import types as engine

RELEASABLE = frozenset(
    {engine.Outcome.MANDATORY_REPORT, engine.Outcome.ALLOW, engine.Outcome.ALLOW_AFTER_ASSESSMENT}
)


@dataclass(frozen=True)
class Release:
    ground: engine.GroundResult
    categories: tuple[str, ...]
    consent_ids: tuple[str, ...]

    @property
    def needs_assessment(self) -> bool:
        return self.ground.outcome is engine.Outcome.ALLOW_AFTER_ASSESSMENT


def releasable_categories(result: engine.Result) -> list[str]:
    return [c.value for c, r in result.by_category.items() if r.outcome in RELEASABLE]


def grounds_for(result: engine.Result, categories: Iterable[str]) -> list[engine.GroundResult]:
    """The releasable grounds that apply to every one of ``categories``, strongest first."""
    wanted = [engine.Category(c) for c in categories]
    common: set[str] | None = None
    for category in wanted:
        ids = set(result.by_category[category].grounds) if category in result.by_category else set()
        common = ids if common is None else common & ids
    by_id = {g.id: g for g in result.grounds}
    usable = [by_id[g] for g in (common or set()) if g in by_id and by_id[g].outcome in RELEASABLE]
    return sorted(usable, key=lambda g: (-g.outcome.rank, g.id))


def plan_release(
    result: engine.Result, *, categories: list[str], ground_id: str | None
) -> Release | dict[str, list[str]]:
    """The release of ``categories`` on ``ground_id`` (or the strongest common ground), or the
    field errors that say why the engine does not allow it."""
    refused = [
        c
        for c in categories
        if engine.Category(c) not in result.by_category
        or result.by_category[engine.Category(c)].outcome not in RELEASABLE
    ]
    if refused:
        return {
            "categories": [
                _("Motorn medger inte utlämnande av: %(categories)s.")
                % {"categories": ", ".join(refused)}
            ]
        }
    usable = grounds_for(result, categories)
    if ground_id:
        chosen = next((g for g in usable if g.id == ground_id), None)
        if chosen is None:
            allowed = ", ".join(g.id for g in usable) or "-"
            return {
                "ground": [
                    _("Grunden %(ground)s gäller inte alla valda kategorier; möjliga: %(allowed)s.")
                    % {"ground": ground_id, "allowed": allowed}
                ]
            }
    elif usable:
        chosen = usable[0]
    else:
        return {
            "ground": [_("Ingen grund gäller alla valda kategorier; besluta om dem var för sig.")]
        }
    consent_ids: list[str] = []
    if chosen.id == "G01":
        for category in categories:
            consent = result.consent.by_category.get(engine.Category(category))
            if consent is not None:
                consent_ids.extend(consent.consent_ids)
    return Release(
        ground=chosen,
        categories=tuple(categories),
        consent_ids=tuple(dict.fromkeys(consent_ids)),
    )
