"""The auditor API (api.md, Audit): auditors only, their own municipality's chain only, and every
read of the log is itself an audit event."""

from __future__ import annotations

import csv
import datetime
import json
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

import audit
from audit import anomalies
from audit.access import access_audited_young_person, audit_chain_of
from audit.api.serializers import (
    EVENT_FIELDS,
    AccessReportEventSerializer,
    AccessReportSerializer,
    AccessSummarySerializer,
    AnomalyFilterSerializer,
    AnomalyReportSerializer,
    AuditEventPageSerializer,
    AuditEventSerializer,
    EventFilterSerializer,
    VerifySerializer,
)
from audit.models import AuditEvent
from audit.queries import (
    BadCursor,
    EventFilter,
    access_report_events,
    access_report_summary,
    decode_position,
    encode_position,
    page,
    search_events,
)
from audit.verify import verify_chain
from backend.core.api.views import SamverkaAPIView, actor_of
from backend.core.exceptions import InvalidInput

FILTER_PARAMETERS = [
    OpenApiParameter("actor", OpenApiTypes.UUID, description="user id"),
    OpenApiParameter(
        "young_person",
        OpenApiTypes.UUID,
        description="events about them, and list pages that showed them",
    ),
    OpenApiParameter("case", OpenApiTypes.UUID),
    OpenApiParameter("unit", OpenApiTypes.UUID, description="the unit the actor acted for"),
    OpenApiParameter("agency", str, enum=["school", "social_services", "police"]),
    OpenApiParameter("action", str, description='an event code, or a prefix: "case.*"'),
    OpenApiParameter("outcome", str, enum=["allowed", "denied"]),
    OpenApiParameter("since", OpenApiTypes.DATETIME, description="from (included)"),
    OpenApiParameter("until", OpenApiTypes.DATETIME, description="to (excluded)"),
]


PAGE_PARAMETERS = [
    OpenApiParameter("cursor", str, description="the cursor of the previous page's next link"),
    OpenApiParameter("page_size", int, description="default 50, at most 200"),
]
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _paged(
    request: Request, events: Any, *, by_young_person: bool
) -> tuple[list[AuditEvent], str | None]:
    """A page of events, newest first, and the link to the next page (api.md: cursor-based)."""
    raw_size = request.query_params.get("page_size", str(PAGE_SIZE))
    if not raw_size.isdigit() or not 1 <= int(raw_size) <= MAX_PAGE_SIZE:
        raise InvalidInput(
            errors={"page_size": [_("Ett heltal 1–%(max)s.") % {"max": MAX_PAGE_SIZE}]}
        )
    size = int(raw_size)
    cursor = request.query_params.get("cursor")
    try:
        after = decode_position(cursor) if cursor else None
    except BadCursor:
        raise InvalidInput(errors={"cursor": [_("Ogiltig markör.")]}) from None
    rows = page(events, after=after, size=size, by_young_person=by_young_person)
    if len(rows) <= size:
        return rows, None
    rows = rows[:size]
    position = encode_position((rows[-1].occurred_at, rows[-1].seq))
    return rows, replace_query_param(request.build_absolute_uri(), "cursor", position)


def _filters(request: Request) -> EventFilter:
    serializer = EventFilterSerializer(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.to_filter()


class AuditEventCollectionView(SamverkaAPIView):
    @extend_schema(
        tags=["audit"],
        summary="Logghändelser, nyast först (granskare)",
        parameters=[*FILTER_PARAMETERS, *PAGE_PARAMETERS],
        responses=AuditEventPageSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        chain = audit_chain_of(actor)
        filters = _filters(request)
        rows, next_url = _paged(
            request,
            search_events(chain, filters),
            by_young_person=filters.young_person is not None,
        )
        audit.record(
            actor=actor,
            action="audit.events_listed",
            young_person_id=filters.young_person,
            case_id=filters.case,
            payload={"filters": filters.as_payload(), "seqs": [event.seq for event in rows]},
        )
        return Response({"results": AuditEventSerializer(rows, many=True).data, "next": next_url})


class _IgnoreFormatParameter(DefaultContentNegotiation):
    """``?format=csv|json`` chooses the export's format (api.md), not a DRF renderer; errors are
    still problem details in JSON."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """One CSV cell, safe to open in a spreadsheet: text that a spreadsheet would run as a
    formula (OWASP "CSV injection") gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    elif isinstance(value, datetime.datetime):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class _Line:
    """csv.writer writes into this and we hand the line on (no buffer of the whole export)."""

    def write(self, value: str) -> str:
        return value


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _export_stream(events: Any, export_format: str) -> Iterator[str]:
    """Stream the rows: a server-side cursor inside one transaction (a consistent snapshot,
    nothing held in memory but the current chunk)."""
    rows = events.values_list(*EVENT_FIELDS)
    with transaction.atomic():
        if export_format == "csv":
            writer = csv.writer(_Line())
            yield "\ufeff" + writer.writerow(EVENT_FIELDS)  # BOM: spreadsheets then read UTF-8
            for values in rows.iterator(chunk_size=2000):
                yield writer.writerow([_cell(value) for value in values])
        else:
            yield "["
            separator = "\n"
            for values in rows.iterator(chunk_size=2000):
                record = {n: _json_value(v) for n, v in zip(EVENT_FIELDS, values, strict=True)}
                yield separator + json.dumps(record, ensure_ascii=False)
                separator = ",\n"
            yield "\n]\n"


class AuditEventExportView(SamverkaAPIView):
    content_negotiation_class = _IgnoreFormatParameter

    @extend_schema(
        tags=["audit"],
        summary="Exportera logghändelser som CSV eller JSON, strömmat (granskare)",
        parameters=[
            OpenApiParameter("format", str, enum=["csv", "json"], description="default csv"),
            *FILTER_PARAMETERS,
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV, UTF-8"),
            (200, "application/json"): AuditEventSerializer(many=True),
        },
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        actor = actor_of(request)
        chain = audit_chain_of(actor)
        export_format = request.query_params.get("format", "csv")
        if export_format not in ("csv", "json"):
            raise InvalidInput(errors={"format": [_("Välj csv eller json.")]})
        filters = _filters(request)
        # Recorded before the first row leaves: an export that breaks off was still made.
        recorded = audit.record(
            actor=actor,
            action="audit.events_exported",
            young_person_id=filters.young_person,
            case_id=filters.case,
            payload={"filters": filters.as_payload(), "format": export_format},
        )
        # The log as it stood when the export was asked for (not what is written meanwhile).
        events = search_events(chain, filters).filter(seq__lt=recorded.seq)
        content_type = (
            "text/csv; charset=utf-8"
            if export_format == "csv"
            else "application/json; charset=utf-8"
        )
        response = StreamingHttpResponse(
            _export_stream(events, export_format), content_type=content_type
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = (
            f'attachment; filename="samverka-granskningslogg-{stamp}.{export_format}"'
        )
        response["Cache-Control"] = "no-store"
        return response


class AccessReportView(SamverkaAPIView):
    @extend_schema(
        tags=["audit"],
        summary="Vem har tagit del av uppgifter om den unga personen, när och varför (granskare)",
        parameters=PAGE_PARAMETERS,
        responses=AccessReportSerializer,
    )
    def get(self, request: Request, young_person_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        chain = audit_chain_of(actor)
        person = access_audited_young_person(actor, young_person_id)
        rows, next_url = _paged(request, access_report_events(chain, person), by_young_person=True)
        summary = access_report_summary(chain, person)
        audit.record(
            actor=actor,
            action="audit.access_report_viewed",
            object_type="young_person",
            object_id=person,
            young_person_id=person,
            payload={"seqs": [event.seq for event in rows]},
        )
        results = AccessReportEventSerializer(
            rows, many=True, context={"young_person": str(person)}
        ).data
        return Response(
            {
                "young_person": str(person),
                "summary": AccessSummarySerializer(summary, many=True).data,
                "results": results,
                "next": next_url,
            }
        )


class VerifyView(SamverkaAPIView):
    @extend_schema(
        tags=["audit"],
        summary="Kontrollera loggkedjan mot de signerade kontrollpunkterna (granskare)",
        responses=VerifySerializer,
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        chain = audit_chain_of(actor)
        result = verify_chain(chain)
        audit.record(
            actor=actor,
            action="audit.verified",
            payload={
                "channel": "api",
                "ok": result.ok,
                "events_checked": result.events_checked,
                "first_bad_seq": result.first_bad_seq,
                "kind": result.fault.kind.value if result.fault else None,
            },
        )
        return Response(result.as_dict())


class AnomalyView(SamverkaAPIView):
    @extend_schema(
        tags=["audit"],
        summary="Avvikande mönster att följa upp (granskare)",
        parameters=[
            OpenApiParameter("since", OpenApiTypes.DATETIME, description="default: 7 days ago"),
            OpenApiParameter("until", OpenApiTypes.DATETIME, description="default: now"),
        ],
        responses=AnomalyReportSerializer,
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        chain = audit_chain_of(actor)
        serializer = AnomalyFilterSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        since, until = serializer.validated_data["since"], serializer.validated_data["until"]
        found = anomalies.detect(chain, since=since, until=until)
        audit.record(
            actor=actor,
            action="audit.anomalies_viewed",
            payload={
                "since": since.isoformat(),
                "until": until.isoformat(),
                "found": len(found),
                "kinds": sorted({a.kind for a in found}),
            },
        )
        return Response(
            {
                "since": since.isoformat(),
                "until": until.isoformat(),
                "results": [anomaly.as_dict() for anomaly in found],
                "next": None,
            }
        )
