"""Every state change of meetings, action items, calendar feeds and case plans."""

from __future__ import annotations

from workflows.meetings.actions.calendar import (
    calendar_feed_token_create,
    calendar_feed_token_revoke,
)
from workflows.meetings.actions.meetings import (
    UNSET,
    ParticipantInput,
    action_item_create,
    action_item_update,
    meeting_create,
    meeting_update,
)
from workflows.meetings.actions.plans import (
    AssessmentInput,
    FollowUpInput,
    GoalInput,
    InterventionInput,
    RiskAreaInput,
    case_plan_replace,
    plan_forbidden,
)

__all__ = [
    "UNSET",
    "AssessmentInput",
    "FollowUpInput",
    "GoalInput",
    "InterventionInput",
    "ParticipantInput",
    "RiskAreaInput",
    "action_item_create",
    "action_item_update",
    "calendar_feed_token_create",
    "calendar_feed_token_revoke",
    "case_plan_replace",
    "meeting_create",
    "meeting_update",
    "plan_forbidden",
]
