"""Meetings of a case, one meeting with its minutes and action items, one action item, and the
user's notifications — on the meetings and reminders actions (workflows.meetings,
workflows.reminders), with the API's audit events."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

import audit
from backend.cases.access import access_case
from backend.cases.models import Case, CaseMember
from backend.core.actor import Actor
from backend.core.api.views import record_list_read
from backend.core.exceptions import InvalidInput
from backend.people.queries import current_guardians, may_see_guardians
from backend.web.forms import ActionItemForm, ActionItemUpdateForm, MeetingForm, MeetingUpdateForm
from backend.web.pages import actor_of, form_invalid, page
from backend.web.views.cases import case_context
from workflows.meetings import actions
from workflows.meetings.access import access_action_item, access_meeting
from workflows.meetings.models import (
    ACTION_ITEM_TRANSITIONS,
    MEETING_TRANSITIONS,
    ActionItem,
    ActionItemStatus,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
    ParticipantKind,
)
from workflows.meetings.queries import visible_meetings
from workflows.reminders.actions import notification_mark_read
from workflows.reminders.kinds import KINDS
from workflows.reminders.models import Notification


def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _participant_choices(actor: Actor, case: Case) -> list[tuple[str, str]]:
    """Case members, the young person and (where the actor may see them) the guardians."""
    choices = [
        (f"user:{m.user_id}", f"{m.user.get_full_name()} – {m.unit.name}")
        for m in CaseMember.objects.filter(case=case)
        .select_related("user", "unit")
        .order_by("added_at")
    ]
    young_person = case.young_person
    choices.append(
        (
            f"young_person:{young_person.pk}",
            _("%(name)s (den unga)")
            % {"name": f"{young_person.given_name} {young_person.family_name}"},
        )
    )
    if may_see_guardians(actor, young_person):
        choices += [
            (
                f"guardian:{g.pk}",
                _("%(name)s (vårdnadshavare)") % {"name": f"{g.given_name} {g.family_name}"},
            )
            for g in current_guardians(young_person).order_by("created_at")
        ]
    return choices


def _participant_inputs(values: list[str]) -> list[actions.ParticipantInput]:
    inputs = []
    for value in values:
        kind, _sep, pk = value.partition(":")
        if kind in {"user", "guardian", "young_person"}:
            inputs.append(actions.ParticipantInput(**{kind: uuid.UUID(pk)}))
    return inputs


def _participant_values(meeting: Meeting) -> list[str]:
    values = []
    for row in meeting.participants.all():
        if row.kind == ParticipantKind.STAFF:
            values.append(f"user:{row.user_id}")
        elif row.kind == ParticipantKind.GUARDIAN:
            values.append(f"guardian:{row.guardian_id}")
        else:
            values.append(f"young_person:{row.young_person_id}")
    return values


def _owner_choices(case: Case) -> list[tuple[str, str]]:
    return [
        (str(m.user_id), f"{m.user.get_full_name()} – {m.unit.name}")
        for m in CaseMember.objects.filter(case=case)
        .select_related("user", "unit")
        .order_by("added_at")
    ]


@page
@require_http_methods(["GET", "POST"])
def case_meetings(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The case's meetings, and planning a new one (or the follow-up of one)."""
    actor = actor_of(request)
    case = access_case(actor, case_id)
    follow_up_of = request.GET.get("follow_up_of") or None
    form = MeetingForm(
        request.POST or None,
        initial={"follow_up_of": follow_up_of},
        participants=_participant_choices(actor, case),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = actions.meeting_create(
                actor=actor,
                case_id=case.pk,
                starts_at=_at(data["day"], data["starts"]),
                ends_at=_at(data["day"], data["ends"]),
                participants=_participant_inputs(data["participants"]),
                location=data["location"],
                agenda=data["agenda"],
                follow_up_of=data["follow_up_of"],
            )
        except InvalidInput as exc:
            form_invalid(
                request,
                form,
                exc,
                field_map={"starts_at": "starts", "ends_at": "ends"},
            )
        else:
            messages.success(request, _("Mötet är planerat. Deltagarna får påminnelser."))
            return redirect("web:meeting", meeting_id=meeting.pk)
    meetings = list(
        visible_meetings(actor).filter(case=case).prefetch_related("action_items")[:100]
    )
    record_list_read(
        actor=actor,
        action="meeting.listed",
        ids=[m.pk for m in meetings],
        young_person_ids=[case.young_person_id],
        payload={"case": str(case.pk), "page": "case_meetings"},
    )
    return render(
        request,
        "web/meetings/list.html",
        {
            **case_context(actor, case, "meetings"),
            "meetings": meetings,
            "form": form,
            "follow_up_of": follow_up_of,
        },
        status=400 if form.errors else 200,
    )


@page
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, meeting_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    meeting = access_meeting(actor, meeting_id)
    case = meeting.case
    posted = request.POST.get("form") if request.method == "POST" else None
    local_start = timezone.localtime(meeting.starts_at)
    form = MeetingUpdateForm(
        request.POST if posted == "meeting" else None,
        initial={
            "day": local_start.date(),
            "starts": local_start.time(),
            "ends": timezone.localtime(meeting.ends_at).time(),
            "location": meeting.location,
            "agenda": meeting.agenda,
            "minutes": meeting.minutes,
            "decisions": meeting.decisions,
            "status": meeting.status,
            "participants": _participant_values(meeting),
        },
        participants=_participant_choices(actor, case),
        statuses=[
            (s, MeetingStatus(s).label)
            for s in [meeting.status, *sorted(MEETING_TRANSITIONS[meeting.status])]
        ],
    )
    item_form = ActionItemForm(
        request.POST if posted == "item" else None, owners=_owner_choices(case)
    )
    if posted == "meeting" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.meeting_update(
                actor=actor,
                meeting_id=meeting.pk,
                starts_at=_at(data["day"], data["starts"]),
                ends_at=_at(data["day"], data["ends"]),
                location=data["location"],
                agenda=data["agenda"],
                minutes=data["minutes"],
                decisions=data["decisions"],
                status=data["status"],
                participants=_participant_inputs(data["participants"]),
            )
        except InvalidInput as exc:
            form_invalid(request, form, exc, field_map={"starts_at": "starts", "ends_at": "ends"})
        else:
            messages.success(request, _("Mötet är sparat."))
            return redirect("web:meeting", meeting_id=meeting.pk)
    if posted == "item" and item_form.is_valid():
        data = item_form.cleaned_data
        try:
            actions.action_item_create(
                actor=actor,
                meeting_id=meeting.pk,
                title=data["title"],
                owner_id=uuid.UUID(data["owner"]),
                due_on=data["due_on"],
            )
        except InvalidInput as exc:
            form_invalid(request, item_form, exc)
        else:
            messages.success(request, _("Åtgärdspunkten är tillagd."))
            return redirect("web:meeting", meeting_id=meeting.pk)
    audit.record(
        actor=actor,
        action="meeting.viewed",
        object_type="meeting",
        object_id=meeting.pk,
        case_id=case.pk,
        young_person_id=case.young_person_id,
    )
    participants = list(
        MeetingParticipant.objects.filter(meeting=meeting).select_related(
            "user", "guardian", "young_person"
        )
    )
    return render(
        request,
        "web/meetings/detail.html",
        {
            **case_context(actor, case, "meetings"),
            "meeting": meeting,
            "participants": participants,
            "items": list(
                ActionItem.objects.filter(meeting=meeting)
                .select_related("owner")
                .order_by("due_on")
            ),
            "next_meeting": Meeting.objects.filter(follow_up_of=meeting).first(),
            "form": form,
            "item_form": item_form,
            "today": timezone.localdate(),
        },
        status=400 if form.errors or item_form.errors else 200,
    )


@page
@require_http_methods(["GET", "POST"])
def action_item_detail(request: HttpRequest, item_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    item = access_action_item(actor, item_id)
    case = item.case
    form = ActionItemUpdateForm(
        request.POST or None,
        initial={
            "title": item.title,
            "owner": str(item.owner_id),
            "due_on": item.due_on,
            "status": item.status,
        },
        owners=_owner_choices(case),
        statuses=[
            (s, ActionItemStatus(s).label)
            for s in [item.status, *sorted(ACTION_ITEM_TRANSITIONS[item.status])]
        ],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.action_item_update(
                actor=actor,
                item_id=item.pk,
                title=data["title"],
                owner_id=uuid.UUID(data["owner"]),
                due_on=data["due_on"],
                status=data["status"],
            )
        except InvalidInput as exc:
            form_invalid(request, form, exc)
        else:
            messages.success(request, _("Åtgärdspunkten är sparad."))
            return redirect("web:action-item", item_id=item.pk)
    audit.record(
        actor=actor,
        action="action_item.viewed",
        object_type="action_item",
        object_id=item.pk,
        case_id=case.pk,
        young_person_id=case.young_person_id,
    )
    return render(
        request,
        "web/meetings/action_item.html",
        {
            **case_context(actor, case, "meetings"),
            "item": item,
            "form": form,
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


def notification_rows(notifications: list[Notification]) -> list[dict[str, Any]]:
    """Title and message in the reader's language (rendered when read, never content)."""
    rows = []
    for notification in notifications:
        kind = KINDS.get(notification.kind)
        rows.append(
            {
                "n": notification,
                "title": kind.title if kind else notification.kind,
                "message": kind.message if kind else "",
            }
        )
    return rows


@page
def notifications(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    rows = list(
        Notification.objects.filter(recipient_id=actor.user_id).order_by("-created_at")[:50]
    )
    record_list_read(actor=actor, action="notification.listed", ids=[n.pk for n in rows])
    return render(request, "web/meetings/notifications.html", {"rows": notification_rows(rows)})


@page
@require_POST
def notification_open(request: HttpRequest, notification_id: uuid.UUID) -> HttpResponse:
    """Mark it read and go where it points (a path of these pages, never another site)."""
    actor = actor_of(request)
    notification = notification_mark_read(actor=actor, notification_id=notification_id)
    target = notification.path
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None) or not target.startswith(
        "/"
    ):
        target = reverse("web:notifications")
    return redirect(target)
