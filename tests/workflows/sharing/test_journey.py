"""The sharing journey of issue 5 (must-show 1), through the API as the demo personas:
teacher raises a concern → social services acknowledges; opens a case and records consent from
the 15-year-old and both guardians → the kommunpolis requests family situation → the
enhetschef approves → discloses → the police see exactly the released content and the ledger
names the consent versions. After the 15-year-old withdraws consent the same request is
cancelled and the decision-maker cannot approve it."""

from __future__ import annotations

import pytest

from backend.people.identity import synthetic_number
from tests.workflows.sharing.conftest import record_consent, years_ago
from workflows.sharing.models import Disclosure

pytestmark = pytest.mark.django_db


def test_the_sharing_journey(personas, audit_log):
    larare, socsek, polis, chef = (
        personas.client(p) for p in ("larare", "socsek", "kommunpolis", "enhetschef")
    )
    units = {
        name: str(personas.unit(name).pk)
        for name in (
            "Exempelskolan undervisning",
            "IFO Barn och unga",
            "Kommunpolis Exempelby",
            "Exempelskolan rektor",
        )
    }
    personnummer = synthetic_number(years_ago(15, plus_days=-60), 991)

    # 1. The teacher raises a concern about a pupil whose record they do not know.
    concern = larare.post(
        "/api/v1/concerns/",
        {
            "personnummer": personnummer,
            "given_name": "Elvira",
            "family_name": "Exempel",
            "from_unit": units["Exempelskolan undervisning"],
            "observations": "Har varit borta tre veckor; berättar om bråk hemma.",
            "categories": ["absence", "violence"],
            "urgency": "urgent",
            "child_at_risk": True,
        },
        format="json",
    )
    assert concern.status_code == 201, concern.json()
    concern = concern.json()
    assert concern["status"] == "sent"
    young_person_id = concern["young_person"]["id"]

    # 2. Social services sees it in its inbox and acknowledges with feedback.
    inbox = socsek.get("/api/v1/concerns/").json()["results"]
    assert [c["id"] for c in inbox] == [concern["id"]]
    ack = socsek.post(
        f"/api/v1/concerns/{concern['id']}/acknowledge/",
        {"feedback": "Tack, vi har inlett en förhandsbedömning."},
        format="json",
    )
    assert ack.status_code == 200
    assert larare.get(f"/api/v1/concerns/{concern['id']}/").json()["feedback"].startswith("Tack")

    # 3. Social services records the guardians, opens a case and adds members.
    patched = socsek.patch(
        f"/api/v1/young-people/{young_person_id}/",
        {
            "guardians": [
                {"given_name": "Anna", "family_name": "Exempel", "custody": "joint"},
                {"given_name": "Ali", "family_name": "Exempel", "custody": "joint"},
            ]
        },
        format="json",
    )
    assert patched.status_code == 200, patched.json()
    guardians = [g["id"] for g in patched.json()["guardians"]]
    case = socsek.post(
        "/api/v1/cases/",
        {
            "young_person": young_person_id,
            "lead_unit": units["IFO Barn och unga"],
            "participating_units": [units["Kommunpolis Exempelby"], units["Exempelskolan rektor"]],
        },
        format="json",
    ).json()
    for username, unit in (
        ("kommunpolis", "Kommunpolis Exempelby"),
        ("enhetschef", "IFO Barn och unga"),
    ):
        added = socsek.post(
            f"/api/v1/cases/{case['id']}/members/",
            {"user": str(personas[username].pk), "unit": units[unit]},
            format="json",
        )
        assert added.status_code == 201

    # 4. Consent from the 15-year-old and both guardians.
    from backend.people.models import YoungPerson

    young_person = YoungPerson.objects.get(pk=young_person_id)
    consents = [
        record_consent(personas, young_person, grantor) for grantor in ["child", *guardians]
    ]

    # 5. The kommunpolis requests family situation; nothing is visible before disclosure.
    body = {
        "young_person": young_person_id,
        "case": case["id"],
        "from_unit": units["Kommunpolis Exempelby"],
        "to_unit": units["IFO Barn och unga"],
        "categories": ["family_situation"],
        "purpose": "support_planning",
        "reason": "Planering inför SSP-möte.",
        "urgency": "normal",
        "facts": {},
    }
    request = polis.post("/api/v1/sharing-requests/", body, format="json").json()
    assert request["status"] == "draft"
    assert request["check"]["outcome"] == "ALLOW"
    request = polis.post(f"/api/v1/sharing-requests/{request['id']}/submit/").json()
    assert request["status"] == "submitted"
    assert polis.get("/api/v1/disclosures/").json()["results"] == []

    # 6. The enhetschef approves on consent.
    decided = chef.post(
        f"/api/v1/sharing-requests/{request['id']}/decide/",
        {"decision": "approve", "ground": "G01"},
        format="json",
    )
    assert decided.status_code == 200, decided.json()
    assert decided.json()["status"] == "approved"
    assert polis.get("/api/v1/disclosures/").json()["results"] == []

    # 7. Social services discloses.
    content = "Familjen har stöd av socialtjänsten sedan oktober; föräldrarna deltar i SSP."
    disclosed = socsek.post(
        f"/api/v1/sharing-requests/{request['id']}/disclose/", {"content": content}, format="json"
    )
    assert disclosed.status_code == 201, disclosed.json()
    disclosure_id = disclosed.json()["id"]

    # 8. The police see exactly the released content; the ledger names the consent versions.
    received = polis.get(f"/api/v1/disclosures/{disclosure_id}/").json()
    assert received["content"] == content
    assert received["categories"] == ["family_situation"]
    assert received["direction"] == "received"
    assert (received["ground"], received["assessment"]) == ("G01", None)
    assert set(received["consent_ids"]) == {c["id"] for c in consents}
    assert polis.get(f"/api/v1/sharing-requests/{request['id']}/").json()["status"] == "disclosed"
    ledger = Disclosure.objects.get(pk=disclosure_id)
    assert ledger.request_id is not None
    assert ledger.decided_by == personas["enhetschef"]
    # The police cannot read social services' other records.
    assert polis.get(f"/api/v1/concerns/{concern['id']}/").status_code == 404

    # 9. The same request again; then the 15-year-old withdraws consent.
    again = polis.post("/api/v1/sharing-requests/", body, format="json").json()
    again = polis.post(f"/api/v1/sharing-requests/{again['id']}/submit/").json()
    assert again["status"] == "submitted"
    withdrawn = socsek.post(
        f"/api/v1/consents/{consents[0]['id']}/withdraw/",
        {"reason": "Vill inte att polisen får veta mer."},
        format="json",
    )
    assert withdrawn.status_code == 200
    assert polis.get(f"/api/v1/sharing-requests/{again['id']}/").json()["status"] == "cancelled"
    refused = chef.post(
        f"/api/v1/sharing-requests/{again['id']}/decide/",
        {"decision": "approve", "ground": "G01"},
        format="json",
    )
    assert refused.status_code == 409

    # Every step is in the audit log, with grounds.
    actions = [a for a, _o in audit_log.actions()]
    for expected in [
        "concern.raised",
        "concern.acknowledged",
        "case.created",
        "consent.recorded",
        "sharing_request.created",
        "sharing_request.submitted",
        "sharing_request.decided",
        "disclosure.made",
        "disclosure.viewed",
        "consent.withdrawn",
        "sharing_request.cancelled",
        "consent.recipients_notified",
        "sharing_request.decision_refused",
    ]:
        assert expected in actions, expected
