"""The auditor API: search, export, the access report, verification; every read of the log is
audited; auditors see their municipality's metadata and nothing else."""

from __future__ import annotations

import csv
import io
import json
import uuid
from typing import Any

import pytest
from django.db import connection
from django.http import StreamingHttpResponse

import audit
from audit.models import AuditEvent
from audit.queries import mentions_young_person

pytestmark = pytest.mark.django_db

EVENTS_URL = "/api/v1/audit/events/"


def _report_url(young_person_id: Any) -> str:
    return f"/api/v1/audit/young-people/{young_person_id}/access-report/"


@pytest.fixture
def auditor(personas):
    return personas.client("granskare")


def test_search_is_newest_first_paged_and_scoped_to_the_auditors_municipality(
    personas, auditor, young_person_factory
):
    for _ in range(3):
        young_person_factory("socsek")
    young_person_factory("grannby.socsek")
    exempelby = str(personas.actor("socsek").municipality_id)

    first = auditor.get(EVENTS_URL, {"page_size": 2}).json()
    assert len(first["results"]) == 2
    assert first["next"]
    second = auditor.get(first["next"]).json()
    seqs = [e["seq"] for e in first["results"] + second["results"]]
    assert seqs == sorted(seqs, reverse=True)
    everything = auditor.get(EVENTS_URL, {"page_size": 200}).json()["results"]
    assert {e["actor_username"] for e in everything} >= {"socsek"}
    assert "grannby.socsek" not in {e["actor_username"] for e in everything}
    assert all(
        AuditEvent.objects.get(chain=exempelby, seq=e["seq"]).hash == e["hash"] for e in everything
    )


def test_search_filters(personas, auditor, young_person_factory, case_factory):
    yp = young_person_factory("socsek")
    case = case_factory(yp)
    personas.client("rektor").get(f"/api/v1/cases/{case.pk}/")
    personas.client("larare").get(f"/api/v1/cases/{case.pk}/")  # denied
    rektor = personas["rektor"]

    def codes(**query: Any) -> list[str]:
        response = auditor.get(EVENTS_URL, {**query, "page_size": 200})
        assert response.status_code == 200, response.content
        return [e["action"] for e in response.json()["results"]]

    assert codes(actor=rektor.pk) == ["case.viewed"]
    assert codes(case=case.pk, outcome="denied") == ["access.denied"]
    assert set(codes(action="case.*")) == {
        "case.created",
        "case.member_added",
        "case.viewed",
    }
    assert codes(unit=personas.unit("Exempelskolan rektor").pk) == ["case.viewed"]
    assert "case.viewed" in codes(agency="school")
    assert codes(since="2000-01-01", until="2000-01-02") == []
    assert "young_person.created" in codes(young_person=yp.pk)


def test_pages_by_young_person_follow_each_other_without_gaps_or_repeats(
    personas, auditor, young_person_factory
):
    yp = young_person_factory("socsek")
    client = personas.client("socsek")
    for _ in range(3):
        client.get(f"/api/v1/young-people/{yp.pk}/")
        client.get("/api/v1/young-people/")  # list pages showing them
    for url in (EVENTS_URL, _report_url(yp.pk)):
        expected = list(
            AuditEvent.objects.filter(mentions_young_person(yp.pk))
            .order_by("-occurred_at", "-seq")
            .values_list("seq", flat=True)
        )
        seen: list[int] = []
        query: dict[str, Any] = {"page_size": 2}
        if url == EVENTS_URL:
            query["young_person"] = yp.pk
        body = auditor.get(url, query).json()
        while True:
            seen += [e["seq"] for e in body["results"]]
            if not body["next"]:
                break
            body = auditor.get(body["next"]).json()
        assert seen == expected  # the auditor's own reads are newer than the first page


def test_bad_cursor_and_page_size_are_400(auditor):
    response = auditor.get(EVENTS_URL, {"cursor": "not-a-cursor", "page_size": 0})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"page_size"}
    response = auditor.get(EVENTS_URL, {"cursor": "bm9wZQ"})
    assert set(response.json()["errors"]) == {"cursor"}


def test_bad_filters_are_400_naming_the_field(auditor):
    response = auditor.get(EVENTS_URL, {"since": "yesterday", "outcome": "maybe"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"since", "outcome"}
    response = auditor.get(EVENTS_URL, {"since": "2026-02-01", "until": "2026-01-01"})
    assert set(response.json()["errors"]) == {"until"}


def test_reading_the_log_is_itself_audited(personas, auditor, audit_log, young_person_factory):
    yp = young_person_factory("socsek")
    audit_log.mark()
    listed = auditor.get(EVENTS_URL, {"young_person": yp.pk}).json()["results"]
    auditor.get("/api/v1/audit/events/export/", {"format": "json"}).getvalue()
    auditor.get(_report_url(yp.pk))
    auditor.get("/api/v1/audit/verify/")
    auditor.get("/api/v1/audit/anomalies/")
    events = audit_log.new()
    assert [(e.action, e.actor_username) for e in events] == [
        ("audit.events_listed", "granskare"),
        ("audit.events_exported", "granskare"),
        ("audit.access_report_viewed", "granskare"),
        ("audit.verified", "granskare"),
        ("audit.anomalies_viewed", "granskare"),
    ]
    assert events[0].payload["seqs"] == [e["seq"] for e in listed]
    assert events[0].young_person_id == yp.pk  # the auditor's look shows in the report
    assert events[1].payload["format"] == "json"
    assert events[2].young_person_id == yp.pk
    assert all(e.actor_role == "auditor" for e in events)


def test_access_report_names_who_saw_the_young_person_directly_and_in_lists(
    personas, auditor, young_person_factory, case_factory
):
    yp = young_person_factory("socsek", given_name="Unikanamn", family_name="Efternamnsson")
    other = young_person_factory("socsek", family_name="Annansson")
    case = case_factory(yp)
    personas.client("rektor").get(f"/api/v1/young-people/{yp.pk}/")
    personas.client("socsek").get("/api/v1/young-people/")  # a page with both of them
    personas.client("kommunpolis").get(f"/api/v1/cases/{case.pk}/")
    personas.client("larare").get(f"/api/v1/young-people/{yp.pk}/")  # refused

    body = auditor.get(_report_url(yp.pk), {"page_size": 200}).json()
    assert body["young_person"] == str(yp.pk)
    seen = {(e["actor_username"], e["action"], e["via"]) for e in body["results"]}
    assert ("rektor", "young_person.viewed", "direct") in seen
    assert ("socsek", "young_person.listed", "list") in seen
    assert ("kommunpolis", "case.viewed", "direct") in seen
    assert ("larare", "access.denied", "direct") in seen
    summary = {row["actor_username"]: row for row in body["summary"]}
    assert summary["larare"]["denied"] == 1
    assert summary["rektor"]["actor_unit_name"] == "Exempelskolan rektor"
    assert summary["socsek"]["events"] >= 3
    # Nothing about the other young person, and no content at all.
    assert all(e["young_person_id"] in (str(yp.pk), None) for e in body["results"]), (
        "only events about them"
    )
    text = json.dumps(body)
    assert "Unikanamn" not in text
    assert "Efternamnsson" not in text
    assert yp.personnummer not in text
    assert yp.personnummer[2:8] not in text
    assert str(other.pk) in text  # the list page's ids are metadata: which rows were shown


def test_access_report_outlives_the_young_persons_record(personas, auditor, young_person_factory):
    yp = young_person_factory("socsek")
    personas.client("socsek").get(f"/api/v1/young-people/{yp.pk}/")
    yp_id = yp.pk
    yp.delete()  # gallring deletes the record, never its log
    response = auditor.get(_report_url(yp_id))
    assert response.status_code == 200
    assert {e["action"] for e in response.json()["results"]} >= {"young_person.viewed"}


def test_access_report_query_uses_the_list_index(personas, young_person_factory):
    """The payload containment is the form the partial GIN index serves (bench/ shows it used
    on a million events; here only that the query has the indexable shape)."""
    from audit.queries import access_report_events

    yp = young_person_factory("socsek")
    sql = str(access_report_events("x", yp.pk).query)
    assert """("audit_auditevent"."payload" -> young_people) @>""" in sql
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'audit_payload_young_people'"
        )
        [(definition,)] = cursor.fetchall()
    assert "gin" in definition
    assert "jsonb_path_ops" in definition


def test_csv_export_streams_and_defuses_spreadsheet_formulas(personas, auditor):
    municipality = personas.actor("socsek").municipality_id
    hostile = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]
    for text in hostile:
        audit.record(
            actor=None,
            action="auth.login_failed",
            outcome="denied",
            municipality_id=municipality,
            username=text,
            object_id=text,
            payload={"typed": text},
        )
    response = auditor.get("/api/v1/audit/events/export/", {"format": "csv", "action": "auth.*"})
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    chunks = list(response.streaming_content)  # type: ignore[arg-type]  # a sync stream
    assert len(chunks) == 1 + len(hostile)  # the header, then one chunk per row
    text = b"".join(chunks).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(hostile)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    assert {row["actor_username"] for row in rows} == {"'" + t for t in hostile}


def test_json_export_is_a_streamed_array_of_the_filtered_events(personas, auditor):
    actor = personas.actor("socsek")
    for number in range(5):
        audit.record(actor=actor, action="case.listed", payload={"ids": [], "n": number})
    response = auditor.get(
        "/api/v1/audit/events/export/", {"format": "json", "action": "case.listed"}
    )
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    chunks = list(response.streaming_content)  # type: ignore[arg-type]  # a sync stream
    assert len(chunks) == 5 + 2  # "[", five rows, "]"
    rows = json.loads(b"".join(chunks))
    assert [r["payload"]["n"] for r in rows] == [4, 3, 2, 1, 0]
    assert set(rows[0]) >= {"seq", "occurred_at", "actor_username", "hash", "prev_hash"}


def test_verify_endpoint_reports_the_first_bad_sequence(personas, auditor):
    actor = personas.actor("socsek")
    events = [audit.record(actor=actor, action="case.listed") for _ in range(4)]
    body = auditor.get("/api/v1/audit/verify/").json()
    assert body["ok"] is True
    assert body["first_bad_seq"] is None
    assert body["events_checked"] >= 4
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(
            "UPDATE audit_auditevent SET outcome = 'denied' WHERE id = %s", [events[1].pk]
        )
        cursor.execute("RESET session_replication_role")
    body = auditor.get("/api/v1/audit/verify/").json()
    assert body["ok"] is False
    assert body["first_bad_seq"] == events[1].seq
    assert body["fault"]["kind"] == "altered"
    assert body["events_checked"] == events[1].seq - 1
    english = auditor.get("/api/v1/audit/verify/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["fault"]["kind_label"] == "altered"
    assert "changed after it was written" in english["fault"]["detail"]


def test_unknown_young_person_is_a_404(auditor):
    assert auditor.get(_report_url(uuid.uuid4())).status_code == 404
