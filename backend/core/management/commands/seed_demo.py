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

from backend.accounts.models import User
from backend.cases.actions import case_create, case_member_add
from backend.cases.models import Case, CaseMember
from backend.core.actor import Actor
from backend.organisations.demo import ACCOUNTS, build_accounts, build_directory
from backend.organisations.models import Unit
from backend.people.actions import GuardianInput, young_person_register
from backend.people.identity import synthetic_number
from backend.people.models import Custody, YoungPerson


class Command(BaseCommand):
    help = "Load the demo municipalities, accounts and synthetic young people (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        password = os.environ.get("DEMO_PASSWORD") or ""
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        units = build_directory()
        users = build_accounts(units, password)
        self._people_and_cases(units, users)
        self.stdout.write(self.style.SUCCESS("Demodata klar: Exempelby och Grannby."))
        self.stdout.write(f"Konton: {', '.join(ACCOUNTS)}")
        if generated:
            self.stdout.write(f"Lösenord för alla demokonton (DEMO_PASSWORD saknades): {password}")

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
                        actor=socsek,
                        case=case,
                        user_id=users[username].pk,
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
