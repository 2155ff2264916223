"""Young people through the API: register, search, read, update — and the audit events."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.utils import timezone

from audit.models import AuditEvent
from backend.people.identity import synthetic_number
from backend.people.models import Guardian, YoungPerson, YoungPersonUnit

pytestmark = pytest.mark.django_db

URL = "/api/v1/young-people/"


def _payload(personnummer, **extra):
    return {
        "personnummer": personnummer,
        "given_name": "Elsa",
        "family_name": "Exempeldotter",
        "protected_identity": False,
        "guardians": [
            {"given_name": "Anna", "family_name": "Exempeldotter", "custody": "joint"},
            {"given_name": "Omar", "family_name": "Exempeldotter", "custody": "joint"},
        ],
        **extra,
    }


def test_register_young_person_writes_record_link_and_one_audit_event(
    personas, audit_log, new_personnummer
):
    pnr = new_personnummer(datetime.date(2012, 1, 15))
    response = personas.client("socsek").post(URL, _payload(pnr), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["birth_date"] == "2012-01-15"
    assert body["personnummer"] == f"{pnr[:8]}-{pnr[8:]}"  # social services sees it in full
    assert {g["custody"] for g in body["guardians"]} == {"joint"}
    young_person = YoungPerson.objects.get(pk=body["id"])
    assert YoungPersonUnit.objects.filter(
        young_person=young_person, unit=personas.unit("IFO Barn och unga")
    ).exists()
    [event] = audit_log.new()
    assert (event.action, event.outcome) == ("young_person.created", "allowed")
    assert event.young_person_id == young_person.pk
    assert event.actor_username == "socsek"
    assert event.actor_agency == "social_services"
    assert pnr not in str(event.payload)  # never the personnummer in the log


def test_registering_a_known_person_links_the_unit_without_revealing_it(
    personas, audit_log, young_person_factory
):
    young_person = young_person_factory("socsek")
    audit_log.mark()
    response = personas.client("larare").post(
        URL, _payload(young_person.personnummer), format="json"
    )
    assert response.status_code == 201
    assert response.json()["id"] == str(young_person.pk)
    assert response.json()["personnummer"].endswith("-****")  # a teacher sees it masked
    assert audit_log.actions() == [("young_person.linked", "allowed")]
    assert YoungPerson.objects.filter(personnummer=young_person.personnummer).count() == 1


@pytest.mark.parametrize(
    ("personnummer", "fragment"),
    [
        ("20110302-9803", "Kontrollsiffran"),
        ("20110230-1234", "Födelsedatumet"),
        ("12345", "10 eller 12 siffror"),
    ],
)
def test_invalid_personnummer_is_a_400_naming_the_field(
    personas, audit_log, personnummer, fragment
):
    response = personas.client("socsek").post(URL, _payload(personnummer), format="json")
    assert response.status_code == 400
    body = response.json()
    assert response["Content-Type"] == "application/problem+json"
    assert fragment in body["errors"]["personnummer"][0]
    assert YoungPerson.objects.count() == 0
    assert audit_log.new() == []


def test_error_messages_in_english_when_asked(personas):
    response = personas.client("socsek").post(
        URL, _payload("12345"), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["title"] == "Invalid input"
    assert "10 or 12 digits" in response.json()["errors"]["personnummer"][0]


def test_incoherent_custody_is_refused_and_nothing_is_written(personas, new_personnummer):
    payload = _payload(new_personnummer(datetime.date(2012, 1, 15)))
    payload["guardians"][1]["custody"] = "sole"
    response = personas.client("socsek").post(URL, payload, format="json")
    assert response.status_code == 400
    assert "guardians" in response.json()["errors"]
    assert YoungPerson.objects.count() == 0
    assert Guardian.objects.count() == 0


def test_adult_cannot_have_guardians(personas, new_personnummer):
    payload = _payload(new_personnummer(datetime.date(2005, 1, 15)))
    response = personas.client("socsek").post(URL, payload, format="json")
    assert response.status_code == 400
    assert "18" in response.json()["errors"]["guardians"][0]


def test_unknown_custody_value_names_the_nested_field(personas, new_personnummer):
    payload = _payload(new_personnummer(datetime.date(2012, 1, 15)))
    payload["guardians"][0]["custody"] = "shared"
    response = personas.client("socsek").post(URL, payload, format="json")
    assert response.status_code == 400
    assert "guardians.0.custody" in response.json()["errors"]


def test_search_by_exact_personnummer_audits_the_ids_returned(
    personas, audit_log, young_person_factory
):
    young_person = young_person_factory("socsek")
    young_person_factory("socsek")  # another one that must not match
    audit_log.mark()
    short = young_person.personnummer[2:]
    response = personas.client("socsek").get(URL, {"personnummer": short})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == [str(young_person.pk)]
    assert results[0]["personnummer"].endswith("-****")  # never in clear in lists
    [event] = audit_log.new()
    assert event.action == "young_person.searched"
    assert event.payload["ids"] == [str(young_person.pk)]
    assert event.young_person_id == young_person.pk
    assert young_person.personnummer not in str(event.payload)


def test_search_finds_nothing_the_caller_may_not_see(personas, young_person_factory):
    young_person = young_person_factory("socsek")
    response = personas.client("kommunpolis").get(URL, {"personnummer": young_person.personnummer})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_list_is_one_event_with_all_ids_on_the_page(personas, audit_log, young_person_factory):
    made = {str(young_person_factory("socsek").pk) for _ in range(3)}
    audit_log.mark()
    response = personas.client("socsek").get(URL)
    ids = {r["id"] for r in response.json()["results"]}
    assert ids == made
    [event] = audit_log.new()
    assert event.action == "young_person.listed"
    assert set(event.payload["ids"]) == made


def test_list_query_count_does_not_grow_with_rows(
    personas, young_person_factory, django_assert_max_num_queries
):
    for _ in range(5):
        young_person_factory("socsek")
    client = personas.client("socsek")
    client.get(URL)  # warm caches (content types, permissions)
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert len(response.json()["results"]) == 5


def test_detail_read_is_audited(personas, audit_log, young_person_factory):
    young_person = young_person_factory("socsek")
    audit_log.mark()
    response = personas.client("socsek").get(f"{URL}{young_person.pk}/")
    assert response.status_code == 200
    assert response.json()["age"] == young_person.age_on(timezone.localdate())
    [event] = audit_log.new()
    assert (event.action, event.young_person_id) == ("young_person.viewed", young_person.pk)


def test_denied_read_is_a_404_and_an_audited_denial(personas, audit_log, young_person_factory):
    young_person = young_person_factory("socsek")
    audit_log.mark()
    response = personas.client("larare").get(f"{URL}{young_person.pk}/")
    assert response.status_code == 404
    [event] = audit_log.new()
    assert (event.action, event.outcome) == ("access.denied", "denied")
    assert event.young_person_id == young_person.pk
    assert event.actor_username == "larare"


def test_protected_identity_hides_number_and_guardians_outside_social_services(
    personas, young_person_factory, case_factory
):
    young_person = young_person_factory("socsek", protected_identity=True)
    case_factory(young_person, members=("kommunpolis",))
    police_view = personas.client("kommunpolis").get(f"{URL}{young_person.pk}/").json()
    assert police_view["personnummer"].endswith("-****")
    assert police_view["guardians"] == []
    social_view = personas.client("socsek").get(f"{URL}{young_person.pk}/").json()
    assert not social_view["personnummer"].endswith("-****")
    assert len(social_view["guardians"]) == 2


def test_social_services_updates_names_and_guardians(personas, audit_log, young_person_factory):
    young_person = young_person_factory("socsek")
    first, _second = young_person.guardians.order_by("created_at")
    audit_log.mark()
    response = personas.client("socsek").patch(
        f"{URL}{young_person.pk}/",
        {
            "family_name": "Nyman",
            "guardians": [
                {
                    "id": str(first.pk),
                    "given_name": "Anna",
                    "family_name": "Nyman",
                    "custody": "sole",
                },
            ],
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["family_name"] == "Nyman"
    assert [(g["given_name"], g["custody"]) for g in body["guardians"]] == [("Anna", "sole")]
    assert Guardian.objects.filter(young_person=young_person, ended_on__isnull=False).count() == 1
    [event] = audit_log.new()
    assert event.action == "young_person.updated"
    assert event.payload["guardians_ended"] == 1


def test_school_cannot_update_a_young_person(personas, audit_log, young_person_factory):
    young_person = young_person_factory("larare")
    audit_log.mark()
    response = personas.client("larare").patch(
        f"{URL}{young_person.pk}/", {"family_name": "X"}, format="json"
    )
    assert response.status_code == 403
    assert YoungPerson.objects.get(pk=young_person.pk).family_name == "Testsson"
    assert audit_log.actions() == [("access.denied", "denied")]


def test_samordningsnummer_registers(personas, new_personnummer):
    pnr = synthetic_number(datetime.date(2013, 2, 3), 990, coordination=True)
    response = personas.client("socsek").post(URL, _payload(pnr), format="json")
    assert response.status_code == 201
    assert response.json()["birth_date"] == "2013-02-03"
    assert YoungPerson.objects.get().identity_kind == "samordningsnummer"


def test_audit_chain_links_events(personas, young_person_factory):
    young_person_factory("socsek")
    young_person_factory("socsek")
    events = list(AuditEvent.objects.order_by("chain", "seq"))
    for previous, current in itertools.pairwise(events):
        if previous.chain == current.chain:
            assert current.seq == previous.seq + 1
            assert current.prev_hash == previous.hash
