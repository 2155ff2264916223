"""Fetching one meeting or action item for an actor: the object, or NotFound."""

from __future__ import annotations

import uuid

from backend.core.actor import Actor
from backend.core.exceptions import NotFound
from workflows.meetings.models import ActionItem, Meeting
from workflows.meetings.queries import visible_action_items, visible_meetings


def _uuid(value: uuid.UUID | str, object_type: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound(
            object_type=object_type, object_id=str(value)[:64], reason="malformed_id"
        ) from None


def access_meeting(
    actor: Actor, meeting_id: uuid.UUID | str, *, for_update: bool = False
) -> Meeting:
    pk = _uuid(meeting_id, "meeting")
    queryset = visible_meetings(actor).select_related("case__young_person")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    meeting = queryset.filter(pk=pk).first()
    if meeting is None:
        raise NotFound(object_type="meeting", object_id=pk)
    return meeting


def access_action_item(
    actor: Actor, item_id: uuid.UUID | str, *, for_update: bool = False
) -> ActionItem:
    pk = _uuid(item_id, "action_item")
    queryset = visible_action_items(actor).select_related("case", "meeting")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    item = queryset.filter(pk=pk).first()
    if item is None:
        raise NotFound(object_type="action_item", object_id=pk)
    return item
