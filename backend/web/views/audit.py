"""The auditor's pages: search with filters and a chart of events and denials over time, a
young person's access report, the chain's verification and the anomaly report.

Auditors only, their own municipality's chain only (audit.access), metadata only; every read of
the log is itself an audit event with the API's code and payload (audit/api/views.py)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

import audit
from audit import anomalies
from audit.access import (
    access_audited_young_person,
    audit_chain_of,
    audited_young_person_by_number,
)
from audit.api.serializers import MAX_ANOMALY_DAYS
from audit.events import EVENTS
from audit.models import AuditEvent, Outcome
from audit.queries import (
    BadCursor,
    EventFilter,
    access_report_events,
    access_report_summary,
    decode_position,
    encode_position,
    events_per_day,
    search_events,
)
from audit.queries import page as event_page
from audit.verify import verify_chain
from backend.core.exceptions import InvalidInput, NotFound
from backend.organisations.models import Agency, Role, Unit
from backend.web.charts import day_chart
from backend.web.forms import AccessReportLookupForm, AuditSearchForm, PeriodForm
from backend.web.pages import actor_of, form_invalid, page
from backend.web.views.common import unit_label

PAGE_SIZE = 50
CHART_DAYS = 30
MAX_CHART_DAYS = 92
ROLE_LABELS = dict(Role.choices)
AGENCY_LABELS = dict(Agency.choices)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _search_form(chain: str, data: Any) -> AuditSearchForm:
    """The filters of api.md as a form; the choices are the directory (no personal data)."""
    users = (
        get_user_model()
        .objects.filter(memberships__unit__organisation__municipality_id=chain)
        .distinct()
        .order_by("full_name", "username")
    )
    units = Unit.objects.filter(organisation__municipality_id=chain).select_related("organisation")
    groups = sorted({code.split(".", 1)[0] for code in EVENTS})
    return AuditSearchForm(
        data,
        users=[(str(u.pk), f"{u.get_full_name()} ({u.get_username()})") for u in users],
        units=[(str(u.pk), unit_label(u)) for u in units],
        agencies=list(Agency.choices),
        actions=[
            *[(f"{group}.*", f"{group}.*") for group in groups],
            *[(code, f"{label} ({code})") for code, label in EVENTS.items()],
        ],
        outcomes=list(Outcome.choices),
    )


def _rows(events: list[AuditEvent]) -> list[dict[str, Any]]:
    return [
        {
            "event": event,
            "label": EVENTS.get(event.action, event.action),
            "role": ROLE_LABELS.get(event.actor_role, event.actor_role),
            "agency": AGENCY_LABELS.get(event.actor_agency, event.actor_agency),
            "denied": event.outcome == Outcome.DENIED,
        }
        for event in events
    ]


def _paged(
    request: HttpRequest, events: Any, *, by_young_person: bool
) -> tuple[list[AuditEvent], str | None]:
    cursor = request.GET.get("cursor", "")
    try:
        after = decode_position(cursor) if cursor else None
    except BadCursor:
        raise InvalidInput(errors={"cursor": [_("Ogiltig markör.")]}) from None
    rows = event_page(events, after=after, size=PAGE_SIZE, by_young_person=by_young_person)
    if len(rows) <= PAGE_SIZE:
        return rows, None
    rows = rows[:PAGE_SIZE]
    query = request.GET.copy()
    query["cursor"] = encode_position((rows[-1].occurred_at, rows[-1].seq))
    return rows, f"?{query.urlencode()}"


@page
def audit_search(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    chain = audit_chain_of(actor)
    today = timezone.localdate()
    form = _search_form(chain, request.GET if request.GET else None)
    data: dict[str, Any] = {}
    young_person = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("young_person"):
            try:
                young_person = access_audited_young_person(actor, data["young_person"])
            except NotFound as exc:
                # As in the API: asking about someone not in the auditor's chain is a denial.
                form_invalid(
                    request,
                    form,
                    InvalidInput(
                        errors={"young_person": [_("Ingen ung person i kommunen med det id:t.")]},
                        denied=exc,
                    ),
                )
    until_day = data.get("until") or today
    since_day = data.get("since") or until_day - datetime.timedelta(days=CHART_DAYS - 1)
    filters = EventFilter(
        actor=uuid.UUID(data["actor"]) if data.get("actor") else None,
        young_person=young_person,
        case=data.get("case"),
        unit=uuid.UUID(data["unit"]) if data.get("unit") else None,
        agency=data.get("agency") or "",
        action=data.get("action") or "",
        outcome=data.get("outcome") or "",
        since=_local_midnight(since_day),
        until=_local_midnight(until_day + datetime.timedelta(days=1)),
    )
    if form.errors:
        rows: list[AuditEvent] = []
        next_url = None
        chart = None
    else:
        events = search_events(chain, filters)
        rows, next_url = _paged(request, events, by_young_person=young_person is not None)
        chart_since = max(since_day, until_day - datetime.timedelta(days=MAX_CHART_DAYS - 1))
        chart = day_chart(events_per_day(events, since=chart_since, until=until_day))
        audit.record(
            actor=actor,
            action="audit.events_listed",
            young_person_id=filters.young_person,
            case_id=filters.case,
            payload={"filters": filters.as_payload(), "seqs": [event.seq for event in rows]},
        )
    export_base = "/api/v1/audit/events/export/?"
    return render(
        request,
        "web/audit/search.html",
        {
            "form": form,
            "rows": _rows(rows),
            "next_url": next_url,
            "chart": chart,
            "young_person": young_person,
            "export_csv": export_base + urlencode({**filters.as_payload(), "format": "csv"}),
            "export_json": export_base + urlencode({**filters.as_payload(), "format": "json"}),
            "lookup_form": AccessReportLookupForm(initial={"show": "events"}),
        },
        status=400 if form.errors else 200,
    )


@page
@require_http_methods(["GET", "POST"])
def access_report_lookup(request: HttpRequest) -> HttpResponse:
    """A young person by personnummer (posted): the family asks who has seen their child's
    data. Only the id goes on, to the access report or to the event search."""
    actor = actor_of(request)
    audit_chain_of(actor)
    form = AccessReportLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = audited_young_person_by_number(
                actor, form.cleaned_data["personnummer"], today=timezone.localdate()
            )
        except InvalidInput as exc:
            form_invalid(request, form, exc)
        except NotFound as exc:
            form_invalid(
                request,
                form,
                InvalidInput(
                    errors={"personnummer": [_("Ingen ung person i kommunen med det numret.")]},
                    denied=exc,
                ),
            )
        else:
            if form.cleaned_data.get("show") == "events":
                return redirect(f"{reverse('web:audit')}?{urlencode({'young_person': person})}")
            return redirect("web:audit-access-report", young_person_id=person)
    return render(
        request,
        "web/audit/lookup.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@page
def access_report(request: HttpRequest, young_person_id: uuid.UUID) -> HttpResponse:
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
    for row in summary:
        row["role_label"] = ROLE_LABELS.get(row["actor_role"], row["actor_role"])
        row["agency_label"] = AGENCY_LABELS.get(row["actor_agency"], row["actor_agency"])
    return render(
        request,
        "web/audit/access_report.html",
        {
            "person": person,
            "summary": summary,
            "rows": _rows(rows),
            "next_url": next_url,
        },
    )


@page
def verification(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    chain = audit_chain_of(actor)
    result = verify_chain(chain)
    audit.record(
        actor=actor,
        action="audit.verified",
        payload={
            "channel": "web",
            "ok": result.ok,
            "events_checked": result.events_checked,
            "first_bad_seq": result.first_bad_seq,
            "kind": result.fault.kind.value if result.fault else None,
        },
    )
    return render(request, "web/audit/verify.html", {"result": result.as_dict()})


@page
def anomaly_report(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    chain = audit_chain_of(actor)
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    until_day = data.get("until") or today
    since_day = data.get("since") or until_day - datetime.timedelta(days=6)
    if since_day > until_day:
        form.add_error("until", _("Slutdatumet ligger före startdatumet."))
    elif (until_day - since_day).days + 1 > MAX_ANOMALY_DAYS:
        form.add_error("since", _("Högst %(days)s dagar åt gången.") % {"days": MAX_ANOMALY_DAYS})
    found: list[dict[str, Any]] = []
    if not form.errors:
        since = _local_midnight(since_day)
        until = _local_midnight(until_day + datetime.timedelta(days=1))
        results = anomalies.detect(chain, since=since, until=until)
        audit.record(
            actor=actor,
            action="audit.anomalies_viewed",
            payload={
                "since": since.isoformat(),
                "until": until.isoformat(),
                "found": len(results),
                "kinds": sorted({a.kind for a in results}),
            },
        )
        found = [a.as_dict() for a in results]
    if not form.is_bound:
        form = PeriodForm(initial={"since": since_day, "until": until_day})
    return render(
        request,
        "web/audit/anomalies.html",
        {"form": form, "anomalies": found, "since": since_day, "until": until_day},
        status=400 if form.errors else 200,
    )
