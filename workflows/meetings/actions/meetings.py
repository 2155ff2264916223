"""Meetings and action items, and the reminders that follow them.

Reminders are rows written in the same transaction as the change that causes them: creating or
moving a meeting (re)schedules its 7-day and 1-day reminders for the staff participants;
creating an action item, changing its owner or due date reschedules its "due tomorrow" and
"overdue" reminders; completing or striking it cancels them.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any, Final

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import audit
from backend.cases.access import access_case
from backend.cases.models import Case, CaseStatus
from backend.core.actor import Actor
from backend.core.exceptions import Conflict, Forbidden, InvalidInput
from backend.people.models import Guardian
from workflows.meetings.access import access_action_item, access_meeting
from workflows.meetings.models import (
    ACTION_ITEM_TRANSITIONS,
    ACTIVE_ACTION_ITEM_STATUSES,
    MEETING_TRANSITIONS,
    ActionItem,
    ActionItemStatus,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
    ParticipantKind,
)
from workflows.meetings.queries import case_member_ids
from workflows.reminders.actions import reminders_cancel, reminders_reschedule
from workflows.reminders.kinds import ACTION_ITEM, MEETING, due_at


class _Unset:
    """A PATCH field that was not given (``None`` can be a value)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()

MEETING_REMINDER_KINDS = ("meeting_in_7_days", "meeting_in_1_day")
ACTION_ITEM_REMINDER_KINDS = ("action_item_due_tomorrow", "action_item_overdue")


@dataclass(frozen=True)
class ParticipantInput:
    """Exactly one of the three: a staff user (a member of the case), a guardian of the case's
    young person, or the young person."""

    user: uuid.UUID | None = None
    guardian: uuid.UUID | None = None
    young_person: uuid.UUID | None = None


def _require_user(actor: Actor) -> Any:
    if actor.user is None:
        raise Forbidden(detail="the system does not plan meetings", code="system_actor")
    return actor.user


def _require_open(case: Case) -> None:
    if case.status == CaseStatus.CLOSED:
        raise Conflict(detail=_("Ärendet är avslutat."), code="case-closed")


def _check_times(
    starts_at: datetime.datetime, ends_at: datetime.datetime, errors: dict[str, list[Any]]
) -> None:
    if ends_at <= starts_at:
        errors.setdefault("ends_at", []).append(_("Mötet måste sluta efter att det har börjat."))
    elif ends_at - starts_at > datetime.timedelta(hours=24):
        errors.setdefault("ends_at", []).append(_("Ett möte kan vara högst ett dygn långt."))


def _participants(
    case: Case, inputs: list[ParticipantInput], errors: dict[str, list[Any]]
) -> list[MeetingParticipant]:
    """Unsaved participant rows; errors name the entry (``participants.2.guardian``)."""
    members = case_member_ids(case)
    guardians = set(
        Guardian.objects.filter(
            young_person_id=case.young_person_id, ended_on__isnull=True
        ).values_list("pk", flat=True)
    )
    rows: list[MeetingParticipant] = []
    seen: set[tuple[str, uuid.UUID]] = set()
    for index, item in enumerate(inputs):
        prefix = f"participants.{index}"
        given = [(k, v) for k, v in vars(item).items() if v is not None]
        if len(given) != 1:
            errors.setdefault(prefix, []).append(
                _("Ange precis ett av user, guardian och young_person.")
            )
            continue
        field, value = given[0]
        if (field, value) in seen:
            errors.setdefault(f"{prefix}.{field}", []).append(_("Deltagaren finns redan med."))
            continue
        seen.add((field, value))
        if field == "user":
            if value not in members:
                errors.setdefault(f"{prefix}.user", []).append(
                    _("Personal som deltar måste vara medlem i ärendet.")
                )
                continue
            rows.append(MeetingParticipant(kind=ParticipantKind.STAFF, user_id=value))
        elif field == "guardian":
            if value not in guardians:
                errors.setdefault(f"{prefix}.guardian", []).append(
                    _("Vårdnadshavaren hör inte till ärendets unga person.")
                )
                continue
            rows.append(MeetingParticipant(kind=ParticipantKind.GUARDIAN, guardian_id=value))
        else:
            if value != case.young_person_id:
                errors.setdefault(f"{prefix}.young_person", []).append(
                    _("Den unga personen är inte ärendets unga person.")
                )
                continue
            rows.append(
                MeetingParticipant(kind=ParticipantKind.YOUNG_PERSON, young_person_id=value)
            )
    for position, row in enumerate(rows):
        row.position = position
    return rows


def _staff_ids(meeting: Meeting) -> list[uuid.UUID]:
    return [
        p.user_id
        for p in MeetingParticipant.objects.filter(meeting=meeting, kind=ParticipantKind.STAFF)
        if p.user_id is not None
    ]


def sync_meeting_reminders(meeting: Meeting) -> None:
    """The 7-day and 1-day reminders follow the meeting's time, status and staff participants.
    A reminder whose time has passed is dropped, except the 1-day one for a meeting that has
    not started: planned at short notice, it is sent at once."""
    now = timezone.now()
    staff = _staff_ids(meeting)
    for kind in MEETING_REMINDER_KINDS:
        due = due_at(kind, meeting.starts_at)
        keep = (
            meeting.status == MeetingStatus.PLANNED
            and meeting.starts_at > now
            and (due > now or kind == "meeting_in_1_day")
        )
        reminders_reschedule(
            kind=kind,
            target_type=MEETING,
            target_id=meeting.pk,
            recipients=staff if keep else [],
            due_at=due if keep else None,
            reason="meeting_changed",
        )


def _audit_meeting(actor: Actor, action: str, meeting: Meeting, case: Case, **payload: Any) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="meeting",
        object_id=meeting.pk,
        case_id=case.pk,
        young_person_id=case.young_person_id,
        payload=payload,
    )


def _participant_summary(rows: list[MeetingParticipant]) -> dict[str, Any]:
    # Ids only: the audit log holds no names.
    return {
        "staff": [str(r.user_id) for r in rows if r.kind == ParticipantKind.STAFF],
        "guardians": [str(r.guardian_id) for r in rows if r.kind == ParticipantKind.GUARDIAN],
        "young_person": any(r.kind == ParticipantKind.YOUNG_PERSON for r in rows),
    }


def meeting_create(
    *,
    actor: Actor,
    case_id: uuid.UUID,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    participants: list[ParticipantInput],
    location: str = "",
    agenda: str = "",
    follow_up_of: uuid.UUID | None = None,
) -> Meeting:
    """Plan a meeting of a case the actor is a member of, optionally as the follow-up of an
    earlier meeting of the same case."""
    user = _require_user(actor)
    with transaction.atomic(durable=True):
        case = access_case(actor, case_id, for_update=True)
        _require_open(case)
        errors: dict[str, list[Any]] = {}
        _check_times(starts_at, ends_at, errors)
        rows = _participants(case, participants, errors)
        previous = None
        if follow_up_of is not None:
            previous = (
                Meeting.objects.select_for_update().filter(pk=follow_up_of, case=case).first()
            )
            if previous is None:
                errors.setdefault("follow_up_of", []).append(_("Okänt möte i det här ärendet."))
            elif Meeting.objects.filter(follow_up_of=previous).exists():
                errors.setdefault("follow_up_of", []).append(
                    _("Mötet har redan ett uppföljningsmöte.")
                )
            elif previous.starts_at >= starts_at:
                errors.setdefault("follow_up_of", []).append(
                    _("Ett uppföljningsmöte måste ligga efter mötet det följer upp.")
                )
        if errors:
            raise InvalidInput(errors=errors)
        meeting = Meeting.objects.create(
            case=case,
            starts_at=starts_at,
            ends_at=ends_at,
            location=location,
            agenda=agenda,
            follow_up_of=previous,
            created_by=user,
        )
        for row in rows:
            row.meeting = meeting
        MeetingParticipant.objects.bulk_create(rows)
        sync_meeting_reminders(meeting)
        _audit_meeting(
            actor,
            "meeting.created",
            meeting,
            case,
            starts_at=starts_at.isoformat(),
            ends_at=ends_at.isoformat(),
            participants=_participant_summary(rows),
            follow_up_of=str(previous.pk) if previous else None,
        )
    return meeting


def meeting_update(
    *,
    actor: Actor,
    meeting_id: uuid.UUID,
    starts_at: datetime.datetime | _Unset = UNSET,
    ends_at: datetime.datetime | _Unset = UNSET,
    location: str | _Unset = UNSET,
    agenda: str | _Unset = UNSET,
    minutes: str | _Unset = UNSET,
    decisions: str | _Unset = UNSET,
    status: str | _Unset = UNSET,
    participants: list[ParticipantInput] | _Unset = UNSET,
) -> Meeting:
    """Move or edit a meeting (PATCH): only the fields given change. Moving it moves its
    reminders; cancelling it or marking it held cancels them."""
    _require_user(actor)
    with transaction.atomic(durable=True):
        meeting = access_meeting(actor, meeting_id, for_update=True)
        case = meeting.case
        errors: dict[str, list[Any]] = {}
        changed: list[str] = []
        new_start = meeting.starts_at if isinstance(starts_at, _Unset) else starts_at
        new_end = meeting.ends_at if isinstance(ends_at, _Unset) else ends_at
        moved = new_start != meeting.starts_at or new_end != meeting.ends_at
        if moved:
            _check_times(new_start, new_end, errors)
        if not isinstance(status, _Unset) and status != meeting.status:
            if status not in MEETING_TRANSITIONS[meeting.status]:
                raise Conflict(
                    detail=_("Ett möte med status %(old)s kan inte få status %(new)s.")
                    % {"old": meeting.status, "new": status},
                    code="invalid-transition",
                )
            if status == MeetingStatus.PLANNED:
                _require_open(case)
        rows: list[MeetingParticipant] | None = None
        if not isinstance(participants, _Unset):
            rows = _participants(case, participants, errors)
        if errors:
            raise InvalidInput(errors=errors)
        if moved:
            meeting.starts_at, meeting.ends_at = new_start, new_end
            changed += ["starts_at", "ends_at"]
        for name, value in (
            ("location", location),
            ("agenda", agenda),
            ("minutes", minutes),
            ("decisions", decisions),
            ("status", status),
        ):
            if not isinstance(value, _Unset) and getattr(meeting, name) != value:
                setattr(meeting, name, value)
                changed.append(name)
        if {"starts_at", "location", "status"} & set(changed):
            meeting.sequence += 1
            changed.append("sequence")
        if changed:
            meeting.save(update_fields=[*changed, "updated_at"])
        if rows is not None:
            MeetingParticipant.objects.filter(meeting=meeting).delete()
            for row in rows:
                row.meeting = meeting
            MeetingParticipant.objects.bulk_create(rows)
            changed.append("participants")
        if not changed:
            return meeting
        sync_meeting_reminders(meeting)
        payload: dict[str, Any] = {"fields": [c for c in changed if c != "sequence"]}
        if moved:
            payload.update(starts_at=new_start.isoformat(), ends_at=new_end.isoformat())
        if "status" in changed:
            payload["status"] = meeting.status
        if rows is not None:
            payload["participants"] = _participant_summary(rows)
        _audit_meeting(actor, "meeting.updated", meeting, case, **payload)
    return meeting


# --- Action items -----------------------------------------------------------------------------


def sync_action_item_reminders(item: ActionItem) -> None:
    """ "Due tomorrow" goes out the morning before the due date (at once when the item is
    created on that day); "overdue" the morning after it. Both go to the owner, and stop when
    the item is done or struck."""
    active = item.status in ACTIVE_ACTION_ITEM_STATUSES
    if not active:
        reminders_cancel(
            target_type=ACTION_ITEM,
            target_id=item.pk,
            kinds=ACTION_ITEM_REMINDER_KINDS,
            reason=f"action_item_{item.status}",
        )
        return
    before_due_day = timezone.localdate() < item.due_on
    for kind, keep in (("action_item_due_tomorrow", before_due_day), ("action_item_overdue", True)):
        reminders_reschedule(
            kind=kind,
            target_type=ACTION_ITEM,
            target_id=item.pk,
            recipients=[item.owner_id] if keep else [],
            due_at=due_at(kind, item.due_on) if keep else None,
            reason="action_item_changed",
        )


def _check_owner_and_date(
    case: Case,
    owner_id: uuid.UUID | None,
    due_on: datetime.date | None,
    errors: dict[str, list[Any]],
) -> None:
    if owner_id is not None and owner_id not in case_member_ids(case):
        errors.setdefault("owner", []).append(_("Ansvarig måste vara medlem i ärendet."))
    if due_on is not None and due_on < timezone.localdate():
        errors.setdefault("due_on", []).append(_("Ange ett datum från och med i dag."))


def _audit_item(actor: Actor, action: str, item: ActionItem, case: Case, **payload: Any) -> None:
    audit.record(
        actor=actor,
        action=action,
        object_type="action_item",
        object_id=item.pk,
        case_id=case.pk,
        young_person_id=case.young_person_id,
        payload={"meeting": str(item.meeting_id), **payload},
    )


def action_item_create(
    *, actor: Actor, meeting_id: uuid.UUID, title: str, owner_id: uuid.UUID, due_on: datetime.date
) -> ActionItem:
    user = _require_user(actor)
    with transaction.atomic(durable=True):
        meeting = access_meeting(actor, meeting_id, for_update=True)
        case = meeting.case
        _require_open(case)
        errors: dict[str, list[Any]] = {}
        if not title.strip():
            errors["title"] = [_("Beskriv åtgärden.")]
        _check_owner_and_date(case, owner_id, due_on, errors)
        if errors:
            raise InvalidInput(errors=errors)
        item = ActionItem.objects.create(
            meeting=meeting,
            case=case,
            title=title.strip(),
            owner_id=owner_id,
            due_on=due_on,
            created_by=user,
        )
        sync_action_item_reminders(item)
        _audit_item(
            actor,
            "action_item.created",
            item,
            case,
            owner=str(owner_id),
            due_on=due_on.isoformat(),
        )
    return item


def action_item_update(
    *,
    actor: Actor,
    item_id: uuid.UUID,
    title: str | _Unset = UNSET,
    owner_id: uuid.UUID | _Unset = UNSET,
    due_on: datetime.date | _Unset = UNSET,
    status: str | _Unset = UNSET,
) -> ActionItem:
    """Edit an action item or move it through its workflow (``ACTION_ITEM_TRANSITIONS``)."""
    _require_user(actor)
    with transaction.atomic(durable=True):
        item = access_action_item(actor, item_id, for_update=True)
        case = item.case
        errors: dict[str, list[Any]] = {}
        if not isinstance(title, _Unset) and not title.strip():
            errors["title"] = [_("Beskriv åtgärden.")]
        _check_owner_and_date(
            case,
            None if isinstance(owner_id, _Unset) or owner_id == item.owner_id else owner_id,
            None if isinstance(due_on, _Unset) or due_on == item.due_on else due_on,
            errors,
        )
        if errors:
            raise InvalidInput(errors=errors)
        changed: list[str] = []
        previous_status = item.status
        if not isinstance(status, _Unset) and status != item.status:
            if status not in ACTION_ITEM_TRANSITIONS[item.status]:
                raise Conflict(
                    detail=_("En åtgärd med status %(old)s kan inte få status %(new)s.")
                    % {"old": item.status, "new": status},
                    code="invalid-transition",
                )
            if status in ACTIVE_ACTION_ITEM_STATUSES:
                _require_open(case)
            item.status = status
            item.completed_at = timezone.now() if status == ActionItemStatus.DONE else None
            changed += ["status", "completed_at"]
        for name, value in (("title", title), ("owner_id", owner_id), ("due_on", due_on)):
            if isinstance(value, _Unset):
                continue
            if isinstance(value, str):
                value = value.strip()
            if getattr(item, name) != value:
                setattr(item, name, value)
                changed.append(name)
        if not changed:
            return item
        item.save(update_fields=[*changed, "updated_at"])
        sync_action_item_reminders(item)
        payload: dict[str, Any] = {"fields": [c for c in changed if c != "completed_at"]}
        if "status" in changed:
            payload.update(status=item.status, previous_status=previous_status)
        if "owner_id" in changed:
            payload["owner"] = str(item.owner_id)
        if "due_on" in changed:
            payload["due_on"] = item.due_on.isoformat()
        _audit_item(actor, "action_item.updated", item, case, **payload)
    return item
