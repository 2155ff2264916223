"""Reads of the audit log that mean something: searches, the access report."""

from __future__ import annotations

import base64
import binascii
import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils.dateparse import parse_datetime

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


# --- Pages: newest first, keyset on (occurred_at, seq) -------------------------------------------

Position = tuple[datetime.datetime, int]


class BadCursor(ValueError):
    pass


def encode_position(position: Position) -> str:
    text = f"{position[0].isoformat()}|{position[1]}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_position(cursor: str) -> Position:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, seq = text.rsplit("|", 1)
        parsed = parse_datetime(moment)
        if parsed is None or parsed.tzinfo is None:
            raise ValueError(moment)
        return parsed, int(seq)
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise BadCursor(cursor) from exc


def page(
    events: QuerySet[AuditEvent], *, after: Position | None, size: int, by_young_person: bool
) -> list[AuditEvent]:
    """``size + 1`` events after ``after`` (the extra one says there is a next page).

    Why not DRF's cursor paginator: for a search by young person PostgreSQL misjudges how many
    list events name them (the containment estimate of the GIN index is a guess), prefers to
    walk the month in time order filtering every event, and takes seconds on a million events.
    Such a search is therefore run in two steps that it cannot reorder: first every matching
    event (a MATERIALIZED CTE: BitmapOr of the young person's btree and the list GIN index,
    typically a few hundred rows), then the ordering and the limit over those.
    """
    if after is not None:
        moment, seq = after
        events = events.filter(
            Q(occurred_at__lt=moment) | Q(occurred_at=moment, seq__lt=seq),
            occurred_at__lte=moment,  # the same bound, in a form an index range can use
        )
    if not by_young_person:
        return list(events.order_by(*ORDERING)[: size + 1])
    sql, params = materialized_page_sql(events, size + 1)
    return list(AuditEvent.objects.raw(sql, params))


def materialized_page_sql(events: QuerySet[AuditEvent], limit: int) -> tuple[str, list[Any]]:
    sql, params = events.order_by().query.sql_with_params()
    ordered = (
        f"WITH matching AS MATERIALIZED ({sql}) "  # noqa: S608  # Django-built SQL, bound params
        "SELECT * FROM matching ORDER BY occurred_at DESC, seq DESC LIMIT %s"
    )
    return ordered, [*params, limit]


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


def events_per_day(
    events: QuerySet[AuditEvent], *, since: datetime.date, until: datetime.date
) -> list[dict[str, Any]]:
    """Events and denials per local day from ``since`` to ``until`` (both included), every day
    present (0 where nothing happened): what the auditor's chart draws."""
    counted = (
        events.order_by()
        .annotate(day=TruncDate("occurred_at"))
        .values("day")
        .annotate(events=Count("id"), denied=Count("id", filter=Q(outcome=Outcome.DENIED)))
    )
    by_day: dict[datetime.date, tuple[int, int]] = {
        row["day"]: (row["events"], row["denied"]) for row in counted
    }
    days = []
    day = since
    while day <= until:
        total, denied = by_day.get(day, (0, 0))
        days.append({"day": day, "events": total, "denied": denied})
        day += datetime.timedelta(days=1)
    return days
