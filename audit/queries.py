"""Reads of the audit log that mean something: searches, the access report."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Min, Q, QuerySet

from audit.models import AuditEvent, Outcome

# Newest first; the sequence number breaks ties (and is what the cursor pages on within them).
ORDERING = ("-occurred_at", "-seq")


@dataclass(frozen=True)
class EventFilter:
    """The filters of ``GET /api/v1/audit/events/`` (api.md)."""

    actor: uuid.UUID | None = None
    young_person: uuid.UUID | None = None
    case: uuid.UUID | None = None
    unit: uuid.UUID | None = None
    agency: str = ""
    action: str = ""  # a code, or a prefix ending in ".*" ("case.*")
    outcome: str = ""
    since: datetime.datetime | None = None
    until: datetime.datetime | None = None

    def as_payload(self) -> dict[str, Any]:
        """For the audit event that records the search (what was asked, not what was found)."""
        return {
            name: (value.isoformat() if isinstance(value, datetime.datetime) else str(value))
            for name, value in self.__dict__.items()
            if value not in (None, "")
        }


def mentions_young_person(young_person_id: uuid.UUID) -> Q:
    """Events about the young person, and list events whose page held them (one event per
    page names the young people on it in payload["young_people"]: backend.core.api.views)."""
    key = str(young_person_id)
    if connection.vendor == "postgresql":
        # Served by the partial GIN index audit_payload_young_people (migration 0002).
        in_list = Q(payload__young_people__contains=[key])
    else:
        in_list = Q(payload__young_people__icontains=key)  # SQLite (make run): a scan
    return Q(young_person_id=young_person_id) | in_list


def chain_events(chain: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(chain=chain)


def search_events(chain: str, filters: EventFilter) -> QuerySet[AuditEvent]:
    events = chain_events(chain)
    if filters.actor is not None:
        events = events.filter(actor_id=filters.actor)
    if filters.young_person is not None:
        events = events.filter(mentions_young_person(filters.young_person))
    if filters.case is not None:
        events = events.filter(case_id=filters.case)
    if filters.unit is not None:
        events = events.filter(actor_unit_id=filters.unit)
    if filters.agency:
        events = events.filter(actor_agency=filters.agency)
    if filters.action.endswith(".*"):
        events = events.filter(action__startswith=filters.action[:-1])
    elif filters.action:
        events = events.filter(action=filters.action)
    if filters.outcome:
        events = events.filter(outcome=filters.outcome)
    if filters.since is not None:
        events = events.filter(occurred_at__gte=filters.since)
    if filters.until is not None:
        events = events.filter(occurred_at__lt=filters.until)
    return events.order_by(*ORDERING)


def access_report_events(chain: str, young_person_id: uuid.UUID) -> QuerySet[AuditEvent]:
    return chain_events(chain).filter(mentions_young_person(young_person_id)).order_by(*ORDERING)


def access_report_summary(chain: str, young_person_id: uuid.UUID) -> list[dict[str, Any]]:
    """Who accessed the young person's data: one row per user and unit, most recent first."""
    rows = (
        chain_events(chain)
        .filter(mentions_young_person(young_person_id))
        .values(
            "actor_id",
            "actor_username",
            "actor_unit_id",
            "actor_unit_name",
            "actor_agency",
            "actor_role",
        )
        .annotate(
            events=Count("id"),
            denied=Count("id", filter=Q(outcome=Outcome.DENIED)),
            first_at=Min("occurred_at"),
            last_at=Max("occurred_at"),
        )
        .order_by("-last_at")
    )
    return [dict(row) for row in rows]
