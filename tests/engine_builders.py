"""Small builders for engine and consent-evaluator inputs (pure data, no database)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from workflows.engine.types import (
    Consent,
    Crime,
    Disclosure,
    Facts,
    Party,
    Subject,
)

DAY = date(2026, 11, 20)  # the evaluation date of most scenarios


def born(years: int, *, on: date = DAY, days_later: int = 0) -> date:
    """The birth date of someone who turns ``years`` exactly on ``on`` (+ ``days_later``)."""
    birthday = on.replace(year=on.year - years)
    return birthday + timedelta(days=days_later)


def party(ref: str, *, operator: str = "municipal", **extra: Any) -> Party:
    agency, _, unit = ref.partition(":")
    return Party(agency=agency, unit=unit or None, operator=operator, **extra)  # type: ignore[arg-type]


def consent(
    grantor: str,
    *,
    decision: str = "granted",
    given_on: date = DAY - timedelta(days=30),
    valid_until: date | None = DAY + timedelta(days=150),
    withdrawn_on: date | None = None,
    recipients: Iterable[str] = ("school", "social_services", "police"),
    categories: Iterable[str] = ("family_situation", "social_services_measures"),
    purposes: Iterable[str] = ("support_planning",),
    id: str | None = None,
) -> Consent:
    return Consent(
        id=id or f"{grantor}-{decision}-{given_on.isoformat()}",
        grantor=grantor,
        decision=decision,  # type: ignore[arg-type]
        form="written",  # type: ignore[arg-type]
        given_on=given_on,
        valid_until=valid_until,
        withdrawn_on=withdrawn_on,
        recipients=frozenset(recipients),
        categories=frozenset(categories),  # type: ignore[arg-type]
        purposes=frozenset(purposes),  # type: ignore[arg-type]
    )


def full_consent(age: int, **kwargs: Any) -> tuple[Consent, ...]:
    """Consents from everyone who must consent at ``age`` with joint custody (g1, g2)."""
    grantors = ("child",) if age >= 18 else ("g1", "g2") if age < 12 else ("g1", "g2", "child")
    return tuple(consent(g, **kwargs) for g in grantors)


def crime(**kwargs: Any) -> Crime:
    defaults: dict[str, Any] = {
        "status": "committed",
        "perpetrator": "subject",
        "offence": "other",
        "victim_age": None,
        "min_penalty_months": 0,
        "imprisonment_in_scale": True,
        "in_connection_with_school": False,
    }
    defaults.update(kwargs)
    return Crime(**defaults)


def disclosure(
    *,
    sender: str = "social_services:child_and_youth",
    recipient: str = "school:principal",
    sender_operator: str = "municipal",
    recipient_operator: str = "municipal",
    age: int = 15,
    on: date = DAY,
    categories: Iterable[str] = ("family_situation",),
    purpose: str = "support_planning",
    custody: str = "joint",
    guardians: tuple[str, ...] | None = None,
    consents: Iterable[Consent] = (),
    protected_identity: bool = False,
    **facts: Any,
) -> Disclosure:
    if guardians is None:
        guardians = {"joint": ("g1", "g2"), "sole": ("g1",), "none": ()}[custody]
    return Disclosure(
        date=on,
        from_party=party(sender, operator=sender_operator),
        to_party=party(recipient, operator=recipient_operator),
        subject=Subject(birth_date=born(age, on=on), protected_identity=protected_identity),
        custody=custody,  # type: ignore[arg-type]
        guardians=guardians,
        categories=tuple(categories),  # type: ignore[arg-type]
        purpose=purpose,  # type: ignore[arg-type]
        consents=tuple(consents),
        facts=Facts(**facts),
    )
