"""Meetings and action items as reminder targets: checked again, as the recipient, at delivery."""

from __future__ import annotations

import uuid

from django.utils import timezone

from backend.cases.queries import visible_cases
from backend.core.actor import Actor
from workflows.meetings.models import (
    ACTIVE_ACTION_ITEM_STATUSES,
    ActionItem,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
)
from workflows.reminders import targets
from workflows.reminders.kinds import ACTION_ITEM, MEETING, due_at
from workflows.reminders.models import Reminder


def _still_member(reminder: Reminder, case_id: uuid.UUID) -> bool:
    return visible_cases(Actor.for_user(reminder.recipient)).filter(pk=case_id).exists()


def resolve_meeting(reminder: Reminder) -> targets.TargetInfo | targets.Skip:
    meeting = Meeting.objects.select_related("case").filter(pk=reminder.target_id).first()
    if meeting is None:
        return targets.Skip("gone")
    if meeting.status != MeetingStatus.PLANNED:
        return targets.Skip(f"meeting_{meeting.status}")
    if meeting.starts_at <= timezone.now():
        return targets.Skip("started")
    if due_at(reminder.kind, meeting.starts_at) != reminder.due_at:
        return targets.Skip("moved")
    if not MeetingParticipant.objects.filter(
        meeting=meeting, user_id=reminder.recipient_id
    ).exists():
        return targets.Skip("not_participant")
    if not _still_member(reminder, meeting.case_id):
        return targets.Skip("not_visible")
    return targets.TargetInfo(
        path=f"/meetings/{meeting.pk}/",
        municipality_id=meeting.case.municipality_id,
        case_id=meeting.case_id,
        young_person_id=meeting.case.young_person_id,
    )


def resolve_action_item(reminder: Reminder) -> targets.TargetInfo | targets.Skip:
    item = ActionItem.objects.select_related("case").filter(pk=reminder.target_id).first()
    if item is None:
        return targets.Skip("gone")
    if item.status not in ACTIVE_ACTION_ITEM_STATUSES:
        return targets.Skip(f"action_item_{item.status}")
    if item.owner_id != reminder.recipient_id:
        return targets.Skip("not_owner")
    if due_at(reminder.kind, item.due_on) != reminder.due_at:
        return targets.Skip("moved")
    if reminder.kind == "action_item_due_tomorrow" and timezone.localdate() >= item.due_on:
        return targets.Skip("too_late")  # the overdue reminder takes over
    if not _still_member(reminder, item.case_id):
        return targets.Skip("not_visible")
    return targets.TargetInfo(
        path=f"/action-items/{item.pk}/",
        municipality_id=item.case.municipality_id,
        case_id=item.case_id,
        young_person_id=item.case.young_person_id,
    )


targets.register(MEETING, resolve_meeting)
targets.register(ACTION_ITEM, resolve_action_item)
