from __future__ import annotations

import base64
import datetime
from typing import Any

import pytest
from django.utils import timezone

PDF = base64.b64encode(b"%PDF-1.4 signed consent (synthetic)").decode()


def years_ago(n: int, *, plus_days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - n) + datetime.timedelta(days=plus_days)


def record_consent(personas: Any, young_person: Any, grantor: str, **overrides: Any) -> Any:
    body = {
        "grantor": grantor,
        "decision": "granted",
        "form": "written",
        "given_on": timezone.localdate().isoformat(),
        "recipients": ["police:local_police", "school"],
        "categories": ["family_situation", "social_services_measures"],
        "purposes": ["support_planning"],
        "document": {
            "filename": "samtycke.pdf",
            "content_type": "application/pdf",
            "content_base64": PDF,
        },
        **overrides,
    }
    response = personas.client("socsek").post(
        f"/api/v1/young-people/{young_person.pk}/consents/", body, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()


def consent_all(personas: Any, young_person: Any, **overrides: Any) -> list[Any]:
    grantors = ["child", *[str(g.pk) for g in young_person.guardians.order_by("created_at")]]
    return [record_consent(personas, young_person, g, **overrides) for g in grantors]


@pytest.fixture
def teen_case(personas, young_person_factory, case_factory):
    """A 15-year-old with joint custody, in a case led by social services with the kommunpolis,
    the rektor and the enhetschef as members."""
    young_person = young_person_factory("socsek", birth_date=years_ago(15, plus_days=-30))
    case = case_factory(young_person, members=("kommunpolis", "rektor", "enhetschef"))
    return young_person, case


def police_request(
    personas: Any, young_person: Any, case: Any, *, submit: bool = True, **overrides: Any
) -> Any:
    """A police request for family situation (submitted unless told), as the kommunpolis."""
    body = {
        "young_person": str(young_person.pk),
        "case": str(case.pk),
        "from_unit": str(personas.unit("Kommunpolis Exempelby").pk),
        "to_unit": str(personas.unit("IFO Barn och unga").pk),
        "categories": ["family_situation"],
        "purpose": "support_planning",
        "reason": "Gemensam planering inför SSP-möte.",
        "urgency": "normal",
        "facts": {},
        **overrides,
    }
    client = personas.client("kommunpolis")
    response = client.post("/api/v1/sharing-requests/", body, format="json")
    assert response.status_code == 201, response.json()
    request = response.json()
    if submit:
        submitted = client.post(f"/api/v1/sharing-requests/{request['id']}/submit/")
        assert submitted.status_code == 200, submitted.json()
        request = submitted.json()
    return request


@pytest.fixture
def make_request(personas):
    def make(young_person: Any, case: Any, *, submit: bool = True, **overrides: Any) -> Any:
        return police_request(personas, young_person, case, submit=submit, **overrides)

    return make
