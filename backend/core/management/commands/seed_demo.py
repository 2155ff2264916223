"""Demo data: Exempelby and Grannby, the demo accounts of api.md, synthetic young people.

Idempotent: running it again changes nothing except the demo accounts' password, which is
always set to DEMO_PASSWORD (or to a new random one, printed, when DEMO_PASSWORD is unset).
All people are synthetic; personnummer serials 980-999 are used for demo data.
"""

from __future__ import annotations

import datetime
import os
import secrets
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from backend.accounts.models import User
from backend.cases.actions import case_create, case_member_add
from backend.cases.models import Case, CaseMember
from backend.core.actor import Actor
from backend.organisations.models import (
    Agency,
    Membership,
    Municipality,
    Operator,
    Organisation,
    Role,
    Unit,
    UnitKind,
)
from backend.people.actions import GuardianInput, young_person_register
from backend.people.identity import synthetic_number
from backend.people.models import Custody, YoungPerson

# (municipality code, organisation, agency, operator, [(unit name, kind)])
DIRECTORY: dict[str, tuple[str, list[tuple[str, str, str, list[tuple[str, str]]]]]] = {
    "9901": (
        "Exempelby",
        [
            ("Exempelskolan", Agency.SCHOOL, Operator.MUNICIPAL, [
                ("Exempelskolan undervisning", UnitKind.TEACHING),
                ("Exempelskolan rektor", UnitKind.PRINCIPAL),
                ("Exempelskolan elevhälsa psykosocial", UnitKind.STUDENT_HEALTH_PSYCHOSOCIAL),
                ("Exempelskolan elevhälsa medicinsk", UnitKind.STUDENT_HEALTH_MEDICAL),
            ]),
            ("Friskolan Exempelby", Agency.SCHOOL, Operator.INDEPENDENT, [
                ("Friskolan undervisning", UnitKind.TEACHING),
                ("Friskolan rektor", UnitKind.PRINCIPAL),
            ]),
            ("Socialtjänsten Exempelby", Agency.SOCIAL_SERVICES, "", [
                ("IFO Barn och unga", UnitKind.CHILD_AND_YOUTH),
                ("IFO Vuxen", UnitKind.ADULT),
                ("Fältgruppen", UnitKind.OUTREACH),
            ]),
            ("Polisen lokalpolisområde Exempelby", Agency.POLICE, "", [
                ("Kommunpolis Exempelby", UnitKind.LOCAL_POLICE),
                ("Utredning Exempelby", UnitKind.INVESTIGATION),
            ]),
            ("Kommunledningen Exempelby", Agency.MUNICIPAL_ADMINISTRATION, "", [
                ("SSP-samordning", UnitKind.SSP_COORDINATION),
                ("Granskning och dataskydd", UnitKind.AUDIT),
                ("IT-enheten", UnitKind.IT),
            ]),
        ],
    ),
    "9902": (
        "Grannby",
        [
            ("Socialtjänsten Grannby", Agency.SOCIAL_SERVICES, "", [
                ("Grannby barn och unga", UnitKind.CHILD_AND_YOUTH),
            ]),
            ("Grannbyskolan", Agency.SCHOOL, Operator.MUNICIPAL, [
                ("Grannbyskolan undervisning", UnitKind.TEACHING),
            ]),
        ],
    ),
}

# username: (full name, [(unit name, role, title)])
ACCOUNTS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "larare": ("Lena Lärare", [("Exempelskolan undervisning", Role.STAFF, "Lärare och mentor")]),
    "rektor": ("Rolf Rektor", [("Exempelskolan rektor", Role.DECISION_MAKER, "Rektor")]),
    "kurator": ("Karin Kurator", [
        ("Exempelskolan elevhälsa psykosocial", Role.STAFF, "Kurator")]),
    "skolskoterska": ("Sara Skolsköterska", [
        ("Exempelskolan elevhälsa medicinsk", Role.STAFF, "Skolsköterska")]),
    "friskola.mentor": ("Fredrik Mentor", [("Friskolan undervisning", Role.STAFF, "Mentor")]),
    "socsek": ("Sofia Socialsekreterare", [
        ("IFO Barn och unga", Role.STAFF, "Socialsekreterare")]),
    "enhetschef": ("Erik Enhetschef", [("IFO Barn och unga", Role.DECISION_MAKER, "Enhetschef")]),
    "kommunpolis": ("Kim Kommunpolis", [("Kommunpolis Exempelby", Role.STAFF, "Kommunpolis")]),
    "polis.beslut": ("Petra Polischef", [
        ("Kommunpolis Exempelby", Role.DECISION_MAKER, "Gruppchef")]),
    "samordnare": ("Sam Samordnare", [("SSP-samordning", Role.COORDINATOR, "SSP-samordnare")]),
    "granskare": ("Gunnel Granskare", [("Granskning och dataskydd", Role.AUDITOR, "Granskare")]),
    "admin": ("Adam Administratör", [("IT-enheten", Role.ADMINISTRATOR, "Systemförvaltare")]),
    "grannby.socsek": ("Greta Grannby", [
        ("Grannby barn och unga", Role.STAFF, "Socialsekreterare")]),
}


class Command(BaseCommand):
    help = "Load the demo municipalities, accounts and synthetic young people (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("DEMO_PASSWORD") or ""
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        units = self._directory()
        users = self._accounts(units, password)
        self._people_and_cases(units, users)
        self.stdout.write(self.style.SUCCESS("Demodata klar: Exempelby och Grannby."))
        self.stdout.write(f"Konton: {', '.join(ACCOUNTS)}")
        if generated:
            self.stdout.write(f"Lösenord för alla demokonton (DEMO_PASSWORD saknades): {password}")

    @transaction.atomic
    def _directory(self) -> dict[str, Unit]:
        units: dict[str, Unit] = {}
        for code, (name, organisations) in DIRECTORY.items():
            municipality, _ = Municipality.objects.get_or_create(code=code, defaults={"name": name})
            for org_name, agency, operator, unit_specs in organisations:
                organisation, _ = Organisation.objects.get_or_create(
                    municipality=municipality,
                    name=org_name,
                    defaults={"agency": agency, "operator": operator},
                )
                for unit_name, kind in unit_specs:
                    unit, _ = Unit.objects.get_or_create(
                        organisation=organisation, name=unit_name, defaults={"kind": kind}
                    )
                    units[unit_name] = unit
        return units

    @transaction.atomic
    def _accounts(self, units: dict[str, Unit], password: str) -> dict[str, User]:
        users: dict[str, User] = {}
        for username, (full_name, memberships) in ACCOUNTS.items():
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={"full_name": full_name, "email": f"{username}@exempelby.invalid"},
            )
            user.set_password(password)
            # The administrator manages organisations and accounts in the Django admin; they are
            # staff but never superuser (a superuser would pass every object permission).
            user.is_staff = username == "admin"
            user.is_superuser = False
            user.save(update_fields=["password", "is_staff", "is_superuser"])
            if username == "admin":
                from django.contrib.auth.models import Permission

                user.user_permissions.set(
                    Permission.objects.filter(
                        content_type__app_label__in=["organisations", "accounts"]
                    )
                )
            for unit_name, role, title in memberships:
                Membership.objects.get_or_create(
                    user=user, unit=units[unit_name], role=role, defaults={"title": title}
                )
            users[username] = user
        return users

    def _people_and_cases(self, units: dict[str, Unit], users: dict[str, User]) -> None:
        socsek = Actor.for_user(users["socsek"])
        elias, _ = self._young_person(
            socsek,
            datetime.date(2011, 3, 2),
            980,
            "Elias",
            "Exempelsson",
            guardians=[
                GuardianInput("Anna", "Exempelsson", Custody.JOINT),
                GuardianInput("Johan", "Exempelsson", Custody.JOINT),
            ],
        )
        self._young_person(
            Actor.for_user(users["larare"]),
            datetime.date(2016, 4, 12),
            982,
            "Nora",
            "Testdotter",
            guardians=[GuardianInput("Maria", "Testdotter", Custody.SOLE)],
        )
        self._young_person(
            socsek,
            datetime.date(2009, 7, 17),
            984,
            "Liam",
            "Provsson",
            protected=True,
            guardians=[
                GuardianInput("Eva", "Provsson", Custody.JOINT),
                GuardianInput("Omar", "Provsson", Custody.JOINT),
            ],
        )
        self._young_person(
            Actor.for_user(users["grannby.socsek"]),
            datetime.date(2012, 9, 9),
            986,
            "Alva",
            "Grannbysson",
            guardians=[GuardianInput("Lisa", "Grannbysson", Custody.SOLE)],
        )
        if not Case.objects.filter(young_person=elias).exists():
            case = case_create(
                actor=socsek,
                young_person=elias,
                lead_unit_id=units["IFO Barn och unga"].pk,
                participating_unit_ids=[
                    units["Exempelskolan rektor"].pk,
                    units["Kommunpolis Exempelby"].pk,
                    units["SSP-samordning"].pk,
                ],
            )
            for username, unit_name in [
                ("enhetschef", "IFO Barn och unga"),
                ("rektor", "Exempelskolan rektor"),
                ("kommunpolis", "Kommunpolis Exempelby"),
                ("samordnare", "SSP-samordning"),
            ]:
                if not CaseMember.objects.filter(case=case, user=users[username]).exists():
                    case_member_add(
                        actor=socsek, case=case, user_id=users[username].pk,
                        unit_id=units[unit_name].pk,
                    )

    def _young_person(
        self,
        actor: Actor,
        birth_date: datetime.date,
        serial: int,
        given_name: str,
        family_name: str,
        *,
        guardians: list[GuardianInput],
        protected: bool = False,
    ) -> tuple[YoungPerson, bool]:
        return young_person_register(
            actor=actor,
            personnummer=synthetic_number(birth_date, serial),
            given_name=given_name,
            family_name=family_name,
            protected_identity=protected,
            guardians=guardians,
        )
