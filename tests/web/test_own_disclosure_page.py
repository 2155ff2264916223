"""The page for disclosures on one's own initiative: the kommunpolis notifies social services
(LUL 6 §), the rektor reports a crime at school (SkolL 6 a kap. 10 §) — with the engine's live
answer, refusal with the reason and nothing lost, and 404 for what the user may not see."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from tests.conftest import create_young_person
from tests.web.world import page_client
from workflows.sharing.models import Disclosure

pytestmark = pytest.mark.django_db


def _years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=20)


def _crime(**extra: object) -> dict[str, object]:
    return {
        "crime_status": "committed",
        "crime_perpetrator": "subject",
        "crime_offence": "other",
        "crime_imprisonment_in_scale": "on",
        **extra,
    }


def test_police_notify_social_services_through_the_page(personas):
    young_person = create_young_person(personas, "kommunpolis", birth_date=_years_ago(16))
    client = page_client(personas, "kommunpolis")
    url = f"/young-people/{young_person.pk}/disclose/"
    assert client.get(url).status_code == 200
    body = {
        "from_unit": str(personas.unit("Kommunpolis Exempelby").pk),
        "to_unit": str(personas.unit("IFO Barn och unga").pk),
        "categories": ["suspected_crime"],
        "purpose": "child_welfare_concern",
        **_crime(),
        "content": "Misstänkt för snatteri 2026-11-20.",
    }
    live = client.post(f"{url}check/", body, HTTP_HX_REQUEST="true")
    assert live.status_code == 200
    assert 'data-outcome="MANDATORY_REPORT"' in live.content.decode()
    response = client.post(url, {**body, "send": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    disclosure = Disclosure.objects.get()
    assert response["Location"] == f"/disclosures/{disclosure.pk}/"
    assert (disclosure.kind, disclosure.ground_outcome) == ("own_initiative", "MANDATORY_REPORT")
    assert disclosure.facts["crime"]["perpetrator"] == "subject"
    received = page_client(personas, "socsek").get(f"/disclosures/{disclosure.pk}/")
    assert "Misstänkt för snatteri" in received.content.decode()


def test_rektor_reports_a_crime_at_school(personas):
    young_person = create_young_person(personas, "rektor", birth_date=_years_ago(15))
    response = page_client(personas, "rektor").post(
        f"/young-people/{young_person.pk}/disclose/",
        {
            "from_unit": str(personas.unit("Exempelskolan rektor").pk),
            "to_unit": str(personas.unit("Kommunpolis Exempelby").pk),
            "categories": ["suspected_crime"],
            "purpose": "crime_investigation",
            **_crime(crime_offence="brb3", crime_in_connection_with_school="on"),
            "ground": "G22",
            "content": "Misshandel på skolgården.",
            "send": "1",
        },
    )
    assert response.status_code == 302
    assert Disclosure.objects.get().ground == "G22"


def test_without_a_ground_the_page_explains_and_keeps_the_text(personas):
    young_person = create_young_person(personas, "larare", birth_date=_years_ago(14))
    mark = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    response = page_client(personas, "larare").post(
        f"/young-people/{young_person.pk}/disclose/",
        {
            "from_unit": str(personas.unit("Exempelskolan undervisning").pk),
            "to_unit": str(personas.unit("Kommunpolis Exempelby").pk),
            "categories": ["behaviour"],
            "purpose": "support_planning",
            "content": "Stör i klassrummet varje dag.",
            "send": "1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Stör i klassrummet varje dag." in page  # nothing the user wrote is lost
    assert 'data-outcome="DENY"' in page
    assert Disclosure.objects.count() == 0
    actions = list(AuditEvent.objects.filter(id__gt=mark).values_list("action", "outcome"))
    assert ("disclosure.refused", "denied") in actions


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("socsek", 200),
        ("grannby.socsek", 404),
        ("larare", 404),
        ("granskare", 404),
        ("admin", 404),
    ],
)
def test_the_page_is_404_for_those_who_may_not_see_the_young_person(personas, persona, expected):
    young_person = create_young_person(personas, "socsek", birth_date=_years_ago(12))
    url = f"/young-people/{young_person.pk}/disclose/"
    assert page_client(personas, persona).get(url).status_code == expected
    assert page_client(personas, persona).post(f"{url}check/", {}).status_code == expected


def test_the_page_in_english(personas):
    young_person = create_young_person(personas, "kommunpolis", birth_date=_years_ago(16))
    page = (
        page_client(personas, "kommunpolis", language="en")
        .get(f"/young-people/{young_person.pk}/disclose/")
        .content.decode()
    )
    assert "Disclose information on your own initiative" in page
    assert "Lämna uppgifter" not in page


def test_register_a_young_person_with_guardians_through_the_page(personas):
    from backend.people.identity import synthetic_number
    from backend.people.models import YoungPerson

    client = page_client(personas, "socsek")
    assert client.get("/young-people/new/").status_code == 200
    number = synthetic_number(_years_ago(13), 871)
    body = {
        "personnummer": number,
        "given_name": "Ny",
        "family_name": "Person",
        "custody": "joint",
        "g1_given_name": "Anna",
        "g1_family_name": "Person",
        "g2_given_name": "Ali",
        "g2_family_name": "Person",
    }
    response = client.post("/young-people/new/", body)
    assert response.status_code == 302
    young_person = YoungPerson.objects.get(personnummer=number)
    assert response["Location"] == f"/young-people/{young_person.pk}/"
    assert young_person.guardians.count() == 2
    bad = client.post("/young-people/new/", {**body, "personnummer": "20110230-1234"})
    assert bad.status_code == 400
    assert "Födelsedatumet" in bad.content.decode()
    assert 'value="Ny"' in bad.content.decode()  # the input is kept
    assert page_client(personas, "granskare").get("/young-people/new/").status_code == 403
