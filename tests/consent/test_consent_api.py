"""Consent through the API: record, list, withdraw, receipts — and every consent status as the
disclosure check reports it for a recorded young person (issue 4, must-show 3)."""

from __future__ import annotations

import base64
import datetime

import pytest
from django.utils import timezone

from consent.actions import add_months
from consent.models import ConsentRecord, ConsentWithdrawal

pytestmark = pytest.mark.django_db

PDF = base64.b64encode(b"%PDF-1.4 signed consent form (synthetic)").decode()
CATEGORIES = ["family_situation", "social_services_measures"]


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def years_ago(n: int, *, plus_days: int = 0) -> datetime.date:
    t = today()
    return t.replace(year=t.year - n) + datetime.timedelta(days=plus_days)


@pytest.fixture
def teen(young_person_factory, case_factory):
    """A 15-year-old with two guardians in joint custody, in a case with the kommunpolis."""
    young_person = young_person_factory("socsek", birth_date=years_ago(15, plus_days=-40))
    case_factory(young_person, members=("kommunpolis", "rektor"))
    return young_person


def _consent(personas, young_person, who, **overrides):
    body = {
        "grantor": who,
        "decision": "granted",
        "form": "written",
        "given_on": days(-10).isoformat(),
        "valid_until": days(170).isoformat(),
        "recipients": ["police:local_police", "school"],
        "categories": CATEGORIES,
        "purposes": ["support_planning"],
        "document": {
            "filename": "samtycke.pdf",
            "content_type": "application/pdf",
            "content_base64": PDF,
        },
    }
    body.update(overrides)
    return personas.client("socsek").post(
        f"/api/v1/young-people/{young_person.pk}/consents/", body, format="json"
    )


def _all_consent(personas, young_person, **overrides):
    grantors = ["child", *[str(g.pk) for g in young_person.guardians.order_by("created_at")]]
    responses = [_consent(personas, young_person, g, **overrides) for g in grantors]
    assert all(r.status_code == 201 for r in responses), [r.json() for r in responses]
    return [r.json() for r in responses]


def _check(
    personas,
    young_person,
    *,
    to=None,
    categories=None,
    purpose="support_planning",
    on=None,
    persona="socsek",
):
    body = {
        "young_person": str(young_person.pk),
        "from": str(personas.unit("IFO Barn och unga").pk),
        "to": to or str(personas.unit("Kommunpolis Exempelby").pk),
        "categories": categories or CATEGORIES,
        "purpose": purpose,
        "facts": {},
    }
    if on is not None:
        body["date"] = on.isoformat()
    response = personas.client(persona).post("/api/v1/disclosure-checks/", body, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


def test_recording_a_consent_writes_the_record_its_document_and_an_audit_event(
    personas, audit_log, teen
):
    audit_log.mark()
    response = _consent(personas, teen, "child")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["version"] == 1
    assert body["status"] == "active"
    assert body["grantor"] == {"kind": "child", "guardian": None}
    assert {r["ref"] for r in body["recipients"]} == {"police:local_police", "school"}
    assert body["document"]["content_type"] == "application/pdf"
    [event] = audit_log.new()
    assert (event.action, event.young_person_id, event.legal_ground) == (
        "consent.recorded",
        teen.pk,
        "G01",
    )
    assert event.payload["decision"] == "granted"


def test_valid_until_defaults_to_twelve_months_and_cannot_exceed_the_maximum(personas, teen):
    response = _consent(personas, teen, "child", valid_until=None, given_on=today().isoformat())
    assert response.status_code == 201
    assert response.json()["valid_until"] == add_months(today(), 12).isoformat()
    too_long = _consent(personas, teen, "child", valid_until=days(400).isoformat())
    assert too_long.status_code == 400
    assert "valid_until" in too_long.json()["errors"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"grantor": "someone"}, "grantor"),
        ({"decision": "maybe"}, "decision"),
        ({"form": "telepathy"}, "form"),
        ({"given_on": "2099-01-01"}, "given_on"),
        ({"recipients": ["nowhere"]}, "recipients.0"),
        ({"recipients": []}, "recipients"),
        ({"categories": ["gossip"]}, "categories.0"),
        ({"purposes": ["curiosity"]}, "purposes.0"),
        ({"categories": ["criminal_record"]}, "categories"),
        ({"document": None}, "document"),
        ({"form": "oral", "document": None}, "scope_read_back"),
        (
            {
                "document": {
                    "filename": "x.pdf",
                    "content_type": "application/pdf",
                    "content_base64": "not base64!",
                }
            },
            "document.content_base64",
        ),
    ],
)
def test_bad_consent_input_names_the_field_and_writes_nothing(
    personas, audit_log, teen, overrides, field
):
    audit_log.mark()
    response = _consent(personas, teen, "child", **overrides)
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"], response.json()["errors"]
    assert ConsentRecord.objects.count() == 0
    assert audit_log.new() == []


def test_oral_consent_needs_the_scope_read_back(personas, teen):
    response = _consent(
        personas,
        teen,
        "child",
        form="oral",
        document=None,
        scope_read_back="Läste upp: familjesituation till kommunpolisen, SSP.",
    )
    assert response.status_code == 201
    assert response.json()["form"] == "oral"


def test_recipient_may_be_a_concrete_unit(personas, teen):
    unit = personas.unit("Kommunpolis Exempelby")
    response = _consent(personas, teen, "child", recipients=[str(unit.pk)])
    assert response.status_code == 201
    [recipient] = response.json()["recipients"]
    assert recipient["ref"] == f"id:{unit.pk}"
    assert "Kommunpolis Exempelby" in recipient["label"]


def test_list_shows_current_and_past_acts_and_is_audited(personas, audit_log, teen):
    [first, *_rest] = _all_consent(personas, teen)
    personas.client("socsek").post(
        f"/api/v1/consents/{first['id']}/withdraw/", {"reason": "Vill inte längre"}, format="json"
    )
    audit_log.mark()
    response = personas.client("kommunpolis").get(f"/api/v1/young-people/{teen.pk}/consents/")
    assert response.status_code == 200
    statuses = sorted(r["status"] for r in response.json()["results"])
    assert statuses == ["active", "active", "withdrawn"]
    [event] = audit_log.new()
    assert event.action == "consent.listed"
    assert len(event.payload["ids"]) == 3


def test_a_new_version_supersedes_the_old(personas, teen):
    first = _consent(personas, teen, "child").json()
    second = _consent(
        personas, teen, "child", supersedes=first["id"], categories=["family_situation"]
    )
    assert second.status_code == 201
    assert second.json()["version"] == 2
    again = _consent(personas, teen, "child", supersedes=first["id"])
    assert again.status_code == 409
    old = ConsentRecord.objects.get(pk=first["id"])
    assert old.categories == CATEGORIES  # never edited


def test_withdrawal_is_its_own_record_and_audited(personas, audit_log, teen):
    consent = _consent(personas, teen, "child").json()
    audit_log.mark()
    response = personas.client("socsek").post(
        f"/api/v1/consents/{consent['id']}/withdraw/", {"reason": "Ångrat sig"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert ConsentWithdrawal.objects.get(consent_id=consent["id"]).reason == "Ångrat sig"
    assert [a for a, _o in audit_log.actions()] == ["consent.withdrawn"]
    twice = personas.client("socsek").post(
        f"/api/v1/consents/{consent['id']}/withdraw/", {"reason": "igen"}, format="json"
    )
    assert twice.status_code == 409


def test_withdrawal_needs_a_reason(personas, teen):
    consent = _consent(personas, teen, "child").json()
    response = personas.client("socsek").post(
        f"/api/v1/consents/{consent['id']}/withdraw/", {"reason": " "}, format="json"
    )
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]


def test_receipt_in_html_and_pdf(personas, audit_log, teen):
    consent = _consent(personas, teen, "child").json()
    audit_log.mark()
    html = personas.client("socsek").get(f"/api/v1/consents/{consent['id']}/receipt/")
    assert html.status_code == 200
    assert html["Content-Type"].startswith("text/html")
    text = html.content.decode()
    assert "Kvitto på samtycke" in text
    assert "familjesituation" in text
    assert "återkalla" in text
    pdf = personas.client("socsek").get(f"/api/v1/consents/{consent['id']}/receipt/?format=pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert [e.payload["format"] for e in audit_log.new()] == ["html", "pdf"]


def test_consents_are_not_visible_outside_the_recording_unit_and_the_case(personas, teen):
    consent = _consent(personas, teen, "child").json()
    assert (
        personas.client("larare").get(f"/api/v1/consents/{consent['id']}/receipt/").status_code
        == 404
    )
    assert (
        personas.client("grannby.socsek")
        .post(f"/api/v1/consents/{consent['id']}/withdraw/", {"reason": "x"}, format="json")
        .status_code
        == 404
    )


# --- every consent status, through the API (disclosure checks on the recorded young person) --


def test_status_valid_allows_on_consent(personas, teen, audit_log):
    consents = _all_consent(personas, teen)
    audit_log.mark()
    result = _check(personas, teen)
    assert result["consent"]["status"] == "VALID"
    assert result["outcome"] == "ALLOW"
    assert "G01" in {g["id"] for g in result["grounds"]}
    ids = set(result["consent"]["by_category"]["family_situation"]["consent_ids"])
    assert ids == {c["id"] for c in consents}
    [event] = audit_log.new()
    assert (event.action, event.payload["outcome"]) == ("disclosure_check.evaluated", "ALLOW")
    assert "G01" in event.payload["grounds"]


def test_status_none(personas, teen):
    result = _check(personas, teen)
    assert (result["consent"]["status"], result["outcome"]) == ("NONE", "DENY")
    assert result["suggestions"]


def test_status_refused(personas, teen):
    _all_consent(personas, teen)
    _consent(
        personas,
        teen,
        "child",
        decision="refused",
        given_on=today().isoformat(),
        supersedes=ConsentRecord.objects.get(grantor_kind="child").pk.hex,
    )
    assert _check(personas, teen)["consent"]["status"] == "REFUSED"


def test_status_incomplete_names_who_is_missing(personas, teen):
    _consent(personas, teen, "child")
    first_guardian = teen.guardians.order_by("created_at").first()
    _consent(personas, teen, str(first_guardian.pk))
    result = _check(personas, teen)
    assert result["consent"]["status"] == "INCOMPLETE"
    missing = set(result["consent"]["missing"])
    second_guardian = teen.guardians.order_by("created_at").last()
    assert missing == {str(second_guardian.pk)}


def test_status_expired(personas, teen):
    _all_consent(personas, teen, given_on=days(-200).isoformat(), valid_until=days(-1).isoformat())
    assert _check(personas, teen)["consent"]["status"] == "EXPIRED"


def test_status_not_yet_valid(personas, teen):
    _all_consent(personas, teen, given_on=days(-5).isoformat())
    assert _check(personas, teen, on=days(-6))["consent"]["status"] == "NOT_YET_VALID"


def test_status_withdrawn(personas, teen):
    consents = _all_consent(personas, teen)
    personas.client("socsek").post(
        f"/api/v1/consents/{consents[0]['id']}/withdraw/",
        {"reason": "Återkallat muntligt"},
        format="json",
    )
    result = _check(personas, teen)
    assert result["consent"]["status"] == "WITHDRAWN"
    assert result["outcome"] == "DENY"


def test_status_lapsed_adult(personas, young_person_factory, case_factory):
    # Turns 18 in ten days; the guardians consented while the young person was 17.
    almost_adult = young_person_factory("socsek", birth_date=years_ago(18, plus_days=10))
    case_factory(almost_adult, members=("kommunpolis",))
    for guardian in almost_adult.guardians.all():
        _consent(personas, almost_adult, str(guardian.pk))
    result = _check(personas, almost_adult, on=days(11))
    assert result["consent"]["status"] == "LAPSED_ADULT"


def test_status_scope_recipient(personas, teen):
    _all_consent(personas, teen, recipients=["school"])
    assert _check(personas, teen)["consent"]["status"] == "SCOPE_RECIPIENT"


def test_status_scope_recipient_for_another_concrete_unit(personas, teen):
    _all_consent(personas, teen, recipients=[str(personas.unit("Utredning Exempelby").pk)])
    assert _check(personas, teen)["consent"]["status"] == "SCOPE_RECIPIENT"


def test_concrete_unit_recipient_covers_that_unit(personas, teen):
    _all_consent(personas, teen, recipients=[str(personas.unit("Kommunpolis Exempelby").pk)])
    assert _check(personas, teen)["consent"]["status"] == "VALID"


def test_organisation_recipient_covers_its_units(personas, teen):
    police = personas.unit("Kommunpolis Exempelby").organisation
    _all_consent(personas, teen, recipients=[str(police.pk)])
    assert _check(personas, teen)["consent"]["status"] == "VALID"


def test_status_scope_category(personas, teen):
    _all_consent(personas, teen, categories=["attendance"])
    assert _check(personas, teen)["consent"]["status"] == "SCOPE_CATEGORY"


def test_status_scope_purpose(personas, teen):
    _all_consent(personas, teen, purposes=["care_or_support"])
    assert _check(personas, teen)["consent"]["status"] == "SCOPE_PURPOSE"


def test_status_not_consentable(personas, teen):
    _all_consent(personas, teen)
    result = _check(personas, teen, categories=["criminal_record"])
    assert result["consent"]["status"] == "NOT_CONSENTABLE"
    assert result["outcome"] == "DENY"


def test_maturity_assessment_lets_a_mature_sixteen_year_old_decide_alone(
    personas, young_person_factory, case_factory
):
    sixteen = young_person_factory("socsek", birth_date=years_ago(16, plus_days=-3))
    case_factory(sixteen, members=("kommunpolis",))
    _consent(personas, sixteen, "child")
    assert _check(personas, sixteen)["consent"]["status"] == "INCOMPLETE"
    refused = personas.client("socsek").post(
        f"/api/v1/young-people/{sixteen.pk}/maturity-assessments/",
        {"finding": "mature_alone", "assessed_on": today().isoformat(), "reasoning": "x"},
        format="json",
    )
    assert refused.status_code == 403  # a decision-maker documents it, not the handläggare
    response = personas.client("enhetschef").post(
        f"/api/v1/young-people/{sixteen.pk}/maturity-assessments/",
        {
            "finding": "mature_alone",
            "assessed_on": today().isoformat(),
            "reasoning": "Samtal 2026-11-01: förstår innebörden och konsekvenserna.",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    result = _check(personas, sixteen)
    assert result["consent"]["maturity_assessment_applied"] is True
    assert result["consent"]["status"] == "VALID"
