"""Template context for every page: who is signed in and what the navigation offers them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from backend.core.actor import Actor
from workflows.reminders.models import Notification


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or request.path.startswith("/admin/"):
        return {}
    actor = Actor.from_request(request)
    match = getattr(request, "resolver_match", None)
    membership = actor.memberships[0] if actor.memberships else None
    return {
        "nav_actor": actor,
        "nav_current": match.url_name if match is not None else "",
        "nav_unit": membership.unit.name if membership else "",
        "nav_operational": actor.is_operational,
        "nav_auditor": actor.is_auditor,
        "nav_administrator": actor.is_administrator,
        "nav_unread": Notification.objects.filter(
            recipient_id=actor.user_id, read_at__isnull=True
        ).count(),
    }
