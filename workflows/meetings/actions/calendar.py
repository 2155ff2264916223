"""Calendar feed tokens: a secret URL per user, shown once, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from backend.core.actor import Actor
from backend.core.exceptions import Forbidden
from workflows.meetings.models import CalendarFeedToken


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def calendar_feed_token_create(*, actor: Actor) -> tuple[CalendarFeedToken, str]:
    """A new secret feed URL for the actor; any earlier one stops working. Returns the row and
    the token, which is not stored and cannot be shown again."""
    if actor.user is None or not actor.is_operational:
        raise Forbidden(detail=_("Din roll deltar inte i möten."), code="not_operational")
    token = secrets.token_urlsafe(32)
    with transaction.atomic(durable=True):
        revoked = CalendarFeedToken.objects.filter(user=actor.user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        row = CalendarFeedToken.objects.create(user=actor.user, token_hash=hash_token(token))
        audit.record(
            actor=actor,
            action="calendar_feed.created",
            object_type="calendar_feed",
            object_id=row.pk,
            payload={"replaced": bool(revoked)},
        )
    return row, token


def calendar_feed_token_revoke(*, actor: Actor) -> int:
    """Stop the actor's feed URL from working. Returns how many tokens were revoked."""
    if actor.user is None:
        return 0
    with transaction.atomic(durable=True):
        ids = list(
            CalendarFeedToken.objects.select_for_update()
            .filter(user=actor.user, revoked_at__isnull=True)
            .values_list("pk", flat=True)
        )
        if ids:
            CalendarFeedToken.objects.filter(pk__in=ids).update(revoked_at=timezone.now())
            audit.record(
                actor=actor,
                action="calendar_feed.revoked",
                object_type="calendar_feed",
                object_id=ids[0],
            )
    return len(ids)
