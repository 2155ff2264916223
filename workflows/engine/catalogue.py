"""The grounds for disclosure G00–G26 as versioned data (legal-rules.md §2, §0.4).

Each ground is a list of versions with in-force dates. A version names its provision, who may
disclose to whom, which source secrecies it breaks, the conditions (age, purpose, facts, crime
thresholds), the outcome it gives and the assessment a human must still document. The engine
(evaluate.py) only interprets this data; the law lives here.

Where legal-rules.md leaves a question to the implementer, the acceptance table's reading
(scenarios/README.md "How the table reads the law") is recorded in ``READINGS`` and referred to
by id from the version that relies on it, so a municipality's lawyer can find and revisit each
one in one place.

Dates are inclusive. ``valid_from=None`` means "in force before the period this catalogue
covers" (the law as read in legal-rules.md, up to SFS 2025:1508).
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

from workflows.engine.secrecy import Secrecy
from workflows.engine.types import (
    Category,
    CrimeStatus,
    Offence,
    Outcome,
    Party,
    Perpetrator,
    Purpose,
)

CATALOGUE_VERSION = "2025-12-16.1"
"""Law read up to SFS 2025:1508 (OSL), 2025:1501 (SoL), 2025:1497 (SkolL); legal-rules.md §0.
Bump on any change to a ground, a version or a reading; the audit log records it."""


class Assessment(StrEnum):
    """The legal test a decision-maker must document before disclosing (legal-rules §0.1)."""

    NOT_INAPPROPRIATE = "inte olämpligt"
    OBVIOUS_PRECEDENCE = "uppenbart företräde"
    PREDOMINANT_REASONS = "övervägande skäl"
    NECESSARY = "nödvändigt"
    CONCRETE_CIRCUMSTANCES = "konkreta omständigheter"
    INTEREST_OUTWEIGHS = "intresseavvägning"
    DUTY_TRIGGER = "anmälningsplikt utlöst"


class GroundKind(StrEnum):
    RULE = "rule"  # conditions below decide
    NOT_SECRET = "not_secret"  # noqa: S105 - not a password  # G00: applies exactly where the source secrecy is NONE
    CONSENT = "consent"  # G01: the consent evaluator decides
    DUTY_BRIDGE = "duty_bridge"  # G18: applies where a duty (G02–G05, G22) applies
    NOT_MODELLED = "not_modelled"  # G10: a condition the vocabulary cannot express


# --------------------------------------------------------------------------------------------
# Readings (scenarios/README.md "How the table reads the law")
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    id: str
    text: str
    source: str


READINGS: Mapping[str, Reading] = {
    r.id: r
    for r in (
        Reading(
            "rows_over_summary",
            "Where legal-rules §0.3 differs from the ground rows of §2, the rows hold.",
            "scenarios/README.md 'How the table reads the law'",
        ),
        Reading(
            "independent_school",
            "Independent schools are not public authorities: as disclosers they cannot use "
            "the OSL 10 kap. grounds G06–G24 other than the duties G02, G03 and G22; as "
            "recipients they cannot receive under G16 or G17. Consent works both ways.",
            "README 'How the table reads the law'; legal-rules §0.2, G17, G25",
        ),
        Reading(
            "consent_grantors",
            "Required grantors: under 12 every custodial guardian; 12–17 every custodial "
            "guardian and the child; 18+ the young person alone. Exact ages.",
            "README 'Consent (G01)'; legal-rules §3.1–3.2",
        ),
        Reading(
            "consent_validity",
            "A consent counts when granted, given_on <= date <= valid_until (a null end date "
            "never counts), not withdrawn on or before the date, and it covers recipient, "
            "category and purpose. A refusal by any required grantor blocks consent.",
            "README 'Consent (G01)'; legal-rules §3.4, §3.6, §3.7",
        ),
        Reading(
            "consent_mature_minor_review",
            "A 15–17-year-old consenting alone (guardians have not all consented, none "
            "refused) to care_or_support for psychosocial or health information: REVIEW.",
            "README 'Consent (G01)'; legal-rules §3.1 (15–17 row)",
        ),
        Reading(
            "consent_family_counselling_review",
            "Valid consent for family counselling information (OSL 26:3): REVIEW.",
            "README 'Consent (G01)'",
        ),
        Reading(
            "consent_not_consentable",
            "Consent never lifts OSL 35:3 (criminal records) nor police secrecy under OSL "
            "18 kap. (it protects police work, which the young person cannot waive).",
            "README 'Consent (G01)'; legal-rules §3.9",
        ),
        Reading(
            "consent_suspected_guardian",
            "A guardian named in guardian_suspected_of_harm is not a required grantor and is "
            "never asked (OSL 12:3 p. 1). Oral and written consents count alike.",
            "README 'Consent (G01)'; legal-rules §3.1, §3.5",
        ),
        Reading(
            "g02_g03_senders",
            "G02: a school (any operator and unit) or police disclosing to social services "
            "about a person under 18 with child_at_risk. G03: the same senders with "
            "investigation_opened (a child investigation, so also under 18).",
            "README 'Duties and other grounds'",
        ),
        Reading(
            "g05",
            "G05: police to social services, the subject under 18 and suspected (committed, "
            "attempt or preparation) of a crime with imprisonment in the scale.",
            "README 'Duties and other grounds'",
        ),
        Reading(
            "g22_under_15",
            "G22 from 2025-07-01: MANDATORY_REPORT when the pupil is 15 or older, REVIEW "
            "under 15 (whether the duty covers younger pupils is open).",
            "README 'Duties and other grounds'; legal-rules §6 item 10",
        ),
        Reading(
            "g15_before_2025_04",
            "G15 before 2025-04-01: REVIEW (the older wording asked whether a sanction other "
            "than fines was expected, which the engine cannot know).",
            "README 'Duties and other grounds'",
        ),
        Reading(
            "g16_review",
            "G16 from 2025-12-01: REVIEW wherever its conditions hold (public authorities on "
            "both sides, a crime purpose, source secrecy OSL 23:2, 26:1 or 35:1), also when a "
            "stronger ground decides.",
            "README 'Duties and other grounds'; legal-rules G16, §6 item 2",
        ),
        Reading(
            "g17_interest",
            "G17 is offered only where available (public authorities on both sides; source "
            "secrecy OSL 23:2, 35:1 or 18 kap.) and an interest the clause can weigh is on "
            "record: imminent_danger, concrete_risk_of_crime, necessary_for_care_or_support, "
            "child_at_risk, terrorism_risk, risk_of_violence_against_close_relative or a crime.",
            "README 'Duties and other grounds'",
        ),
        Reading(
            "g23_review",
            "G23 (law 2025:170, scope unverified) from 2025-04-01: REVIEW for a school unit "
            "other than medical student health disclosing secret information to a "
            "law-enforcement recipient for a crime purpose.",
            "README 'Duties and other grounds'; legal-rules §0.4, G23",
        ),
        Reading(
            "imminent_danger",
            "imminent_danger with no ground at all: REVIEW with no ground (nödrätt, BrB 24:4, "
            "is for a human to weigh).",
            "README 'Duties and other grounds'",
        ),
        Reading(
            "thresholds",
            "G14: committed crime minimum penalty >= 12 months and attempt/preparation >= 24 "
            "months before 2025-04-01, >= 6 and >= 12 months from then; G07 adds customs from "
            "2025-04-01; G12 covers attempt and preparation from 2025-12-01.",
            "README 'Duties and other grounds'; legal-rules §0.4",
        ),
        Reading(
            "g11_allow",
            "G11 gives ALLOW: the fact found_in_acute_danger itself records that an immediate "
            "police intervention is needed.",
            "README 'What each ground gives'",
        ),
        Reading(
            "private_actor_review",
            "An independent school (SkolL 29:14) or its medical elevhälsa (PSL 6:12) reporting "
            "a crime or a crime risk to law enforcement without consent or a duty: no express "
            "rule, a private actor -> REVIEW.",
            "legal-rules §0.1 (REVIEW), §1.1 (PSL 6:12 row), table 2.2 (friskola row), G25, G26",
        ),
        Reading(
            "absolute_secrecy",
            "OSL 35:3 (belastningsregistret): OSL 10 and 12 kap. do not apply, so no ground "
            "of this catalogue (not even a duty through OSL 10:28, nor consent) reaches it.",
            "legal-rules §1.1, §2.1, §3.9",
        ),
    )
}

# --------------------------------------------------------------------------------------------
# Named sets used by the grounds and the evaluator
# --------------------------------------------------------------------------------------------

LAW_ENFORCEMENT: frozenset[str] = frozenset({"police", "security_police", "customs", "prosecutor"})
"""README: law-enforcement recipients."""

CRIME_PURPOSES: frozenset[Purpose] = frozenset(
    {Purpose.CRIME_PREVENTION, Purpose.CRIME_INVESTIGATION}
)
"""README: crime purposes."""

G17_INTEREST_FACTS: tuple[str, ...] = (
    "imminent_danger",
    "concrete_risk_of_crime",
    "necessary_for_care_or_support",
    "child_at_risk",
    "terrorism_risk",
    "risk_of_violence_against_close_relative",
    "crime",
)
"""Reading g17_interest: the interests OSL 10:27 can weigh ("crime" = a crime is on record)."""

CRIME_RISK_FACTS: tuple[str, ...] = (
    "crime",
    "concrete_risk_of_crime",
    "terrorism_risk",
    "risk_of_violence_against_close_relative",
)
"""Reading private_actor_review: a crime or a crime risk is on record."""

OSL_23_2: frozenset[Secrecy] = frozenset(
    {Secrecy.OSL_23_2_P1, Secrecy.OSL_23_2_P2, Secrecy.OSL_23_2_P3}
)

# Consent (README "Consent (G01)", legal-rules §3.1): ages are exact.
CHILD_CONSENT_FROM_AGE = 12  # from the 12th birthday the child consents together with guardians
ADULT_AGE = 18  # guardianship ends; the young person alone (FB 6:2, SoL 3:1)
MATURE_MINOR_REVIEW_FROM_AGE = 15
MATURE_MINOR_REVIEW_PURPOSES: frozenset[Purpose] = frozenset({Purpose.CARE_OR_SUPPORT})
MATURE_MINOR_REVIEW_CATEGORIES: frozenset[Category] = frozenset(
    {Category.PSYCHOSOCIAL, Category.HEALTH}
)
CONSENT_REVIEW_SECRECIES: frozenset[Secrecy] = frozenset({Secrecy.OSL_26_3})
NOT_CONSENTABLE_SECRECIES: frozenset[Secrecy] = frozenset({Secrecy.OSL_35_3, Secrecy.OSL_18_2})
# legal-rules §3.9 speaks of belastningsregistret as information, whoever holds it.
NOT_CONSENTABLE_CATEGORIES: frozenset[Category] = frozenset({Category.CRIMINAL_RECORD})

DUTY_GROUNDS: frozenset[str] = frozenset({"G02", "G03", "G04", "G05", "G22"})
"""Duties broken through OSL 10:28 (G18)."""


# --------------------------------------------------------------------------------------------
# Ground and version
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CrimeCondition:
    statuses: frozenset[CrimeStatus]
    offences: frozenset[Offence] | None = None
    perpetrator: Perpetrator | None = None
    victim_under: int | None = None  # the victim must be under this age
    victim_age_may_be_unknown: bool = False  # the offence itself names a minor (OSL 10:22)
    # Minimum penalty of the completed offence, in months, by status (OSL 10:23).
    min_penalty_months: Mapping[CrimeStatus, int] | None = None
    imprisonment_in_scale: bool = False
    in_connection_with_school: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Version:
    valid_from: date | None
    valid_to: date | None = None
    provision: str
    outcome: Outcome
    assessment: Assessment | None = None
    # Parties: refs "agency" or "agency:unit"; None = anyone.
    senders: frozenset[str] | None = None
    sender_authority: bool = False  # the discloser must be a myndighet (OSL applies)
    recipients: frozenset[str] | None = None
    recipient_authority: bool = False
    same_authority: bool = False  # both parties inside one authority (OSL 25:13 a)
    # Source secrecies the ground breaks; None = any (including none), never an absolute one.
    secrecies: frozenset[Secrecy] | None = None
    under_age: int | None = None  # the subject must be under this age on the date
    purposes: frozenset[Purpose] | None = None
    excluded_purposes: frozenset[Purpose] = frozenset()
    facts_all: tuple[str, ...] = ()
    facts_any: tuple[str, ...] = ()
    crime: CrimeCondition | None = None
    # (age, outcome): below that age the ground gives this outcome instead (G22).
    outcome_under_age: tuple[int, Outcome] | None = None
    review_reason: str | None = None  # message code explaining a REVIEW outcome
    unmodelled_condition: str | None = None  # GroundKind.NOT_MODELLED
    readings: tuple[str, ...] = ()

    def in_force_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Ground:
    id: str
    kind: GroundKind
    versions: tuple[Version, ...]
    # Facts which, when they are the only thing missing, make the ground worth suggesting.
    suggest_facts: tuple[str, ...] = field(default=())

    def version_on(self, day: date) -> Version | None:
        for version in self.versions:
            if version.in_force_on(day):
                return version
        return None

    @property
    def in_force_from(self) -> date | None:
        return self.versions[0].valid_from

    @property
    def provision(self) -> str:
        """The current provision (the latest version)."""
        return self.versions[-1].provision


def _day_before(day: date) -> date:
    return day - timedelta(days=1)


# In-force dates of legal-rules.md §0.4.
SFS_2025_179 = date(2025, 4, 1)  # OSL 10:18 a–c, 21–24 amended; law 2025:170
SOL_2025_400 = date(2025, 7, 1)  # new Socialtjänstlag; SkolL 6 a kap. (Skolor mot brott)
SFS_2025_934 = date(2025, 12, 1)  # OSL 10:15 a; OSL 10:21 widened (SFS 2025:965)

_ATTEMPT_OR_COMMITTED = frozenset(
    {CrimeStatus.COMMITTED, CrimeStatus.ATTEMPT, CrimeStatus.PREPARATION}
)


def _versions(first: Version, *changes: tuple[date, dict[str, object]]) -> tuple[Version, ...]:
    """A ground's versions: ``first``, then each change applied from its date on."""
    versions = [first]
    for start, changed in changes:
        previous = versions[-1]
        versions[-1] = replace(previous, valid_to=_day_before(start))
        versions.append(replace(previous, valid_from=start, valid_to=None, **changed))  # type: ignore[arg-type]
    return tuple(versions)


GROUNDS: tuple[Ground, ...] = (
    Ground(
        id="G00",
        kind=GroundKind.NOT_SECRET,
        versions=(
            Version(
                valid_from=None,
                # OSL 23:2 / SkolL 29:14 2nd para do not cover the information; OSL 6:5 even
                # obliges an authority to hand non-secret information to another on request.
                provision="OSL 23 kap. 2 §, SkolL 29 kap. 14 §, OSL 6 kap. 5 §",
                outcome=Outcome.ALLOW,
                readings=("rows_over_summary",),
            ),
        ),
    ),
    Ground(
        id="G01",
        kind=GroundKind.CONSENT,
        versions=(
            Version(
                valid_from=None,
                provision="OSL 10 kap. 1 §, 12 kap. 2–3 §§",
                outcome=Outcome.ALLOW,
                readings=(
                    "consent_grantors",
                    "consent_validity",
                    "consent_mature_minor_review",
                    "consent_family_counselling_review",
                    "consent_not_consentable",
                    "consent_suspected_guardian",
                ),
            ),
        ),
    ),
    Ground(
        id="G02",
        kind=GroundKind.RULE,
        suggest_facts=("child_at_risk",),
        versions=_versions(
            Version(
                valid_from=None,
                # The repealed act's citation (general knowledge; legal-rules cites SoL 2025:400).
                provision="SoL (2001:453) 14 kap. 1 §, OSL 10 kap. 28 §",
                outcome=Outcome.MANDATORY_REPORT,
                assessment=Assessment.DUTY_TRIGGER,
                senders=frozenset({"school", "police"}),
                recipients=frozenset({"social_services"}),
                under_age=18,
                facts_all=("child_at_risk",),
                readings=("g02_g03_senders",),
            ),
            (SOL_2025_400, {"provision": "SoL 19 kap. 1 §, OSL 10 kap. 28 §"}),
        ),
    ),
    Ground(
        id="G03",
        kind=GroundKind.RULE,
        versions=_versions(
            Version(
                valid_from=None,
                provision="SoL (2001:453) 14 kap. 1 § tredje stycket, OSL 10 kap. 28 §",
                outcome=Outcome.MANDATORY_REPORT,
                senders=frozenset({"school", "police"}),
                recipients=frozenset({"social_services"}),
                under_age=18,
                facts_all=("investigation_opened",),
                readings=("g02_g03_senders",),
            ),
            (SOL_2025_400, {"provision": "SoL 20 kap. 6 §, OSL 10 kap. 28 §"}),
        ),
    ),
    Ground(
        id="G04",
        kind=GroundKind.RULE,
        suggest_facts=("should_prompt_social_services_action",),
        versions=(
            Version(
                valid_from=None,
                provision="PolisL 6 § andra stycket, OSL 10 kap. 28 §",
                outcome=Outcome.MANDATORY_REPORT,
                senders=frozenset({"police"}),
                recipients=frozenset({"social_services"}),
                facts_all=("should_prompt_social_services_action",),
            ),
        ),
    ),
    Ground(
        id="G05",
        kind=GroundKind.RULE,
        versions=(
            Version(
                valid_from=None,
                provision="LUL 6 §, OSL 10 kap. 28 §",
                outcome=Outcome.MANDATORY_REPORT,
                senders=frozenset({"police"}),
                recipients=frozenset({"social_services"}),
                under_age=18,
                crime=CrimeCondition(
                    statuses=_ATTEMPT_OR_COMMITTED,
                    perpetrator=Perpetrator.SUBJECT,
                    imprisonment_in_scale=True,
                ),
                readings=("g05",),
            ),
        ),
    ),
    Ground(
        id="G06",
        kind=GroundKind.RULE,
        versions=(
            Version(
                valid_from=None,
                provision="OSL 10 kap. 2 §",
                outcome=Outcome.ALLOW_AFTER_ASSESSMENT,
                assessment=Assessment.NECESSARY,
                sender_authority=True,
                facts_all=("necessary_for_own_activity",),
                readings=("independent_school",),
            ),
        ),
    ),
    Ground(
        id="G07",
        kind=GroundKind.RULE,
        suggest_facts=("concrete_risk_of_crime",),
        versions=_versions(
            Version(
                valid_from=None,
                # The youth rule sat in 18 b § until SFS 2025:179 moved it to 18 a §.
                provision="OSL 10 kap. 18 b § (lydelse före 2025-04-01)",
                outcome=Outcome.ALLOW_AFTER_ASSESSMENT,
                assessment=Assessment.NOT_INAPPROPRIATE,
                senders=frozenset({"social_services"}),
                sender_authority=True,
                secrecies=frozenset({Secrecy.OSL_26_1}),
                recipients=frozenset({"police", "security_police"}),
                under_age=21,
                # Not for information about a committed crime (OSL 10:21–23 decide that).
                excluded_purposes=frozenset({Purpose.CRIME_INVESTIGATION}),
                facts_all=("concrete_risk_of_crime",),
            ),
            (
                SFS_2025_179,
                {
                    "provision": "OSL 10 kap. 18 a §",
                    "recipients": frozenset({"police", "security_police", "customs"}),
                    "readings": ("thresholds",),
                },
            ),
        ),
    ),
    Ground(
        id="G08",
        kind=GroundKind.RULE,
        versions=_versions(
            Version(
                valid_from=None,
                # legal-rules reads the text from SFS 2025:179 on; the earlier numbering and
                # wording are not verified there, so a human decides (never guess the law).
                provision="OSL 10 kap. (terrorismbestämmelsen, lydelse före 2025-04-01)",
                outcome=Outcome.REVIEW,
                assessment=Assessment.CONCRETE_CIRCUMSTANCES,
                sender_authority=True,
                secrecies=frozenset({Secrecy.OSL_25_1, Secrecy.OSL_26_1}),
                recipients=frozenset({"police", "security_police"}),
                facts_all=("terrorism_risk",),
                review_reason="review.old_wording_unverified",
            ),
            (
                SFS_2025_179,
                {
                    "provision": "OSL 10 kap. 18 b §",
                    "outcome": Outcome.ALLOW_AFTER_ASSESSMENT,
                    "review_reason": None,
                },
            ),
        ),
    ),
    Ground(
        id="G09",
        kind=GroundKind.RULE,
        versions=_versions(
            Version(
                valid_from=None,
                provision="OSL 10 kap. 18 c § (lydelse före 2025-04-01)",
                outcome=Outcome.REVIEW,
                assessment=Assessment.NOT_INAPPROPRIATE,
                sender_authority=True,
                secrecies=frozenset({Secrecy.OSL_25_1, Secrecy.OSL_26_1}),
                recipients=frozenset({"police"}),
                # The fact carries the threshold: a BrB 3, 4 or 6 kap. crime against a
                # närstående with a minimum penalty of 1 year or more (README facts).
                facts_all=("risk_of_violence_against_close_relative",),
                review_reason="review.old_wording_unverified",
            ),
            (
                SFS_2025_179,
                {
                    "provision": "OSL 10 kap. 18 c §",
                    "outcome": Outcome.ALLOW_AFTER_ASSESSMENT,
                    "review_reason": None,
                },
            ),
        ),
    ),
    Ground(
        id="G10",
        kind=GroundKind.NOT_MODELLED,
        versions=(
            Version(
                valid_from=None,
                provision="OSL 10 kap. 19 §",
                outcome=Outcome.ALLOW,
                sender_authority=True,
                secrecies=frozenset({Secrecy.OSL_25_1, Secrecy.OSL_26_1, Secrecy.OSL_26_3}),
                recipients=frozenset({"police"}),
                # Only listed traffic, aviation, rail and maritime crimes: no fact for them.
                unmodelled_condition="listed_traffic_offence",
            ),
        ),
    ),
    Ground(
        id="G11",
        kind=GroundKind.RULE,
        versions=(
            Version(
                valid_from=None,
                provision="OSL 10 kap. 20 §",
                outcome=Outcome.ALLOW,
                senders=frozenset({"social_services"}),
                sender_authority=True,
                secrecies=frozenset({Secrecy.OSL_26_1}),
                recipients=frozenset({"police"}),
                under_age=18,
                facts_all=("found_in_acute_danger",),
                readings=("g11_allow",),
            ),
        ),
    ),
    Ground(
        id="G12",
        kind=GroundKind.RULE,
        versions=_versions(
            Version(
                valid_from=None,
                provision="OSL 10 kap. 21 §",
                outcome=Outcome.ALLOW,
                sender_authority=True,
                # 25 kap. (including EMI), 26 kap.; 33 kap. is outside the vocabulary.
                secrecies=frozenset({Secrecy.OSL_25_1, Secrecy.OSL_26_1, Secrecy.OSL_26_3}),
                recipients=frozenset({"police", "prosecutor"}),
                crime=CrimeCondition(
                    statuses=frozenset({CrimeStatus.COMMITTED}),
                    offences=frozenset({Offence.BRB3, Offence.BRB4, Offence.BRB6, Offence.FGM}),
                    victim_under=18,
                ),
            ),
            (
                SFS_2025_934,  # SFS 2025:965, same day: attempt, preparation and conspiracy
                {
                    "crime": CrimeCondition(
                        statuses=_ATTEMPT_OR_COMMITTED,
                        offences=frozenset({Offence.BRB3, Offence.BRB4, Offence.BRB6, Offence.FGM}),
                        victim_under=18,
                    ),
                    "readings": ("thresholds",),
                },
            ),
        ),
    ),
    Ground(
        id="G13",
        kind=GroundKind.RULE,
        versions=(
            Version(
                valid_from=None,
                provision="OSL 10 kap. 22 §",
                outcome=Outcome.ALLOW,
                senders=frozenset({"social_services"}),
                sender_authority=True,
                secrecies=frozenset({Secrecy.OSL_26_1}),
                recipients=frozenset({"police", "prosecutor"}),
                crime=CrimeCondition(
                    statuses=frozenset({CrimeStatus.COMMITTED}),
                    offences=frozenset({Offence.DRUG_SUPPLY_TO_MINOR}),
                    victim_under=18,
                    victim_age_may_be_unknown=True,
                ),
            ),
        ),
    ),
    Ground(
        id="G14",
        kind=GroundKind.RULE,
        versions=_versions(
            Version(
                valid_from=None,
                provision="OSL 10 kap. 23 § (lydelse före 2025-04-01)",
                outcome=Outcome.ALLOW,
                sender_authority=True,
                # The 10:23 list, as far as the vocabulary holds it: 25:1, 26:1, 26:2–6.
                secrecies=frozenset({Secrecy.OSL_25_1, Secrecy.OSL_26_1, Secrecy.OSL_26_3}),
                recipients=LAW_ENFORCEMENT,
                crime=CrimeCondition(
                    statuses=_ATTEMPT_OR_COMMITTED,
                    min_penalty_months={
                        CrimeStatus.COMMITTED: 12,
                        CrimeStatus.ATTEMPT: 24,
                        CrimeStatus.PREPARATION: 24,
                    },
                ),
                readings=("thresholds",),
            ),
            (
                SFS_2025_179,
                {
                    "provision": "OSL 10 kap. 23 §",
                    "crime": CrimeCondition(
                        statuses=_ATTEMPT_OR_COMMITTED,
                        min_penalty_months={
                            CrimeStatus.COMMITTED: 6,
                            CrimeStatus.ATTEMPT: 12,
                            CrimeStatus.PREPARATION: 12,
                        },
                    ),
                },
            ),
        ),
    ),
    Ground(
        id="G15",
        kind=GroundKind.RULE,
        versions=_versions(
            Version(
                valid_from=None,
                provision="OSL 10 kap. 24 § (lydelse före 2025-04-01)",
                outcome=Outcome.REVIEW,
                sender_authority=True,
                # Secrecy not listed in 10:19–23: school 23 kap., police 35:1 and 18 kap.
                secrecies=OSL_23_2 | {Secrecy.OSL_35_1, Secrecy.OSL_18_2},
                recipients=LAW_ENFORCEMENT,
                crime=CrimeCondition(statuses=_ATTEMPT_OR_COMMITTED, imprisonment_in_scale=True),
                review_reason="review.g15_old_wording",
                readings=("g15_before_2025_04", "independent_school"),
            ),
            (
                SFS_2025_179,
                {
                    "provision": "OSL 10 kap. 24 §",
                    "outcome": Outcome.ALLOW,
                    "review_reason": None,
                    "readings": ("independent_school",),
                },
            ),
        ),
    ),
    Ground(
        id="G16",
        kind=GroundKind.RULE,
        versions=(
            Version(
                valid_from=SFS_2025_934,
                provision="OSL 10 kap. 15 a §",
                outcome=Outcome.REVIEW,
                assessment=Assessment.PREDOMINANT_REASONS,
                sender_authority=True,
                recipient_authority=True,
                # 21–40 kap., minus the exclusions: not 25 kap., 26:3, 18 kap. or 35:3.
                secrecies=OSL_23_2 | {Secrecy.OSL_26_1, Secrecy.OSL_35_1},
                purposes=CRIME_PURPOSES,
                review_reason="review.g16_new",
                readings=("g16_review", "independent_school"),
            ),
        ),
    ),
    Ground(
        id="G17",
        kind=GroundKind.RULE,
        versions=(
            Version(
                valid_from=None,
                provision="OSL 10 kap. 27 §",
                outcome=Outcome.ALLOW_AFTER_ASSESSMENT,
                assessment=Assessment.OBVIOUS_PRECEDENCE,
                sender_authority=True,
                recipient_authority=True,
                # Not 24:2 a/8, 25:1–8, 26:1–6, ...; available for 23 kap., 35:1 and 18 kap.
                secrecies=OSL_23_2 | {Secrecy.OSL_35_1, Secrecy.OSL_18_2},
                facts_any=G17_INTEREST_FACTS,
                readings=("g17_interest", "independent_school"),
            ),
        ),
    ),
    Ground(
        id="G18",
        kind=GroundKind.DUTY_BRIDGE,
        versions=(
            Version(
                valid_from=None,
                provision="OSL 10 kap. 28 §",
                outcome=Outcome.MANDATORY_REPORT,
                sender_authority=True,
            ),
        ),
    ),
    Ground(
        id="G19",
        kind=GroundKind.RULE,
        suggest_facts=("necessary_for_care_or_support",),
        versions=(
            Version(
                valid_from=None,
                provision="OSL 25 kap. 12 §",
                outcome=Outcome.ALLOW_AFTER_ASSESSMENT,
                assessment=Assessment.NECESSARY,
                senders=frozenset({"school:student_health_medical"}),
                sender_authority=True,
                secrecies=frozenset({Secrecy.OSL_25_1}),
                recipients=frozenset({"social_services", "school:student_health_medical"}),
                recipient_authority=True,
                # Also for ongoing abuse or compulsory psychiatric care: no facts for those.
                under_age=18,
                facts_all=("necessary_for_care_or_support",),
            ),
        ),
    ),
    Ground(
        id="G20",
        kind=GroundKind.RULE,
        suggest_facts=("necessary_for_care_or_support",),
        versions=(
            Version(
                valid_from=None,
                provision="OSL 26 kap. 9 §",
                outcome=Outcome.ALLOW_AFTER_ASSESSMENT,
                assessment=Assessment.NECESSARY,
                senders=frozenset({"social_services"}),
                sender_authority=True,
                secrecies=frozenset({Secrecy.OSL_26_1}),
                # Social services or health care including EMI; not the rektor or teachers.
                recipients=frozenset({"social_services", "school:student_health_medical"}),
                recipient_authority=True,
                under_age=18,
                facts_all=("necessary_for_care_or_support",),
            ),
        ),
    ),
    Ground(
        id="G21",
        kind=GroundKind.RULE,
        suggest_facts=("necessary_for_care_or_support",),
        versions=(
            Version(
                valid_from=None,
                provision="OSL 25 kap. 13 a §",
                outcome=Outcome.ALLOW_AFTER_ASSESSMENT,
                assessment=Assessment.NECESSARY,
                senders=frozenset({"school:student_health_medical"}),
                sender_authority=True,
                secrecies=frozenset({Secrecy.OSL_25_1}),
                recipients=frozenset({"school:student_health_psychosocial"}),
                recipient_authority=True,
                same_authority=True,
                facts_all=("necessary_for_care_or_support",),
            ),
        ),
    ),
    Ground(
        id="G22",
        kind=GroundKind.RULE,
        versions=(
            Version(
                valid_from=SOL_2025_400,
                provision="SkolL 6 a kap. 10 §, OSL 10 kap. 28 §",
                outcome=Outcome.MANDATORY_REPORT,
                # The duty gives way only if predominant reasons speak against reporting.
                assessment=Assessment.PREDOMINANT_REASONS,
                senders=frozenset({"school:principal"}),  # municipal and independent
                recipients=frozenset({"police"}),
                crime=CrimeCondition(
                    statuses=_ATTEMPT_OR_COMMITTED,
                    perpetrator=Perpetrator.SUBJECT,
                    in_connection_with_school=True,
                ),
                outcome_under_age=(15, Outcome.REVIEW),
                review_reason="review.g22_under_15",
                readings=("g22_under_15",),
            ),
        ),
    ),
    Ground(
        id="G23",
        kind=GroundKind.RULE,
        versions=(
            Version(
                valid_from=SFS_2025_179,
                provision="lag (2025:170) om skyldighet att lämna uppgifter till de "
                "brottsbekämpande myndigheterna, OSL 10 kap. 28 §",
                outcome=Outcome.REVIEW,
                senders=frozenset(
                    {"school:teaching", "school:principal", "school:student_health_psychosocial"}
                ),
                # Whether the law reaches independent schools is unverified (legal-rules §6.1).
                sender_authority=True,
                secrecies=OSL_23_2,  # secret information only
                recipients=LAW_ENFORCEMENT,
                purposes=CRIME_PURPOSES,
                review_reason="review.g23_unverified",
                readings=("g23_review", "independent_school"),
            ),
        ),
    ),
    Ground(
        id="G24",
        kind=GroundKind.RULE,
        versions=(
            Version(
                valid_from=None,
                provision="OSL 35 kap. 10 c §",
                outcome=Outcome.ALLOW_AFTER_ASSESSMENT,
                assessment=Assessment.INTEREST_OUTWEIGHS,
                senders=frozenset({"police"}),
                secrecies=frozenset({Secrecy.OSL_35_1}),
                recipients=frozenset({"social_services"}),
                facts_all=("terrorism_risk",),
            ),
        ),
    ),
    Ground(
        id="G25",
        kind=GroundKind.RULE,
        versions=(
            Version(
                valid_from=None,
                provision="SkolL 29 kap. 14 §",
                outcome=Outcome.REVIEW,
                senders=frozenset({"school"}),
                secrecies=frozenset({Secrecy.SKOLL_29_14}),
                recipients=LAW_ENFORCEMENT,
                facts_any=CRIME_RISK_FACTS,
                review_reason="review.private_actor",
                readings=("private_actor_review", "independent_school"),
            ),
        ),
    ),
    Ground(
        id="G26",
        kind=GroundKind.RULE,
        versions=(
            Version(
                valid_from=None,
                provision="PSL 6 kap. 12 §",
                outcome=Outcome.REVIEW,
                senders=frozenset({"school:student_health_medical"}),
                secrecies=frozenset({Secrecy.PSL_6_12}),
                recipients=LAW_ENFORCEMENT,
                facts_any=CRIME_RISK_FACTS,
                review_reason="review.private_actor",
                readings=("private_actor_review",),
            ),
        ),
    ),
)

GROUNDS_BY_ID: Mapping[str, Ground] = {g.id: g for g in GROUNDS}


def _check_catalogue() -> None:
    """Fail at import on a malformed catalogue: the engine must never run on one."""
    ids = [g.id for g in GROUNDS]
    expected = [f"G{n:02d}" for n in range(27)]
    if ids != expected:
        raise RuntimeError(f"catalogue grounds out of order or missing: {ids}")
    for ground in GROUNDS:
        for earlier, later in zip(ground.versions, ground.versions[1:], strict=False):
            if earlier.valid_to is None or later.valid_from is None:
                raise RuntimeError(f"{ground.id}: only the last version may be open-ended")
            if earlier.valid_to + timedelta(days=1) != later.valid_from:
                raise RuntimeError(f"{ground.id}: versions must be contiguous")
        for version in ground.versions:
            unknown = set(version.readings) - set(READINGS)
            if unknown:
                raise RuntimeError(f"{ground.id}: unknown readings {sorted(unknown)}")
            if version.outcome is Outcome.REVIEW and version.review_reason is None:
                raise RuntimeError(f"{ground.id}: a REVIEW version needs a review_reason")


_check_catalogue()

# Every date on which some ground changes. Dates between two boundaries see the same set of
# versions, so the engine can cache work per "epoch" instead of per date.
_BOUNDARIES: tuple[date, ...] = tuple(
    sorted(
        {v.valid_from for g in GROUNDS for v in g.versions if v.valid_from is not None}
        | {v.valid_to + timedelta(days=1) for g in GROUNDS for v in g.versions if v.valid_to}
    )
)


def epoch_start(epoch: int) -> date:
    """The first day of ``epoch`` (``date.min`` for the period before the first change)."""
    return date.min if epoch == 0 else _BOUNDARIES[epoch - 1]


def epoch_of(day: date) -> int:
    """The index of the period between two catalogue changes that ``day`` falls in."""
    return bisect.bisect_right(_BOUNDARIES, day)


@lru_cache(maxsize=64)
def versions_in_epoch(epoch: int) -> tuple[tuple[Ground, Version | None], ...]:
    """Every ground with the version in force during ``epoch`` (None: not yet in force)."""
    day = epoch_start(epoch)
    return tuple((g, g.version_on(day)) for g in GROUNDS)


def party_matches(party: Party, refs: frozenset[str]) -> bool:
    """Whether ``party`` is one of ``refs`` (``agency`` or ``agency:unit``)."""
    return party.agency.value in refs or party.ref in refs


def is_law_enforcement(party: Party) -> bool:
    return party.agency.value in LAW_ENFORCEMENT
