"""The start page: what this persona has to do now."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from backend.cases.queries import visible_cases
from backend.core.api.views import record_list_read
from backend.web.pages import actor_of, page
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
    # One event per list shown, with the ids on the page (as the API's list endpoints).
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
            "receives_concerns": any(c.to_unit_id in units for c in concerns),
        },
    )
