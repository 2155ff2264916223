"""Readable names of consent scope (categories, purposes, recipients) in the caller's language."""

from __future__ import annotations

import uuid

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from backend.organisations.models import Agency, Organisation, Unit, UnitKind
from workflows.engine.messages import render


def language() -> str:
    return "en" if (get_language() or "sv").startswith("en") else "sv"


def category_label(value: str) -> str:
    return render(f"category.{value}", lang=language())


def purpose_label(value: str) -> str:
    return render(f"purpose.{value}", lang=language())


def recipient_labels(refs: list[str]) -> list[dict[str, str]]:
    """``[{ref, label}]``: unit and organisation ids resolved to names, agencies translated."""
    ids = [uuid.UUID(ref.split(":", 1)[1]) for ref in refs if ref.startswith(("id:", "org:"))]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=ids).select_related("organisation")}
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=ids)}
    labelled = []
    for ref in refs:
        kind, _sep, rest = ref.partition(":")
        if kind == "id":
            unit = units.get(uuid.UUID(rest))
            label = f"{unit.organisation.name}: {unit.name}" if unit else ref
        elif kind == "org":
            organisation = orgs.get(uuid.UUID(rest))
            label = organisation.name if organisation else ref
        else:
            label = agency_ref_label(ref)
        labelled.append({"ref": ref, "label": label})
    return labelled


def agency_ref_label(ref: str) -> str:
    """``police`` -> "Polis"; ``police:local_police`` -> "Polis: Lokalpolis (kommunpolis)"."""
    agency, _sep, kind = ref.partition(":")
    recipients_only = {
        "security_police": _("Säkerhetspolisen"),
        "customs": _("Tullverket"),
        "prosecutor": _("Åklagarmyndigheten"),
    }
    if agency in Agency.values:
        agency_label = str(Agency(agency).label)
    else:
        agency_label = str(recipients_only.get(agency, agency))
    if not kind:
        return agency_label
    kind_label = str(UnitKind(kind).label) if kind in UnitKind.values else kind
    return f"{agency_label}: {kind_label}"
