"""Concerns (orosanmälan) and own-initiative disclosures through the same engine and ledger."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from backend.people.identity import synthetic_number
from tests.workflows.sharing.conftest import years_ago
from workflows.sharing.models import Concern, Disclosure

pytestmark = pytest.mark.django_db


def _concern(personas, young_person, persona="larare", unit="Exempelskolan undervisning", **extra):
    body = {
        "young_person": str(young_person.pk),
        "from_unit": str(personas.unit(unit).pk),
        "observations": "Blåmärken på armarna, säger att pappa blev arg.",
        "categories": ["violence"],
        "urgency": "acute",
        "child_at_risk": True,
        **extra,
    }
    return personas.client(persona).post("/api/v1/concerns/", body, format="json")


def test_concern_report_goes_at_once_without_consent_and_is_in_the_ledger(
    personas, audit_log, young_person_factory
):
    young_person = young_person_factory("larare", birth_date=years_ago(10))
    audit_log.mark()
    response = _concern(personas, young_person)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["to_unit"]["kind"] == "child_and_youth"
    assert (
        body["feedback_due_on"] == (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    )
    ledger = Disclosure.objects.get(concern_id=body["id"])
    assert (ledger.kind, ledger.ground, ledger.ground_outcome) == (
        "concern",
        "G02",
        "MANDATORY_REPORT",
    )
    assert "19 kap. 1 §" in ledger.provision
    assert [a for a, _o in audit_log.actions()] == ["concern.raised", "disclosure.made"]
    # Social services now knows the young person and sees the report in its inbox.
    assert (
        personas.client("socsek").get(f"/api/v1/young-people/{young_person.pk}/").status_code == 200
    )


def test_concern_without_risk_and_without_ground_is_not_sent_and_says_why(
    personas, audit_log, young_person_factory
):
    young_person = young_person_factory("larare", birth_date=years_ago(13))
    audit_log.mark()
    response = _concern(personas, young_person, child_at_risk=False, categories=["aggression"])
    assert response.status_code == 400
    body = response.json()
    assert "child_at_risk" in body["errors"]
    assert body["check"]["outcome"] != "MANDATORY_REPORT"
    assert Concern.objects.count() == 0
    assert audit_log.actions() == [("concern.refused", "denied")]


def test_attendance_concern_from_a_municipal_school_needs_no_consent(
    personas, young_person_factory
):
    young_person = young_person_factory("larare", birth_date=years_ago(13))
    response = _concern(personas, young_person, child_at_risk=False, categories=["absence"])
    assert response.status_code == 201, response.json()
    assert Disclosure.objects.get().ground == "G00"


def test_reporter_who_does_not_know_the_record_gives_the_personnummer(personas):
    body = {
        "personnummer": synthetic_number(years_ago(9), 993),
        "given_name": "Vera",
        "family_name": "Okänd",
        "from_unit": str(personas.unit("Friskolan undervisning").pk),
        "observations": "Kommer hungrig varje dag.",
        "categories": ["other"],
        "child_at_risk": True,
    }
    response = personas.client("friskola.mentor").post("/api/v1/concerns/", body, format="json")
    assert response.status_code == 201, response.json()
    assert Disclosure.objects.get().ground == "G02"


def test_feedback_overdue_is_flagged_after_a_week(personas, young_person_factory):
    young_person = young_person_factory("larare", birth_date=years_ago(10))
    concern = _concern(personas, young_person).json()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        seen = personas.client("larare").get(f"/api/v1/concerns/{concern['id']}/").json()
    assert seen["feedback_overdue"] is True


def test_only_the_receiving_unit_acknowledges(personas, young_person_factory):
    young_person = young_person_factory("larare", birth_date=years_ago(10))
    concern = _concern(personas, young_person).json()
    url = f"/api/v1/concerns/{concern['id']}/acknowledge/"
    assert personas.client("larare").post(url, {"feedback": "x"}, format="json").status_code == 403
    assert (
        personas.client("kommunpolis").post(url, {"feedback": "x"}, format="json").status_code
        == 404
    )
    assert personas.client("socsek").post(url, {"feedback": ""}, format="json").status_code == 400
    assert (
        personas.client("socsek").post(url, {"feedback": "Mottagen."}, format="json").status_code
        == 200
    )
    assert (
        personas.client("socsek").post(url, {"feedback": "igen"}, format="json").status_code == 409
    )


@pytest.mark.parametrize(
    ("field", "value"), [("categories", ["rumours"]), ("urgency", "later"), ("observations", " ")]
)
def test_bad_concern_input_names_the_field(personas, young_person_factory, field, value):
    young_person = young_person_factory("larare", birth_date=years_ago(10))
    response = _concern(personas, young_person, **{field: value})
    assert response.status_code == 400
    assert any(key.startswith(field) for key in response.json()["errors"])
    assert Concern.objects.count() == 0


def test_police_notify_social_services_on_their_own_initiative(
    personas, audit_log, young_person_factory
):
    young_person = young_person_factory("kommunpolis", birth_date=years_ago(16))
    audit_log.mark()
    response = personas.client("kommunpolis").post(
        "/api/v1/disclosures/",
        {
            "young_person": str(young_person.pk),
            "from_unit": str(personas.unit("Kommunpolis Exempelby").pk),
            "to_unit": str(personas.unit("IFO Barn och unga").pk),
            "categories": ["suspected_crime"],
            "purpose": "child_welfare_concern",
            "facts": {
                "crime": {
                    "status": "committed",
                    "perpetrator": "subject",
                    "offence": "other",
                    "min_penalty_months": 0,
                    "imprisonment_in_scale": True,
                }
            },
            "content": "Misstänkt för snatteri 2026-11-20.",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["ground"] in {"G05", "G04"}
    assert response.json()["ground_outcome"] == "MANDATORY_REPORT"
    received = personas.client("socsek").get("/api/v1/disclosures/").json()["results"]
    assert [d["content"] for d in received] == ["Misstänkt för snatteri 2026-11-20."]
    assert ("disclosure.made", "allowed") in audit_log.actions()


def test_rektor_reports_a_crime_at_school_to_the_police(personas, young_person_factory):
    young_person = young_person_factory("rektor", birth_date=years_ago(15, plus_days=-10))
    response = personas.client("rektor").post(
        "/api/v1/disclosures/",
        {
            "young_person": str(young_person.pk),
            "from_unit": str(personas.unit("Exempelskolan rektor").pk),
            "to_unit": str(personas.unit("Kommunpolis Exempelby").pk),
            "categories": ["suspected_crime"],
            "purpose": "crime_investigation",
            "facts": {
                "crime": {
                    "status": "committed",
                    "perpetrator": "subject",
                    "offence": "brb3",
                    "min_penalty_months": 0,
                    "imprisonment_in_scale": True,
                    "in_connection_with_school": True,
                }
            },
            "content": "Misshandel på skolgården 2026-11-24.",
            "ground": "G22",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["ground"] == "G22"
    assert "6 a kap. 10 §" in response.json()["provision"]


def test_own_initiative_without_a_ground_is_refused_with_the_explanation(
    personas, audit_log, young_person_factory
):
    young_person = young_person_factory("larare", birth_date=years_ago(14))
    audit_log.mark()
    response = personas.client("larare").post(
        "/api/v1/disclosures/",
        {
            "young_person": str(young_person.pk),
            "from_unit": str(personas.unit("Exempelskolan undervisning").pk),
            "to_unit": str(personas.unit("Kommunpolis Exempelby").pk),
            "categories": ["behaviour"],
            "purpose": "support_planning",
            "facts": {},
            "content": "Stör i klassrummet.",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["check"]["suggestions"]
    assert Disclosure.objects.count() == 0
    assert audit_log.actions() == [("disclosure.refused", "denied")]


def test_chronology_shows_own_entries_and_what_was_received(personas, teen_case, make_request):
    from tests.workflows.sharing.conftest import consent_all

    young_person, case = teen_case
    consent_all(personas, young_person)
    request = make_request(young_person, case)
    personas.client("enhetschef").post(
        f"/api/v1/sharing-requests/{request['id']}/decide/", {"decision": "approve"}, format="json"
    )
    personas.client("socsek").post(
        f"/api/v1/sharing-requests/{request['id']}/disclose/", {"content": "Uppgift"}, format="json"
    )
    police = personas.client("kommunpolis").get(f"/api/v1/cases/{case.pk}/chronology/").json()
    kinds = [(e["type"], e.get("direction")) for e in police["results"]]
    assert ("disclosure", "received") in kinds
    assert ("sharing_request", None) in kinds
    rektor = personas.client("rektor").get(f"/api/v1/cases/{case.pk}/chronology/").json()
    assert rektor["results"] == []  # nothing of the school's own, nothing received
