"""Turning what the actions and the engine return into what a page shows: labels in the
user's language, the engine's answer per category, guardians by name instead of by id.

Presentation only: nothing here decides anything (the engine and the actions do).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from backend.core.actor import Actor
from backend.people.models import YoungPerson
from backend.people.queries import may_see_guardians
from consent.labels import category_label, language, purpose_label
from workflows.engine import types as engine
from workflows.engine.messages import render

OUTCOME_LABELS = {
    "MANDATORY_REPORT": _("Ska lämnas (skyldighet)"),
    "ALLOW": _("Får lämnas ut"),
    "ALLOW_AFTER_ASSESSMENT": _("Får lämnas ut efter dokumenterad prövning"),
    "REVIEW": _("Beslutsfattare måste pröva"),
    "DENY": _("Får inte lämnas ut"),
}
# A CSS modifier per outcome: the colour is never the only sign (the label says it too).
OUTCOME_TONES = {
    "MANDATORY_REPORT": "ok",
    "ALLOW": "ok",
    "ALLOW_AFTER_ASSESSMENT": "warn",
    "REVIEW": "warn",
    "DENY": "bad",
}
CONSENT_STATUS_LABELS = {
    "VALID": _("Giltigt samtycke"),
    "NONE": _("Samtycke saknas"),
    "REFUSED": _("Samtycke nekat"),
    "INCOMPLETE": _("Samtycke ofullständigt"),
    "EXPIRED": _("Samtycket har gått ut"),
    "NOT_YET_VALID": _("Samtycket gäller ännu inte"),
    "WITHDRAWN": _("Samtycket är återkallat"),
    "LAPSED_ADULT": _("Vårdnadshavarnas samtycke gäller inte längre (18 år)"),
    "SCOPE_RECIPIENT": _("Samtycket omfattar inte mottagaren"),
    "SCOPE_CATEGORY": _("Samtycket omfattar inte uppgifterna"),
    "SCOPE_PURPOSE": _("Samtycket omfattar inte ändamålet"),
    "NOT_CONSENTABLE": _("Kan inte lämnas med samtycke"),
}
# Grounds that fit the situation but for a condition or a consent: shown first, the rest
# (wrong parties, kind of secrecy, not in force) folded away (evaluate.rejection_kind).
NEAR_MISS_KINDS = frozenset({"consent", "condition", "settings"})
RECORD_STATUS_LABELS = {
    "active": _("Gäller"),
    "expired": _("Har gått ut"),
    "withdrawn": _("Återkallat"),
    "superseded": _("Ersatt av nyare version"),
    "refused": _("Nej"),
    "not_yet_valid": _("Gäller ännu inte"),
}
RECORD_STATUS_TONES = {
    "active": "ok",
    "expired": "muted",
    "withdrawn": "bad",
    "superseded": "muted",
    "refused": "bad",
    "not_yet_valid": "warn",
}


def categories_text(values: list[str]) -> str:
    return ", ".join(category_label(v) for v in values)


def purpose_text(value: str) -> str:
    return purpose_label(value) if value else ""


@dataclass
class GuardianNames:
    """Guardian ids in the engine's texts replaced by names, or by 'vårdnadshavare 1' where
    the actor may not see guardians (protected identity)."""

    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def for_actor(cls, actor: Actor, young_person: YoungPerson | None) -> GuardianNames:
        if young_person is None:
            return cls()
        guardians = list(young_person.guardians.order_by("created_at"))
        visible = may_see_guardians(actor, young_person)
        names = {}
        for index, guardian in enumerate(guardians, start=1):
            names[str(guardian.pk)] = (
                f"{guardian.given_name} {guardian.family_name}"
                if visible
                else str(_("nr %(n)s") % {"n": index})
            )
        return cls(names=names)

    def apply(self, text: str) -> str:
        for guardian_id, name in self.names.items():
            text = text.replace(guardian_id, name)
        return text

    def grantor(self, grantor: str) -> str:
        if grantor == engine.CHILD:
            return render("grantor.child", {}, language())
        return render("grantor.guardian", {}, language()).replace(
            "{id}", self.names.get(grantor, "")
        )


def _params(raw: dict[str, Any] | None) -> dict[str, Any]:
    """JSON parameters back to the engine's (lists were tuples)."""
    return {k: tuple(v) if isinstance(v, list) else v for k, v in (raw or {}).items()}


def _ground(ground: dict[str, Any], lang: str) -> dict[str, Any]:
    """A ground of a stored answer with its texts in the reader's language."""
    relabelled = {**ground, "title": render(f"ground.{ground['id']}", {}, lang)}
    if ground.get("assessment"):
        relabelled["assessment_text"] = render(f"assessment.{ground['assessment']}", {}, lang)
    if ground.get("review_code"):
        relabelled["review"] = render(ground["review_code"], {}, lang)
    return relabelled


def _rejection_text(rejection: dict[str, Any], lang: str) -> str:
    if "params" not in rejection:  # stored before answers kept their parameters
        return str(rejection["reason"])
    text = render(rejection["code"], _params(rejection["params"]), lang)
    return f"{rejection['provision']}: {text}"


def check_view(check: dict[str, Any] | None, names: GuardianNames) -> dict[str, Any] | None:
    """The engine's JSON answer (``result_to_json``) arranged per category for a page, its
    texts rendered in the reader's language from the codes (a stored answer was rendered in
    the language of whoever caused it)."""
    if not check:
        return None
    lang = language()
    grounds = {g["id"]: _ground(g, lang) for g in check.get("grounds", [])}
    consent_by_category = (check.get("consent") or {}).get("by_category", {})

    def rejected(category: str) -> list[dict[str, Any]]:
        return [
            {**r, "reason": names.apply(_rejection_text(r, lang))}
            for r in check.get("rejected", [])
            if category in r.get("categories", [])
        ]

    rows = []
    for category, result in check.get("by_category", {}).items():
        consent = consent_by_category.get(category)
        consent_text = None
        if consent is not None:
            grantors = tuple(consent.get("missing") or consent.get("required") or ())
            consent_text = names.apply(render(consent["code"], {"grantors": grantors}, lang))
        rows.append(
            {
                "category": category,
                "label": category_label(category),
                "outcome": result["outcome"],
                "outcome_label": OUTCOME_LABELS.get(result["outcome"], result["outcome"]),
                "tone": OUTCOME_TONES.get(result["outcome"], "muted"),
                "secrecy_provision": result.get("secrecy_provision") or "",
                "grounds": [grounds[g] for g in result.get("grounds", []) if g in grounds],
                "near_misses": [r for r in rejected(category) if r["kind"] in NEAR_MISS_KINDS],
                "other_rejected": [
                    r for r in rejected(category) if r["kind"] not in NEAR_MISS_KINDS
                ],
                "consent": consent,
                "consent_text": consent_text,
                "consent_label": CONSENT_STATUS_LABELS.get(consent["status"], "")
                if consent
                else "",
            }
        )
    return {
        "outcome": check["outcome"],
        "outcome_label": OUTCOME_LABELS.get(check["outcome"], check["outcome"]),
        "tone": OUTCOME_TONES.get(check["outcome"], "muted"),
        "rows": rows,
        "grounds": list(grounds.values()),
        "suggestions": [
            names.apply(render(s["code"], _params(s.get("params")), lang))
            for s in check.get("suggestions", [])
        ],
        "date": check.get("date"),
    }
