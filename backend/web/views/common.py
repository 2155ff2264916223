"""Small pieces several pages share: directory choices and labels (no personal data)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from backend.core.actor import Actor
from backend.organisations.models import Agency, Unit
from consent.labels import category_label, purpose_label
from workflows.engine import types as engine

ENGINE_AGENCIES = (Agency.SCHOOL, Agency.SOCIAL_SERVICES, Agency.POLICE)


def unit_label(unit: Unit) -> str:
    return f"{unit.organisation.name}: {unit.name}"


def operational_unit_choices(actor: Actor) -> list[tuple[str, str]]:
    units = {m.unit_id: m.unit for m in actor.operational_memberships()}
    return [(str(pk), unit_label(u)) for pk, u in units.items()]


def directory_units(actor: Actor) -> QuerySet[Unit]:
    """The units of the actor's municipality that hold or receive information about young
    people (the directory: no personal data)."""
    if actor.municipality_id is None:
        return Unit.objects.none()
    return (
        Unit.objects.filter(
            organisation__municipality_id=actor.municipality_id,
            organisation__agency__in=ENGINE_AGENCIES,
        )
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def capfirst(text: str) -> str:
    """The first letter upper case, the rest as written ("gemensam SSP-planering")."""
    return text[:1].upper() + text[1:]


def category_choices(values: list[str] | None = None) -> list[tuple[str, str]]:
    wanted = values if values is not None else [c.value for c in engine.Category]
    return [(c, capfirst(category_label(c))) for c in wanted]


def fact_choices() -> list[tuple[str, str]]:
    """The yes/no facts of the scenario vocabulary, as the engine's messages name them."""
    from backend.web.forms import BOOLEAN_FACTS
    from consent.labels import language
    from workflows.engine.messages import render as render_message

    return [(f, capfirst(render_message(f"fact.{f}", {}, language()))) for f in BOOLEAN_FACTS]


def purpose_choices() -> list[tuple[str, str]]:
    return [(p.value, capfirst(purpose_label(p.value))) for p in engine.Purpose]


def parse_uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def safe_next(request: HttpRequest, fallback: str) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return fallback
