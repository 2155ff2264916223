"""The demo directory: municipalities, organisations, units and the demo accounts of api.md.

Used by ``seed_demo`` and by the test suite's personas, so that tests and demo agree.
All names are invented; email addresses use the reserved .invalid domain.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db import transaction

from backend.accounts.models import User
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

# (municipality code, organisation, agency, operator, [(unit name, kind)])
DIRECTORY: dict[str, tuple[str, list[tuple[str, str, str, list[tuple[str, str]]]]]] = {
    "9901": (
        "Exempelby",
        [
            (
                "Exempelskolan",
                Agency.SCHOOL,
                Operator.MUNICIPAL,
                [
                    ("Exempelskolan undervisning", UnitKind.TEACHING),
                    ("Exempelskolan rektor", UnitKind.PRINCIPAL),
                    ("Exempelskolan elevhälsa psykosocial", UnitKind.STUDENT_HEALTH_PSYCHOSOCIAL),
                    ("Exempelskolan elevhälsa medicinsk", UnitKind.STUDENT_HEALTH_MEDICAL),
                ],
            ),
            (
                "Friskolan Exempelby",
                Agency.SCHOOL,
                Operator.INDEPENDENT,
                [
                    ("Friskolan undervisning", UnitKind.TEACHING),
                    ("Friskolan rektor", UnitKind.PRINCIPAL),
                    ("Friskolan elevhälsa medicinsk", UnitKind.STUDENT_HEALTH_MEDICAL),
                ],
            ),
            (
                "Socialtjänsten Exempelby",
                Agency.SOCIAL_SERVICES,
                "",
                [
                    ("IFO Barn och unga", UnitKind.CHILD_AND_YOUTH),
                    ("IFO Vuxen", UnitKind.ADULT),
                    ("Fältgruppen", UnitKind.OUTREACH),
                ],
            ),
            (
                "Polisen lokalpolisområde Exempelby",
                Agency.POLICE,
                "",
                [
                    ("Kommunpolis Exempelby", UnitKind.LOCAL_POLICE),
                    ("Utredning Exempelby", UnitKind.INVESTIGATION),
                ],
            ),
            (
                "Kommunledningen Exempelby",
                Agency.MUNICIPAL_ADMINISTRATION,
                "",
                [
                    ("SSP-samordning", UnitKind.SSP_COORDINATION),
                    ("Granskning och dataskydd", UnitKind.AUDIT),
                    ("IT-enheten", UnitKind.IT),
                ],
            ),
        ],
    ),
    "9902": (
        "Grannby",
        [
            (
                "Socialtjänsten Grannby",
                Agency.SOCIAL_SERVICES,
                "",
                [
                    ("Grannby barn och unga", UnitKind.CHILD_AND_YOUTH),
                ],
            ),
            (
                "Grannbyskolan",
                Agency.SCHOOL,
                Operator.MUNICIPAL,
                [
                    ("Grannbyskolan undervisning", UnitKind.TEACHING),
                ],
            ),
        ],
    ),
}

# username: (full name, [(unit name, role, title)])
ACCOUNTS: dict[str, tuple[str, list[tuple[str, str, str]]]] = {
    "larare": ("Lena Lärare", [("Exempelskolan undervisning", Role.STAFF, "Lärare och mentor")]),
    "rektor": ("Rolf Rektor", [("Exempelskolan rektor", Role.DECISION_MAKER, "Rektor")]),
    "kurator": ("Karin Kurator", [("Exempelskolan elevhälsa psykosocial", Role.STAFF, "Kurator")]),
    "skolskoterska": (
        "Sara Skolsköterska",
        [("Exempelskolan elevhälsa medicinsk", Role.STAFF, "Skolsköterska")],
    ),
    "friskola.mentor": ("Fredrik Mentor", [("Friskolan undervisning", Role.STAFF, "Mentor")]),
    "friskola.skolskoterska": (
        "Frida Skolsköterska",
        [("Friskolan elevhälsa medicinsk", Role.STAFF, "Skolsköterska")],
    ),
    "socsek": ("Sofia Socialsekreterare", [("IFO Barn och unga", Role.STAFF, "Socialsekreterare")]),
    "enhetschef": ("Erik Enhetschef", [("IFO Barn och unga", Role.DECISION_MAKER, "Enhetschef")]),
    "kommunpolis": ("Kim Kommunpolis", [("Kommunpolis Exempelby", Role.STAFF, "Kommunpolis")]),
    "polis.beslut": (
        "Petra Polischef",
        [("Kommunpolis Exempelby", Role.DECISION_MAKER, "Gruppchef")],
    ),
    "samordnare": ("Sam Samordnare", [("SSP-samordning", Role.COORDINATOR, "SSP-samordnare")]),
    "granskare": ("Gunnel Granskare", [("Granskning och dataskydd", Role.AUDITOR, "Granskare")]),
    "admin": ("Adam Administratör", [("IT-enheten", Role.ADMINISTRATOR, "Systemförvaltare")]),
    "grannby.socsek": (
        "Greta Grannby",
        [("Grannby barn och unga", Role.STAFF, "Socialsekreterare")],
    ),
}


@transaction.atomic
def build_directory() -> dict[str, Unit]:
    """Create what is missing; return the units by name."""
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
def build_accounts(units: dict[str, Unit], password: str) -> dict[str, User]:
    """Create the demo accounts that are missing and set every demo account's password."""
    users: dict[str, User] = {}
    for username, (full_name, memberships) in ACCOUNTS.items():
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "email": f"{username}@exempelby.invalid"},
        )
        user.set_password(password)
        # The administrator manages organisations and accounts in the Django admin: staff,
        # never superuser (a superuser would pass every object permission check).
        user.is_staff = username == "admin"
        user.is_superuser = False
        user.save(update_fields=["password", "is_staff", "is_superuser"])
        if user.is_staff:
            user.user_permissions.set(
                Permission.objects.filter(content_type__app_label__in=["organisations", "accounts"])
            )
        for unit_name, role, title in memberships:
            Membership.objects.get_or_create(
                user=user, unit=units[unit_name], role=role, defaults={"title": title}
            )
        users[username] = user
    return users
