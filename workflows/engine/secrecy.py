"""The source secrecy: which rule protects the information where it is held.

The table is scenarios/README.md "Source secrecy" (with legal-rules.md §1.1), kept as data:
rows are tried in order and the first match decides. A row that the README marks as a
cautious reading says so in its ``why``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from workflows.engine.types import Agency, Category, Operator, Party, Unit


class Secrecy(StrEnum):
    NONE = "none"  # not secret at the source (G00)
    OSL_23_2_P1 = "osl_23_2_p1"  # elevhälsa: psychological, psychosocial, special-educational
    OSL_23_2_P2 = "osl_23_2_p2"  # pupil support and disciplinary cases at a municipal school
    OSL_23_2_P3 = "osl_23_2_p3"  # identity and address of a pupil with protected identity
    OSL_25_1 = "osl_25_1"  # health care, including the medical elevhälsa (EMI)
    OSL_26_1 = "osl_26_1"  # social services
    OSL_26_3 = "osl_26_3"  # family counselling (absolute)
    SKOLL_29_14 = "skoll_29_14"  # independent school: tystnadsplikt
    PSL_6_12 = "psl_6_12"  # independent school's medical elevhälsa: tystnadsplikt
    OSL_18_2 = "osl_18_2"  # police intelligence (protects police work, not the individual)
    OSL_35_1 = "osl_35_1"  # police: personal data in investigations and registers
    OSL_35_3 = "osl_35_3"  # belastningsregistret (absolute; OSL 10 and 12 kap. do not apply)


SECRECY_PROVISIONS: dict[Secrecy, str] = {
    Secrecy.NONE: "ingen sekretess",
    Secrecy.OSL_23_2_P1: "OSL 23 kap. 2 § första stycket",
    Secrecy.OSL_23_2_P2: "OSL 23 kap. 2 § andra stycket",
    Secrecy.OSL_23_2_P3: "OSL 23 kap. 2 § tredje stycket och 21 kap. 3 §",
    Secrecy.OSL_25_1: "OSL 25 kap. 1 §",
    Secrecy.OSL_26_1: "OSL 26 kap. 1 §",
    Secrecy.OSL_26_3: "OSL 26 kap. 3 §",
    Secrecy.SKOLL_29_14: "SkolL 29 kap. 14 §",
    Secrecy.PSL_6_12: "PSL 6 kap. 12 §",
    Secrecy.OSL_18_2: "OSL 18 kap. 2 §",
    Secrecy.OSL_35_1: "OSL 35 kap. 1 §",
    Secrecy.OSL_35_3: "OSL 35 kap. 3 §",
}

# Secrecy under which no ground at all applies: OSL 35:3 shuts out OSL 10 kap. (so also the
# duties broken through 10:28) and 12 kap. (consent) (legal-rules.md §1.1, §2.1, §3.9).
ABSOLUTE_SECRECIES: frozenset[Secrecy] = frozenset({Secrecy.OSL_35_3})

TEACHING_UNITS = frozenset({Unit.TEACHING, Unit.PRINCIPAL})
ANY = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SecrecyRow:
    agency: Agency
    secrecy: Secrecy
    why: str
    operator: Operator | None = ANY
    units: frozenset[Unit] | None = ANY
    categories: frozenset[Category] | None = ANY
    protected_identity: bool | None = ANY

    def matches(self, party: Party, category: Category, protected_identity: bool) -> bool:
        return (
            party.agency is self.agency
            and (self.operator is None or party.operator is self.operator)
            and (self.units is None or party.unit in self.units)
            and (self.categories is None or category in self.categories)
            and (self.protected_identity is None or protected_identity is self.protected_identity)
        )


SECRECY_TABLE: tuple[SecrecyRow, ...] = (
    # Protected identity first: even attendance tells where the pupil is.
    SecrecyRow(
        agency=Agency.SCHOOL,
        operator=Operator.MUNICIPAL,
        units=TEACHING_UNITS,
        protected_identity=True,
        secrecy=Secrecy.OSL_23_2_P3,
        why="README: protected identity makes any school information secret (OSL 23:2, 21:3)",
    ),
    SecrecyRow(
        agency=Agency.SCHOOL,
        operator=Operator.INDEPENDENT,
        units=TEACHING_UNITS,
        protected_identity=True,
        secrecy=Secrecy.SKOLL_29_14,
        why="README: protected identity at an independent school is treated as SkolL 29:14",
    ),
    SecrecyRow(
        agency=Agency.SCHOOL,
        operator=Operator.MUNICIPAL,
        units=TEACHING_UNITS,
        categories=frozenset(
            {Category.ATTENDANCE, Category.SCHOOL_SITUATION, Category.CONTACT_DETAILS}
        ),
        secrecy=Secrecy.NONE,
        why="OSL 23:2 does not cover attendance, grades or ordinary contact details (G00)",
    ),
    SecrecyRow(
        agency=Agency.SCHOOL,
        operator=Operator.MUNICIPAL,
        units=TEACHING_UNITS,
        secrecy=Secrecy.OSL_23_2_P2,
        why="README: treated as secret, the engine cannot weigh the straight harm test",
    ),
    SecrecyRow(
        agency=Agency.SCHOOL,
        operator=Operator.MUNICIPAL,
        units=frozenset({Unit.STUDENT_HEALTH_PSYCHOSOCIAL}),
        secrecy=Secrecy.OSL_23_2_P1,
        why="OSL 23:2 1st para: elevhälsa (kurator, psychologist, special educator)",
    ),
    SecrecyRow(
        agency=Agency.SCHOOL,
        operator=Operator.MUNICIPAL,
        units=frozenset({Unit.STUDENT_HEALTH_MEDICAL}),
        secrecy=Secrecy.OSL_25_1,
        why="OSL 25:1: the medical elevhälsa is health care, secret even towards the rektor",
    ),
    SecrecyRow(
        agency=Agency.SCHOOL,
        operator=Operator.INDEPENDENT,
        units=TEACHING_UNITS,
        categories=frozenset({Category.ATTENDANCE, Category.SCHOOL_SITUATION}),
        secrecy=Secrecy.NONE,
        why="SkolL 29:14 2nd para does not cover attendance or grades (G00)",
    ),
    SecrecyRow(
        agency=Agency.SCHOOL,
        operator=Operator.INDEPENDENT,
        units=frozenset({Unit.STUDENT_HEALTH_MEDICAL}),
        secrecy=Secrecy.PSL_6_12,
        why="PSL 6:12: private health care staff",
    ),
    SecrecyRow(
        agency=Agency.SCHOOL,
        operator=Operator.INDEPENDENT,
        secrecy=Secrecy.SKOLL_29_14,
        why="README: a cautious reading; what a teacher learns about a family usually comes "
        "through pupil-support work",
    ),
    SecrecyRow(
        agency=Agency.SOCIAL_SERVICES,
        units=frozenset({Unit.FAMILY_COUNSELLING}),
        secrecy=Secrecy.OSL_26_3,
        why="OSL 26:3: information given in confidence in family counselling (absolute)",
    ),
    SecrecyRow(
        agency=Agency.SOCIAL_SERVICES,
        secrecy=Secrecy.OSL_26_1,
        why="OSL 26:1: social services, reverse harm test",
    ),
    SecrecyRow(
        agency=Agency.POLICE,
        categories=frozenset({Category.CRIMINAL_RECORD}),
        secrecy=Secrecy.OSL_35_3,
        why="OSL 35:3: belastningsregistret (absolute)",
    ),
    SecrecyRow(
        agency=Agency.POLICE,
        units=frozenset({Unit.INTELLIGENCE}),
        secrecy=Secrecy.OSL_18_2,
        why="OSL 18:2: criminal intelligence",
    ),
    SecrecyRow(
        agency=Agency.POLICE,
        categories=frozenset({Category.POLICE_INTELLIGENCE}),
        secrecy=Secrecy.OSL_18_2,
        why="OSL 18:2: criminal intelligence",
    ),
    SecrecyRow(
        agency=Agency.POLICE,
        secrecy=Secrecy.OSL_35_1,
        why="OSL 35:1: personal data in investigations and crime-prevention work",
    ),
)


@lru_cache(maxsize=4096)
def source_secrecy(party: Party, category: Category, *, protected_identity: bool) -> Secrecy:
    """The secrecy protecting ``category`` at ``party``; ValueError for a non-discloser."""
    if party.unit is None:
        raise ValueError(f"a discloser needs a unit, got agency {party.agency.value!r} alone")
    category = Category(category)
    for row in SECRECY_TABLE:
        if row.matches(party, category, protected_identity):
            return row.secrecy
    raise ValueError(f"{party.ref} does not hold information as a discloser")
