"""Every transition of the sharing request workflow: allowed, refused, audited."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from backend.core.workdays import add_working_days
from tests.workflows.sharing.conftest import consent_all
from workflows.sharing.actions import sharing_requests_expire
from workflows.sharing.models import TRANSITIONS, Disclosure, RequestStatus, SharingRequest

pytestmark = pytest.mark.django_db


def _decide(personas, request_id, persona="enhetschef", **body):
    return personas.client(persona).post(
        f"/api/v1/sharing-requests/{request_id}/decide/", body, format="json"
    )


def test_declared_state_machine_covers_every_status():
    assert set(TRANSITIONS) == set(RequestStatus.values)
    for targets in TRANSITIONS.values():
        assert targets <= set(RequestStatus.values)


def test_default_deadline_counts_swedish_working_days(personas, teen_case, make_request):
    request = make_request(*teen_case, submit=False)
    assert request["deadline"] == add_working_days(timezone.localdate(), 10).isoformat()
    urgent = make_request(*teen_case, submit=False, urgency="urgent")
    assert urgent["deadline"] == add_working_days(timezone.localdate(), 2).isoformat()


def test_without_a_ground_the_decision_maker_cannot_release(
    personas, audit_log, teen_case, make_request
):
    request = make_request(*teen_case)
    assert request["check"]["outcome"] == "DENY"
    audit_log.mark()
    response = _decide(personas, request["id"], decision="approve")
    assert response.status_code == 400
    assert "categories" in response.json()["errors"]
    assert response.json()["check"]["outcome"] == "DENY"
    assert SharingRequest.objects.get(pk=request["id"]).status == "submitted"
    assert audit_log.actions() == [("sharing_request.decision_refused", "denied")]


def test_partial_release_never_exceeds_what_the_engine_allows(personas, teen_case, make_request):
    young_person, case = teen_case
    consent_all(personas, young_person, categories=["family_situation"])
    request = make_request(
        young_person, case, categories=["family_situation", "social_services_measures"]
    )
    assert request["check"]["by_category"]["family_situation"]["outcome"] == "ALLOW"
    assert request["check"]["by_category"]["social_services_measures"]["outcome"] == "DENY"
    too_much = _decide(personas, request["id"], decision="approve")
    assert too_much.status_code == 400
    part = _decide(
        personas,
        request["id"],
        decision="partly_approve",
        categories=["family_situation"],
        ground="G01",
    )
    assert part.status_code == 200, part.json()
    decision = part.json()["decision"]
    assert part.json()["status"] == "partly_approved"
    assert decision["released_categories"] == ["family_situation"]
    assert decision["refused_categories"] == ["social_services_measures"]
    disclosed = personas.client("socsek").post(
        f"/api/v1/sharing-requests/{request['id']}/disclose/",
        {"content": "x", "categories": ["social_services_measures"]},
        format="json",
    )
    assert disclosed.status_code == 400  # not granted


def test_a_ground_that_needs_an_assessment_needs_a_written_one(personas, teen_case, make_request):
    request = make_request(
        *teen_case, purpose="crime_prevention", facts={"concrete_risk_of_crime": True}
    )
    assert request["check"]["outcome"] == "ALLOW_AFTER_ASSESSMENT"
    without = _decide(personas, request["id"], decision="approve", ground="G07")
    assert without.status_code == 400
    assert "inte olämpligt" in without.json()["errors"]["assessment"][0]
    with_it = _decide(
        personas,
        request["id"],
        decision="approve",
        ground="G07",
        assessment="Pågående insats; polisens kännedom stöder den (SoL 14:3).",
    )
    assert with_it.status_code == 200
    assert with_it.json()["decision"]["ground"] == "G07"
    assert "10 kap. 18 a §" in with_it.json()["decision"]["provision"]
    # The requester never sees the holder's internal assessment.
    seen_by_police = (
        personas.client("kommunpolis")
        .get(f"/api/v1/sharing-requests/{request['id']}/")
        .json()["decision"]
    )
    assert "assessment" not in seen_by_police
    seen_by_holder = (
        personas.client("socsek")
        .get(f"/api/v1/sharing-requests/{request['id']}/")
        .json()["decision"]
    )
    assert seen_by_holder["assessment"].startswith("Pågående insats")


def test_a_refusal_names_its_reason(personas, teen_case, make_request):
    request = make_request(*teen_case)
    assert _decide(personas, request["id"], decision="refuse").status_code == 400
    refused = _decide(
        personas, request["id"], decision="refuse", note="Samtycke saknas; vi kontaktar familjen."
    )
    assert refused.status_code == 200
    seen = personas.client("kommunpolis").get(f"/api/v1/sharing-requests/{request['id']}/")
    assert seen.json()["status"] == "refused"
    assert seen.json()["decision"]["note"] == "Samtycke saknas; vi kontaktar familjen."
    closed = personas.client("kommunpolis").post(f"/api/v1/sharing-requests/{request['id']}/close/")
    assert closed.json()["status"] == "closed"


@pytest.mark.parametrize("persona", ["socsek", "rektor", "polis.beslut"])
def test_only_a_decision_maker_of_the_holding_unit_decides(
    personas, audit_log, teen_case, make_request, persona
):
    young_person, case = teen_case
    consent_all(personas, young_person)
    request = make_request(young_person, case)
    audit_log.mark()
    response = _decide(personas, request["id"], persona=persona, decision="approve")
    # Not a member of either unit: 404; a member without the decision role: 403.
    assert response.status_code in {403, 404}
    if persona == "socsek":
        assert response.status_code == 403
        assert audit_log.actions() == [("sharing_request.decision_refused", "denied")]
    assert SharingRequest.objects.get(pk=request["id"]).status == "submitted"


def test_disclosure_reruns_the_engine_and_cancels_when_consent_is_gone(
    personas, teen_case, make_request
):
    young_person, case = teen_case
    consents = consent_all(personas, young_person)
    request = make_request(young_person, case)
    assert _decide(personas, request["id"], decision="approve", ground="G01").status_code == 200
    # The withdrawal itself cancels the approved consent-based request...
    personas.client("socsek").post(
        f"/api/v1/consents/{consents[1]['id']}/withdraw/",
        {"reason": "Vårdnadshavaren ångrar sig"},
        format="json",
    )
    request_row = SharingRequest.objects.get(pk=request["id"])
    assert request_row.status == "cancelled"
    # ... and nothing can be disclosed on it.
    response = personas.client("socsek").post(
        f"/api/v1/sharing-requests/{request['id']}/disclose/", {"content": "x"}, format="json"
    )
    assert response.status_code == 409
    assert Disclosure.objects.count() == 0


def test_withdraw_and_invalid_transitions(personas, teen_case, make_request):
    request = make_request(*teen_case)
    police = personas.client("kommunpolis")
    assert police.post(f"/api/v1/sharing-requests/{request['id']}/submit/").status_code == 409
    withdrawn = police.post(
        f"/api/v1/sharing-requests/{request['id']}/withdraw/",
        {"reason": "Inte längre aktuellt"},
        format="json",
    )
    assert withdrawn.json()["status"] == "withdrawn"
    assert _decide(personas, request["id"], decision="refuse", note="x").status_code == 409
    assert police.post(f"/api/v1/sharing-requests/{request['id']}/withdraw/").status_code == 409


def test_holder_takes_the_request_into_review(personas, teen_case, make_request):
    request = make_request(*teen_case)
    reviewed = personas.client("socsek").post(f"/api/v1/sharing-requests/{request['id']}/review/")
    assert reviewed.json()["status"] == "in_review"
    assert (
        personas.client("kommunpolis")
        .post(f"/api/v1/sharing-requests/{request['id']}/review/")
        .status_code
        == 403
    )


def test_requests_expire_when_the_deadline_passes_without_decision(
    personas, audit_log, teen_case, make_request
):
    request = make_request(*teen_case)
    deadline = datetime.date.fromisoformat(request["deadline"])
    assert sharing_requests_expire(today=deadline) == 0
    audit_log.mark()
    assert sharing_requests_expire(today=deadline + datetime.timedelta(days=1)) == 1
    assert SharingRequest.objects.get(pk=request["id"]).status == "expired"
    [event] = audit_log.new()
    assert (event.action, event.actor_id) == ("sharing_request.expired", None)


def test_inbox_and_outbox(personas, teen_case, make_request):
    request = make_request(*teen_case)
    inbox = personas.client("socsek").get("/api/v1/sharing-requests/?box=inbox").json()
    outbox = (
        personas.client("kommunpolis")
        .get("/api/v1/sharing-requests/?box=outbox&status=submitted")
        .json()
    )
    assert [r["id"] for r in inbox["results"]] == [request["id"]]
    assert [r["id"] for r in outbox["results"]] == [request["id"]]
    assert (
        personas.client("socsek").get("/api/v1/sharing-requests/?box=outbox").json()["results"]
        == []
    )
    bad = personas.client("socsek").get("/api/v1/sharing-requests/?box=everything")
    assert bad.status_code == 400


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"categories": ["gossip"]}, "categories.0"),
        ({"categories": []}, "categories"),
        ({"purpose": "curiosity"}, "purpose"),
        ({"reason": "  "}, "reason"),
        ({"deadline": "2020-01-01"}, "deadline"),
        ({"urgency": "whenever"}, "urgency"),
        ({"facts": {"child_at_risk": "yes"}}, "facts.child_at_risk"),
        ({"to_unit": "00000000-0000-0000-0000-000000000000"}, "to_unit"),
    ],
)
def test_bad_request_input_names_the_problem_and_writes_nothing(
    personas, audit_log, teen_case, overrides, field
):
    young_person, case = teen_case
    body = {
        "young_person": str(young_person.pk),
        "case": str(case.pk),
        "from_unit": str(personas.unit("Kommunpolis Exempelby").pk),
        "to_unit": str(personas.unit("IFO Barn och unga").pk),
        "categories": ["family_situation"],
        "purpose": "support_planning",
        "reason": "Planering.",
        "facts": {},
        **overrides,
    }
    audit_log.mark()
    response = personas.client("kommunpolis").post("/api/v1/sharing-requests/", body, format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"], response.json()["errors"]
    assert SharingRequest.objects.count() == 0
    assert audit_log.new() == []


def test_young_person_of_another_municipality_is_refused(
    personas, audit_log, teen_case, young_person_factory
):
    _young_person, case = teen_case
    other = young_person_factory("grannby.socsek")
    audit_log.mark()
    response = personas.client("kommunpolis").post(
        "/api/v1/sharing-requests/",
        {
            "young_person": str(other.pk),
            "case": str(case.pk),
            "from_unit": str(personas.unit("Kommunpolis Exempelby").pk),
            "to_unit": str(personas.unit("IFO Barn och unga").pk),
            "categories": ["family_situation"],
            "purpose": "support_planning",
            "reason": "x",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "young_person" in response.json()["errors"]
    assert SharingRequest.objects.count() == 0
    assert audit_log.actions() == [("access.denied", "denied")]


def test_every_transition_is_audited_with_ground_and_outcome(
    personas, audit_log, teen_case, make_request
):
    young_person, case = teen_case
    consent_all(personas, young_person)
    audit_log.mark()
    request = make_request(young_person, case)
    _decide(personas, request["id"], decision="approve", ground="G01")
    personas.client("socsek").post(
        f"/api/v1/sharing-requests/{request['id']}/disclose/",
        {"content": "Uppgifter."},
        format="json",
    )
    events = {e.action: e for e in audit_log.new()}
    assert events["sharing_request.submitted"].payload["outcome"] == "ALLOW"
    assert "G01" in events["sharing_request.submitted"].legal_ground
    decided = events["sharing_request.decided"]
    assert (decided.legal_ground, decided.payload["engine_outcome"]) == ("G01", "ALLOW")
    assert len(decided.payload["consent_ids"]) == 3
    made = events["disclosure.made"]
    assert (made.legal_ground, made.case_id) == ("G01", case.pk)
