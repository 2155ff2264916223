"""The start page: what this persona has to do now."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from backend.cases.queries import visible_cases
from backend.core.api.views import record_list_read
from backend.web.pages import actor_of, page
from backend.web.views.meetings import notification_rows
from workflows.meetings.models import ACTIVE_ACTION_ITEM_STATUSES, MeetingStatus
from workflows.meetings.queries import visible_action_items, visible_meetings
from workflows.reminders.models import Notification
from workflows.sharing.models import UNDECIDED_STATUSES, RequestStatus
from workflows.sharing.queries import visible_concerns, visible_disclosures, visible_requests

SHOWN = 10
# What the holding unit still has to act on: decide, or release what was decided.
INBOX_OPEN = frozenset({*UNDECIDED_STATUSES, RequestStatus.APPROVED, RequestStatus.PARTLY_APPROVED})


@page
def start(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not actor.is_operational:
        # Auditors review the log and administrators keep the directory: neither reads case
        # content, so their start page lists none.
        return render(
            request,
            "web/start_other.html",
            {"actor": actor, "audit_pages": reverse("web:audit") if actor.is_auditor else None},
        )
    units = actor.operational_unit_ids()
    concerns = list(
        visible_concerns(actor).select_related("young_person", "from_unit", "to_unit")[:SHOWN]
    )
    inbox = list(
        visible_requests(actor)
        .filter(to_unit_id__in=units, status__in=INBOX_OPEN)
        .select_related("young_person", "from_unit", "to_unit")
        .order_by("deadline", "-created_at")[:SHOWN]
    )
    outbox = list(
        visible_requests(actor)
        .filter(from_unit_id__in=units)
        .select_related("young_person", "from_unit", "to_unit")[:SHOWN]
    )
    cases = list(visible_cases(actor).select_related("young_person", "lead_unit")[:SHOWN])
    received = list(
        visible_disclosures(actor)
        .filter(to_unit_id__in=units)
        .select_related("young_person", "from_unit")[:SHOWN]
    )
    meetings = list(
        visible_meetings(actor)
        .filter(
            participants__user=actor.user,
            status=MeetingStatus.PLANNED,
            ends_at__gte=timezone.now(),
        )
        .select_related("case__young_person")
        .order_by("starts_at")
        .distinct()[:SHOWN]
    )
    items = list(
        visible_action_items(actor)
        .filter(owner=actor.user, status__in=ACTIVE_ACTION_ITEM_STATUSES)
        .select_related("case__young_person")
        .order_by("due_on")[:SHOWN]
    )
    notifications = list(
        Notification.objects.filter(recipient_id=actor.user_id, read_at__isnull=True).order_by(
            "-created_at"
        )[:5]
    )
    # One event per list shown, with the ids on the page (as the API's list endpoints), in one
    # transaction: one commit for the page instead of one per list.
    with transaction.atomic():
        for action, rows, payload in (
            ("concern.listed", concerns, {"page": "start"}),
            ("sharing_request.listed", inbox, {"page": "start", "box": "inbox"}),
            ("sharing_request.listed", outbox, {"page": "start", "box": "outbox"}),
            ("case.listed", cases, {"page": "start"}),
            ("disclosure.listed", received, {"page": "start", "box": "received"}),
        ):
            record_list_read(
                actor=actor,
                action=action,
                ids=[r.pk for r in rows],
                young_person_ids=[r.young_person_id for r in rows],
                payload=payload,
            )
        record_list_read(
            actor=actor,
            action="meeting.listed",
            ids=[m.pk for m in meetings],
            young_person_ids=[m.case.young_person_id for m in meetings],
            payload={"page": "start"},
        )
        record_list_read(
            actor=actor,
            action="action_item.listed",
            ids=[i.pk for i in items],
            young_person_ids=[i.case.young_person_id for i in items],
            payload={"page": "start"},
        )
        record_list_read(
            actor=actor,
            action="notification.listed",
            ids=[n.pk for n in notifications],
            payload={"page": "start"},
        )
    return render(
        request,
        "web/start.html",
        {
            "actor": actor,
            "today": timezone.localdate(),
            "concerns": concerns,
            "inbox": inbox,
            "outbox": outbox,
            "cases": cases,
            "received": received,
            "meetings": meetings,
            "items": items,
            "notifications": notification_rows(notifications),
            "receives_concerns": any(c.to_unit_id in units for c in concerns),
        },
    )
