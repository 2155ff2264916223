"""Display helpers for the pages' templates: labels and tones, never decisions."""

from __future__ import annotations

from typing import Any

from django import template

from backend.web.presenters import categories_text, purpose_text
from workflows.sharing.models import ConcernCategory, RequestStatus

register = template.Library()

REQUEST_TONES = {
    "draft": "muted",
    "submitted": "warn",
    "in_review": "warn",
    "approved": "ok",
    "partly_approved": "ok",
    "refused": "bad",
    "disclosed": "ok",
    "closed": "muted",
    "withdrawn": "muted",
    "expired": "bad",
    "cancelled": "bad",
}


@register.filter
def request_tone(status: str) -> str:
    return REQUEST_TONES.get(status, "muted")


@register.filter
def concern_tone(status: str) -> str:
    return "ok" if status == "acknowledged" else "warn"


@register.filter
def categories(values: Any) -> str:
    return categories_text(list(values or []))


@register.filter
def purpose(value: str) -> str:
    return purpose_text(value)


@register.filter
def full_name(person: Any) -> str:
    return f"{person.given_name} {person.family_name}"


@register.filter
def concern_categories(values: Any) -> str:
    return ", ".join(
        str(ConcernCategory(v).label) for v in values or [] if v in ConcernCategory.values
    )


@register.filter
def request_status(value: str) -> str:
    return str(RequestStatus(value).label) if value in RequestStatus.values else value
