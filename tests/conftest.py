"""Personas shared by the whole suite (conventions.md): the demo directory and accounts.

``personas.client("socsek")`` is an API client signed in as that persona (Bearer token
authentication is tested on its own; here the client is force-authenticated for speed).
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.core.actor import Actor
from backend.organisations.demo import build_accounts, build_directory
from backend.organisations.models import Unit
from backend.people.identity import synthetic_number

PASSWORD = "correct horse battery staple"

_serials = itertools.count(100)


@dataclass
class Personas:
    users: dict[str, User]
    units: dict[str, Unit]

    def __getitem__(self, username: str) -> User:
        return self.users[username]

    def unit(self, name: str) -> Unit:
        return self.units[name]

    def actor(self, username: str) -> Actor:
        return Actor.for_user(self.users[username])

    def client(self, username: str | None) -> APIClient:
        client = APIClient()
        if username is not None:
            client.force_authenticate(self.users[username])
        return client


def _load_personas() -> Personas | None:
    from backend.organisations.demo import ACCOUNTS, DIRECTORY

    unit_count = sum(len(specs) for _m, orgs in DIRECTORY.values() for *_o, specs in orgs)
    units = {u.name: u for u in Unit.objects.select_related("organisation")}
    users = {u.username: u for u in User.objects.filter(username__in=ACCOUNTS)}
    if len(units) != unit_count or len(users) != len(ACCOUNTS):
        return None
    return Personas(users=users, units=units)


# The audit tables refuse TRUNCATE (audit/migrations/0004), and a transactional test ends with
# a flush that truncates every table. Tests only: the test database's owner disables the audit
# triggers around the flush, inside the flush's own transaction (DDL is transactional on
# PostgreSQL). ALTER TABLE ... DISABLE TRIGGER needs ownership of the table, which the
# application's role in production does not have.
_AUDIT_TABLES = ("audit_auditevent", "audit_auditcheckpoint")


@pytest.fixture(scope="session", autouse=True)
def _flush_past_audit_triggers() -> Any:
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self: Any, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        statements = original(self, style, tables, **kwargs)
        audit = [t for t in _AUDIT_TABLES if t in tables]
        if not statements or not audit:
            return statements
        return [
            *(f"ALTER TABLE {t} DISABLE TRIGGER USER" for t in audit),
            *statements,
            *(f"ALTER TABLE {t} ENABLE TRIGGER USER" for t in audit),
        ]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The demo directory and accounts are built once per test database; each test runs in a
    transaction on top of them."""
    with django_db_blocker.unblock():
        build_accounts(build_directory(), PASSWORD)


@pytest.fixture(scope="module")
def module_db(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Personas]:
    """Data built once for a whole module (e.g. the world of a permission matrix), inside an
    outer transaction that is rolled back when the module ends. Each test still runs in its
    own savepoint inside it, so what one test changes never reaches the next."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        # As in Django's TestCase: actions open durable transactions inside it.
        outer._from_testcase = True  # type: ignore[attr-defined]
        outer.__enter__()
        try:
            personas = _load_personas()
            if personas is None:
                units = build_directory()
                personas = Personas(users=build_accounts(units, PASSWORD), units=units)
            yield personas
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def personas(db: Any) -> Personas:
    loaded = _load_personas()
    if loaded is None:  # a transactional test flushed the database: build them again
        units = build_directory()
        return Personas(users=build_accounts(units, PASSWORD), units=units)
    return loaded


@pytest.fixture(autouse=True)
def _swedish_by_default() -> Any:
    """A request in English (Accept-Language) leaves English active in the thread; every test
    starts in the default language, Swedish."""
    from django.utils import translation

    translation.activate("sv")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache() -> Any:
    """Throttle counters and other cached state never leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def new_personnummer() -> Any:
    """A fresh synthetic personnummer for a birth date (unique within the test run)."""

    def make(birth_date: datetime.date, *, coordination: bool = False) -> str:
        return synthetic_number(birth_date, next(_serials) % 1000, coordination=coordination)

    return make


class AuditLog:
    """The audit events written since the fixture was created (or since ``mark()``)."""

    def __init__(self) -> None:
        self.mark()

    def mark(self) -> None:
        from audit.models import AuditEvent

        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
        self._since = last or 0

    def new(self) -> list[Any]:
        from audit.models import AuditEvent

        return list(AuditEvent.objects.filter(id__gt=self._since).order_by("id"))

    def actions(self) -> list[tuple[str, str]]:
        return [(e.action, e.outcome) for e in self.new()]


@pytest.fixture
def audit_log(personas: Personas) -> AuditLog:
    return AuditLog()


def create_young_person(
    personas: Personas,
    registered_by: str = "socsek",
    *,
    birth_date: datetime.date = datetime.date(2011, 3, 2),
    guardians: int = 2,
    protected_identity: bool = False,
    given_name: str = "Test",
    family_name: str = "Testsson",
) -> Any:
    """Register a synthetic young person through the action, as a persona of a unit."""
    from backend.people.actions import GuardianInput, young_person_register
    from backend.people.models import Custody

    inputs = []
    if guardians == 2:
        inputs = [
            GuardianInput("Anna", family_name, Custody.JOINT),
            GuardianInput("Johan", family_name, Custody.JOINT),
        ]
    elif guardians == 1:
        inputs = [GuardianInput("Maria", family_name, Custody.SOLE)]
    young_person, _ = young_person_register(
        actor=personas.actor(registered_by),
        personnummer=synthetic_number(birth_date, next(_serials) % 1000),
        given_name=given_name,
        family_name=family_name,
        protected_identity=protected_identity,
        guardians=inputs,
    )
    return young_person


CASE_MEMBER_UNITS = {
    "rektor": "Exempelskolan rektor",
    "kommunpolis": "Kommunpolis Exempelby",
    "enhetschef": "IFO Barn och unga",
    "samordnare": "SSP-samordning",
    "larare": "Exempelskolan undervisning",
}


def create_case(
    personas: Personas, young_person: Any, *, members: tuple[str, ...] = ("rektor", "kommunpolis")
) -> Any:
    """A case led by social services (socsek) in which the school's rektor, the kommunpolis,
    the SSP coordination and the teaching unit participate."""
    from backend.cases.actions import case_create, case_member_add

    socsek = personas.actor("socsek")
    case = case_create(
        actor=socsek,
        young_person=young_person,
        lead_unit_id=personas.unit("IFO Barn och unga").pk,
        participating_unit_ids=[personas.unit(u).pk for u in CASE_MEMBER_UNITS.values()],
    )
    for username in members:
        case_member_add(
            actor=socsek,
            case=case,
            user_id=personas[username].pk,
            unit_id=personas.unit(CASE_MEMBER_UNITS[username]).pk,
        )
    return case


@pytest.fixture
def young_person_factory(personas: Personas) -> Any:
    def make(registered_by: str = "socsek", **kwargs: Any) -> Any:
        return create_young_person(personas, registered_by, **kwargs)

    return make


@pytest.fixture
def case_factory(personas: Personas, young_person_factory: Any) -> Any:
    def make(young_person: Any = None, *, members: tuple[str, ...] = ("rektor", "kommunpolis")):
        return create_case(personas, young_person or young_person_factory(), members=members)

    return make
