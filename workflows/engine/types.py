"""Plain data in and out of the confidentiality engine and the consent evaluator.

Everything here is a frozen dataclass or a ``StrEnum``: no Django, no clock, no I/O. Callers
may pass plain strings where an enum is expected (``"school"`` for ``Agency.SCHOOL``); the
constructors coerce them, because an enum member and its string value do not hash alike and a
silent mismatch in a set lookup would quietly drop a consent or a ground.

The vocabulary is the one of ``scenarios/README.md`` (agencies, units, categories, purposes,
facts); the outcomes and grounds are those of ``legal-rules.md`` §0.1 and §2.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeAlias, TypeVar

# --------------------------------------------------------------------------------------------
# Outcomes
# --------------------------------------------------------------------------------------------


class Outcome(StrEnum):
    """legal-rules.md §0.1; strongest first (scenarios/README.md "Outcomes")."""

    MANDATORY_REPORT = "MANDATORY_REPORT"
    ALLOW = "ALLOW"
    ALLOW_AFTER_ASSESSMENT = "ALLOW_AFTER_ASSESSMENT"
    REVIEW = "REVIEW"
    DENY = "DENY"

    @property
    def rank(self) -> int:
        """Higher is stronger: DENY 0 < REVIEW 1 < ALLOW_AFTER_ASSESSMENT 2 < ALLOW 3 < ..."""
        return _OUTCOME_RANK[self]

    def stronger_than(self, other: Outcome) -> bool:
        return _OUTCOME_RANK[self] > _OUTCOME_RANK[other]

    def capped_at(self, cap: Outcome) -> Outcome:
        """The weaker of the two (a ground set to review-only is capped at REVIEW)."""
        return cap if _OUTCOME_RANK[self] > _OUTCOME_RANK[cap] else self


_OUTCOME_RANK: dict[Outcome, int] = {
    Outcome.DENY: 0,
    Outcome.REVIEW: 1,
    Outcome.ALLOW_AFTER_ASSESSMENT: 2,
    Outcome.ALLOW: 3,
    Outcome.MANDATORY_REPORT: 4,
}

OUTCOMES_STRONGEST_FIRST: tuple[Outcome, ...] = tuple(
    sorted(Outcome, key=lambda o: -_OUTCOME_RANK[o])
)


def strongest(outcomes: Iterable[Outcome], *, default: Outcome = Outcome.DENY) -> Outcome:
    best = default
    best_rank = -1
    for outcome in outcomes:
        rank = _OUTCOME_RANK[outcome]
        if rank > best_rank:
            best, best_rank = outcome, rank
    return best


def weakest(outcomes: Iterable[Outcome], *, default: Outcome = Outcome.DENY) -> Outcome:
    worst = default
    worst_rank = 99
    for outcome in outcomes:
        rank = _OUTCOME_RANK[outcome]
        if rank < worst_rank:
            worst, worst_rank = outcome, rank
    return worst


class GroundMode(StrEnum):
    """How a deployment runs one ground (product.md principle 4)."""

    NORMAL = "normal"
    REVIEW_ONLY = "review_only"  # the ground still applies, but at most as REVIEW
    OFF = "off"  # the ground is not used at all


# --------------------------------------------------------------------------------------------
# Vocabulary (scenarios/README.md "Vocabularies")
# --------------------------------------------------------------------------------------------


class Agency(StrEnum):
    SCHOOL = "school"
    SOCIAL_SERVICES = "social_services"
    POLICE = "police"
    SECURITY_POLICE = "security_police"
    CUSTOMS = "customs"
    PROSECUTOR = "prosecutor"


class Operator(StrEnum):
    MUNICIPAL = "municipal"  # kommunal huvudman: a myndighet, OSL applies
    INDEPENDENT = "independent"  # fristående skola: not a myndighet (SkolL 29:14, PSL 6:12)


class Unit(StrEnum):
    TEACHING = "teaching"
    PRINCIPAL = "principal"
    STUDENT_HEALTH_PSYCHOSOCIAL = "student_health_psychosocial"
    STUDENT_HEALTH_MEDICAL = "student_health_medical"
    CHILD_AND_YOUTH = "child_and_youth"
    ADULT = "adult"
    OUTREACH = "outreach"
    FAMILY_COUNSELLING = "family_counselling"
    LOCAL_POLICE = "local_police"
    INVESTIGATION = "investigation"
    INTELLIGENCE = "intelligence"


UNITS_BY_AGENCY: Mapping[Agency, frozenset[Unit]] = {
    Agency.SCHOOL: frozenset(
        {
            Unit.TEACHING,
            Unit.PRINCIPAL,
            Unit.STUDENT_HEALTH_PSYCHOSOCIAL,
            Unit.STUDENT_HEALTH_MEDICAL,
        }
    ),
    Agency.SOCIAL_SERVICES: frozenset(
        {Unit.CHILD_AND_YOUTH, Unit.ADULT, Unit.OUTREACH, Unit.FAMILY_COUNSELLING}
    ),
    Agency.POLICE: frozenset({Unit.LOCAL_POLICE, Unit.INVESTIGATION, Unit.INTELLIGENCE}),
    Agency.SECURITY_POLICE: frozenset(),
    Agency.CUSTOMS: frozenset(),
    Agency.PROSECUTOR: frozenset(),
}


class Category(StrEnum):
    ATTENDANCE = "attendance"
    SCHOOL_SITUATION = "school_situation"
    BEHAVIOUR = "behaviour"
    FAMILY_SITUATION = "family_situation"
    SOCIAL_SERVICES_MEASURES = "social_services_measures"
    HEALTH = "health"
    PSYCHOSOCIAL = "psychosocial"
    SUSPECTED_CRIME = "suspected_crime"
    POLICE_INTELLIGENCE = "police_intelligence"
    CRIMINAL_RECORD = "criminal_record"
    CONTACT_DETAILS = "contact_details"


class Purpose(StrEnum):
    CHILD_WELFARE_CONCERN = "child_welfare_concern"
    CHILD_INVESTIGATION = "child_investigation"
    SUPPORT_PLANNING = "support_planning"
    CRIME_PREVENTION = "crime_prevention"
    CRIME_INVESTIGATION = "crime_investigation"
    IMMEDIATE_INTERVENTION = "immediate_intervention"
    PROTECTIVE_MEASURES = "protective_measures"
    CARE_OR_SUPPORT = "care_or_support"
    OWN_ACTIVITY = "own_activity"


class Custody(StrEnum):
    JOINT = "joint"
    SOLE = "sole"
    NONE = "none"


class Decision(StrEnum):
    GRANTED = "granted"
    REFUSED = "refused"


class ConsentForm(StrEnum):
    WRITTEN = "written"
    ORAL = "oral"


class CrimeStatus(StrEnum):
    COMMITTED = "committed"
    ATTEMPT = "attempt"
    PREPARATION = "preparation"  # förberedelse and stämpling (conspiracy)
    PLANNED = "planned"  # not yet attempted or prepared


class Perpetrator(StrEnum):
    SUBJECT = "subject"
    OTHER = "other"


class Offence(StrEnum):
    BRB3 = "brb3"
    BRB4 = "brb4"
    BRB6 = "brb6"
    FGM = "fgm"
    DRUG_SUPPLY_TO_MINOR = "drug_supply_to_minor"
    OTHER = "other"


class MaturityFinding(StrEnum):
    """A documented maturity assessment (legal-rules.md §3.1: defaults an official overrides)."""

    MATURE_ALONE = "mature_alone"  # the young person decides alone in this matter
    NOT_MATURE = "not_mature"  # the guardians decide alone; the child's view is still recorded


CHILD = "child"
"""The grantor id of the young person (also when 18 or older)."""


# --------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------


_E = TypeVar("_E", bound=StrEnum)


def _coerce_set(values: Iterable[str], kind: type[_E]) -> frozenset[_E]:
    return frozenset(kind(v) for v in values)


@dataclass(frozen=True, slots=True, kw_only=True)
class Party:
    """A discloser or recipient: an agency, its unit and (schools only) the operator.

    ``unit_id`` and ``organisation`` are optional identifiers from the caller's directory: a
    consent may name a concrete unit as ``"id:<unit_id>"``, and OSL 25:13 a (G21) needs both
    parties inside the same authority (``organisation``).
    """

    agency: Agency
    unit: Unit | None = None
    operator: Operator = Operator.MUNICIPAL
    unit_id: str | None = None
    organisation: str | None = None

    def __post_init__(self) -> None:
        agency = Agency(self.agency)
        object.__setattr__(self, "agency", agency)
        object.__setattr__(self, "operator", Operator(self.operator))
        if self.unit is not None:
            unit = Unit(self.unit)
            if unit not in UNITS_BY_AGENCY[agency]:
                raise ValueError(f"unit {unit.value!r} does not belong to agency {agency.value!r}")
            object.__setattr__(self, "unit", unit)

    @property
    def is_public_authority(self) -> bool:
        """OSL binds myndigheter only; an independent school is not one (legal-rules §0.2)."""
        return not (self.agency is Agency.SCHOOL and self.operator is Operator.INDEPENDENT)

    @property
    def ref(self) -> str:
        """``agency`` or ``agency:unit``, as in a consent's recipients."""
        return self.agency.value if self.unit is None else f"{self.agency.value}:{self.unit.value}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Subject:
    birth_date: date
    protected_identity: bool = False

    def age_on(self, day: date) -> int:
        """Exact age in whole years; the birthday itself counts (README "Consent (G01)").

        A 29 February birthday is reached on 1 March in common years.
        """
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


@dataclass(frozen=True, slots=True, kw_only=True)
class Consent:
    """One consent act by one grantor (legal-rules.md §3.4).

    ``id`` is the caller's record (version) id, returned in the evaluation so a disclosure can
    name the exact consent version it relied on. ``recipients`` holds ``agency``,
    ``agency:unit`` or ``id:<unit_id>`` references.
    """

    grantor: str
    decision: Decision
    form: ConsentForm
    given_on: date
    valid_until: date | None = None
    withdrawn_on: date | None = None
    recipients: frozenset[str] = field(default_factory=frozenset)
    categories: frozenset[Category] = field(default_factory=frozenset)
    purposes: frozenset[Purpose] = field(default_factory=frozenset)
    id: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "decision", Decision(self.decision))
        object.__setattr__(self, "form", ConsentForm(self.form))
        object.__setattr__(self, "recipients", frozenset(self.recipients))
        object.__setattr__(self, "categories", _coerce_set(self.categories, Category))
        object.__setattr__(self, "purposes", _coerce_set(self.purposes, Purpose))


@dataclass(frozen=True, slots=True, kw_only=True)
class Crime:
    status: CrimeStatus
    perpetrator: Perpetrator
    offence: Offence
    victim_age: int | None = None
    min_penalty_months: int | None = None  # of the completed offence
    imprisonment_in_scale: bool = False
    in_connection_with_school: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", CrimeStatus(self.status))
        object.__setattr__(self, "perpetrator", Perpetrator(self.perpetrator))
        object.__setattr__(self, "offence", Offence(self.offence))


@dataclass(frozen=True, slots=True, kw_only=True)
class Facts:
    """What the discloser knows (README "facts"); absent facts are false / null."""

    child_at_risk: bool = False
    investigation_opened: bool = False
    should_prompt_social_services_action: bool = False
    concrete_risk_of_crime: bool = False
    terrorism_risk: bool = False
    risk_of_violence_against_close_relative: bool = False
    found_in_acute_danger: bool = False
    necessary_for_own_activity: bool = False
    necessary_for_care_or_support: bool = False
    guardian_suspected_of_harm: str | None = None
    imminent_danger: bool = False
    crime: Crime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MaturityAssessment:
    """A decision-maker's documented assessment of the child's maturity (legal-rules §3.1).

    It changes who must consent, for the categories and purposes it names (``None``: all),
    from ``assessed_on``. It never makes a guardian's consent count for an adult.
    """

    finding: MaturityFinding
    assessed_on: date
    categories: frozenset[Category] | None = None
    purposes: frozenset[Purpose] | None = None
    assessed_by: str | None = None
    id: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "finding", MaturityFinding(self.finding))
        if self.categories is not None:
            object.__setattr__(self, "categories", _coerce_set(self.categories, Category))
        if self.purposes is not None:
            object.__setattr__(self, "purposes", _coerce_set(self.purposes, Purpose))

    def covers(self, category: Category, purpose: Purpose, day: date) -> bool:
        return (
            self.assessed_on <= day
            and (self.categories is None or category in self.categories)
            and (self.purposes is None or purpose in self.purposes)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Disclosure:
    """One planned disclosure: the input of :func:`workflows.engine.evaluate.evaluate`."""

    date: date
    from_party: Party
    to_party: Party
    subject: Subject
    categories: tuple[Category, ...]
    purpose: Purpose
    custody: Custody = Custody.NONE
    guardians: tuple[str, ...] = ()
    consents: tuple[Consent, ...] = ()
    facts: Facts = field(default_factory=Facts)
    maturity_assessment: MaturityAssessment | None = None

    def __post_init__(self) -> None:
        # Keep the request's order (the per-category result follows it), drop duplicates.
        categories = tuple(dict.fromkeys(Category(c) for c in self.categories))
        if not categories:
            raise ValueError("a disclosure needs at least one category")
        object.__setattr__(self, "categories", categories)
        object.__setattr__(self, "purpose", Purpose(self.purpose))
        object.__setattr__(self, "custody", Custody(self.custody))
        object.__setattr__(self, "guardians", tuple(self.guardians))
        object.__setattr__(self, "consents", tuple(self.consents))


# --------------------------------------------------------------------------------------------
# Consent evaluation output (consent/evaluator.py)
# --------------------------------------------------------------------------------------------


class ConsentStatus(StrEnum):
    VALID = "VALID"
    NONE = "NONE"
    REFUSED = "REFUSED"
    INCOMPLETE = "INCOMPLETE"
    EXPIRED = "EXPIRED"
    NOT_YET_VALID = "NOT_YET_VALID"
    WITHDRAWN = "WITHDRAWN"
    LAPSED_ADULT = "LAPSED_ADULT"
    SCOPE_RECIPIENT = "SCOPE_RECIPIENT"
    SCOPE_CATEGORY = "SCOPE_CATEGORY"
    SCOPE_PURPOSE = "SCOPE_PURPOSE"
    NOT_CONSENTABLE = "NOT_CONSENTABLE"


@dataclass(frozen=True, slots=True, kw_only=True)
class GrantorResult:
    """One grantor's standing for one category.

    ``consent_id`` is the record relied on (VALID, REFUSED) or the closest failing one.
    ``required`` is false for someone who was heard but does not decide (a child under 12,
    a guardian whose consent lapsed at 18).
    """

    grantor: str
    required: bool
    status: ConsentStatus
    reason: str  # a message code (messages.py), more precise than the status
    consent_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryConsent:
    category: Category
    status: ConsentStatus
    reason: str  # a message code (messages.py)
    required: tuple[str, ...]
    missing: tuple[str, ...]
    grantors: tuple[GrantorResult, ...]
    consent_ids: tuple[str, ...]  # the valid records relied on, for the disclosure ledger
    review_reason: str | None = None  # a message code when G01 gives REVIEW, not ALLOW


@dataclass(frozen=True, slots=True, kw_only=True)
class ConsentEvaluation:
    status: ConsentStatus  # VALID only if every category is VALID
    reason: str
    age: int
    required: tuple[str, ...]
    missing: tuple[str, ...]
    excluded_guardians: tuple[str, ...]
    maturity_assessment_applied: bool
    by_category: Mapping[Category, CategoryConsent]


# --------------------------------------------------------------------------------------------
# Engine output
# --------------------------------------------------------------------------------------------

Param: TypeAlias = str | int | tuple[str, ...]
Params: TypeAlias = Mapping[str, Param]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rejection:
    """A ground considered and found not to apply, with the reason code (messages.py).

    In ``CategoryResult.rejected`` it concerns that one category; in ``Result.rejected`` the
    categories for which the ground failed for this same reason.
    """

    id: str
    provision: str
    code: str
    params: Params
    categories: tuple[Category, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class GroundResult:
    """An applicable ground (across categories): what it gives and what a human still owes."""

    id: str
    provision: str
    outcome: Outcome
    assessment: str | None  # the legal test a decision-maker must document, e.g. "inte olämpligt"
    categories: tuple[Category, ...]
    review_reason: str | None = None  # message code, when the ground gives REVIEW


@dataclass(frozen=True, slots=True, kw_only=True)
class Suggestion:
    code: str
    params: Params = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class CategoryResult:
    category: Category
    outcome: Outcome
    grounds: tuple[str, ...]  # applicable ground ids, strongest first
    secrecy: str  # the source secrecy code (secrecy.Secrecy)
    rejected: tuple[Rejection, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    outcome: Outcome  # the weakest category's outcome
    by_category: Mapping[Category, CategoryResult]
    grounds: tuple[GroundResult, ...]
    rejected: tuple[Rejection, ...]  # grounds that apply to no category
    suggestions: tuple[Suggestion, ...]
    consent: ConsentEvaluation
    date: date
    catalogue_version: str

    @property
    def applicable_ground_ids(self) -> frozenset[str]:
        return frozenset(g.id for g in self.grounds)
