"""The consent evaluator: is a planned disclosure covered by consent on a given date?

Pure: plain data in (workflows.engine.types), plain data out, no Django, no clock. The
confidentiality engine's ground G01 is this evaluator; the consent API uses it to show the
family and the staff where a consent stands.

Rules (legal-rules.md §3, scenarios/README.md "Consent (G01)"; the readings are named in
``workflows.engine.catalogue.READINGS``):

- Who must consent, on the evaluation date (OSL 12:3, FB 6:11, 6:13): under 12 every custodial
  guardian; 12-17 every custodial guardian and the child; 18 and over the young person alone.
  A guardian suspected of harming the child is never asked (OSL 12:3 p. 1). A documented
  maturity assessment changes the default (the child alone, or the guardians alone).
- A consent counts when granted, given on or before the date, valid until on or after it (a
  consent without an end date never counts, §3.4 item 6), not withdrawn on or before it
  (§3.6), and it names the recipient, the category and the purpose (§3.4 items 3-5).
- A refusal by a required grantor blocks consent, unless that grantor later granted a consent
  that covers the disclosure (records are never edited; a later act supersedes an earlier).
- Consent never lifts OSL 35:3 (belastningsregistret) or police secrecy under OSL 18 kap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache

from workflows.engine.catalogue import (
    ADULT_AGE,
    CHILD_CONSENT_FROM_AGE,
    CONSENT_REVIEW_SECRECIES,
    MATURE_MINOR_REVIEW_CATEGORIES,
    MATURE_MINOR_REVIEW_FROM_AGE,
    MATURE_MINOR_REVIEW_PURPOSES,
    NOT_CONSENTABLE_CATEGORIES,
    NOT_CONSENTABLE_SECRECIES,
)
from workflows.engine.secrecy import Secrecy, source_secrecy
from workflows.engine.types import (
    CHILD,
    Category,
    CategoryConsent,
    Consent,
    ConsentEvaluation,
    ConsentStatus,
    Custody,
    Decision,
    Disclosure,
    GrantorResult,
    MaturityAssessment,
    MaturityFinding,
    Party,
    Purpose,
    Subject,
)

__all__ = [
    "CategoryConsent",
    "ConsentEvaluation",
    "ConsentStatus",
    "GrantorResult",
    "evaluate_consent",
    "evaluate_disclosure_consent",
    "required_grantors",
]

S = ConsentStatus

# Why one consent record does not count, in the order the checks run. Scope comes first: a
# record that does not name this recipient, category or purpose is not about this disclosure,
# whatever its dates. Among records of one grantor the one that got furthest is reported.
_FAILURES: tuple[tuple[str, ConsentStatus], ...] = (
    ("consent.scope_recipient", S.SCOPE_RECIPIENT),
    ("consent.scope_category", S.SCOPE_CATEGORY),
    ("consent.scope_purpose", S.SCOPE_PURPOSE),
    ("consent.not_yet_valid", S.NOT_YET_VALID),
    ("consent.expired", S.EXPIRED),
    ("consent.no_end_date", S.EXPIRED),
    ("consent.withdrawn", S.WITHDRAWN),
)
_FAILURE_STAGE = {code: stage for stage, (code, _) in enumerate(_FAILURES)}
_FAILURE_STATUS = dict(_FAILURES)

# When grantors fail for different reasons, the category reports the most telling one.
_GRANTOR_SEVERITY: tuple[ConsentStatus, ...] = (
    S.WITHDRAWN,
    S.EXPIRED,
    S.NOT_YET_VALID,
    S.SCOPE_RECIPIENT,
    S.SCOPE_CATEGORY,
    S.SCOPE_PURPOSE,
)

# The summary over categories: the most severe category status.
_SUMMARY_SEVERITY: tuple[ConsentStatus, ...] = (
    S.NOT_CONSENTABLE,
    S.REFUSED,
    S.WITHDRAWN,
    S.LAPSED_ADULT,
    S.EXPIRED,
    S.NOT_YET_VALID,
    S.SCOPE_RECIPIENT,
    S.SCOPE_CATEGORY,
    S.SCOPE_PURPOSE,
    S.INCOMPLETE,
    S.NONE,
    S.VALID,
)
_SUMMARY_RANK = {status: rank for rank, status in enumerate(_SUMMARY_SEVERITY)}


@lru_cache(maxsize=4096)
def recipient_refs(recipient: Party) -> frozenset[str]:
    """The consent references that name ``recipient``: agency, agency:unit, id:<unit_id>."""
    refs = {recipient.agency.value, recipient.ref}
    if recipient.unit_id is not None:
        refs.add(f"id:{recipient.unit_id}")
    return frozenset(refs)


def required_grantors(
    *,
    age: int,
    guardians: Sequence[str],
    category: Category,
    purpose: Purpose,
    on: date,
    guardian_suspected_of_harm: str | None = None,
    maturity_assessment: MaturityAssessment | None = None,
) -> tuple[tuple[str, ...], bool, bool]:
    """Who must consent: ``(grantors, no_eligible_guardian, maturity_assessment_applied)``.

    ``no_eligible_guardian`` is true for a 12-17-year-old with no custodial guardian who may
    be asked: the child's consent alone is then a question for a decision-maker (REVIEW).
    """
    if age >= ADULT_AGE:
        # Guardianship ends at 18: guardians' consents no longer count (legal-rules §3.1).
        return (CHILD,), False, False
    # OSL 12:3 p. 1: secrecy applies against a guardian suspected of harming the child.
    eligible = tuple(g for g in guardians if g != guardian_suspected_of_harm)
    if maturity_assessment is not None and maturity_assessment.covers(category, purpose, on):
        if maturity_assessment.finding is MaturityFinding.NOT_MATURE:
            return eligible, False, True
        # Under about 12 the guardians decide (JO, legal-rules §3.1); a finding that a younger
        # child is mature enough to decide alone is outside what the engine applies.
        if age >= CHILD_CONSENT_FROM_AGE:
            return (CHILD,), False, True
    if age < CHILD_CONSENT_FROM_AGE:
        return eligible, False, False
    if not eligible:
        return (CHILD,), True, False
    return (*eligible, CHILD), False, False


def _grant_failure(
    consent: Consent, refs: frozenset[str], category: Category, purpose: Purpose, on: date
) -> str | None:
    if consent.recipients.isdisjoint(refs):
        return "consent.scope_recipient"
    if category not in consent.categories:
        return "consent.scope_category"
    if purpose not in consent.purposes:
        return "consent.scope_purpose"
    if consent.given_on > on:
        return "consent.not_yet_valid"
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
        return "consent.withdrawn"  # stops counting from that day on (README)
    if consent.valid_until is None:
        return "consent.no_end_date"
    if on > consent.valid_until:
        return "consent.expired"
    return None


def _refusal_applies(
    consent: Consent, refs: frozenset[str], category: Category, purpose: Purpose, on: date
) -> bool:
    """A refusal in force on the date whose scope (where recorded) includes this disclosure."""
    return (
        consent.given_on <= on
        and (consent.withdrawn_on is None or consent.withdrawn_on > on)
        and (consent.valid_until is None or on <= consent.valid_until)
        and (not consent.recipients or not consent.recipients.isdisjoint(refs))
        and (not consent.categories or category in consent.categories)
        and (not consent.purposes or purpose in consent.purposes)
    )


@lru_cache(maxsize=256)
def _no_record(grantor: str, required: bool) -> GrantorResult:
    return GrantorResult(grantor=grantor, required=required, status=S.NONE, reason="consent.none")


def _grantor_result(
    grantor: str,
    required: bool,
    records: Iterable[Consent] | None,
    refs: frozenset[str],
    category: Category,
    purpose: Purpose,
    on: date,
) -> GrantorResult:
    if not records:
        return _no_record(grantor, required)
    refusal: Consent | None = None
    valid: Consent | None = None
    failure: str | None = None
    failure_id: str | None = None
    for consent in records:
        if consent.decision is Decision.REFUSED:
            if _refusal_applies(consent, refs, category, purpose, on) and (
                refusal is None or consent.given_on >= refusal.given_on
            ):
                refusal = consent
            continue
        why = _grant_failure(consent, refs, category, purpose, on)
        if why is None:
            if valid is None or consent.given_on > valid.given_on:
                valid = consent
        elif failure is None or _FAILURE_STAGE[why] > _FAILURE_STAGE[failure]:
            failure, failure_id = why, consent.id
    # A later covering grant supersedes a refusal; on the same day the refusal stands.
    if refusal is not None and (valid is None or valid.given_on <= refusal.given_on):
        return GrantorResult(
            grantor=grantor,
            required=required,
            status=S.REFUSED,
            reason="consent.refused",
            consent_id=refusal.id,
        )
    if valid is not None:
        return GrantorResult(
            grantor=grantor,
            required=required,
            status=S.VALID,
            reason="consent.valid",
            consent_id=valid.id,
        )
    if failure is not None:
        return GrantorResult(
            grantor=grantor,
            required=required,
            status=_FAILURE_STATUS[failure],
            reason=failure,
            consent_id=failure_id,
        )
    return GrantorResult(grantor=grantor, required=required, status=S.NONE, reason="consent.none")


def _category_consent(
    *,
    category: Category,
    secrecy: Secrecy | None,
    age: int,
    guardians: Sequence[str],
    by_grantor: dict[str, list[Consent]],
    refs: frozenset[str],
    purpose: Purpose,
    on: date,
    suspected: str | None,
    maturity: MaturityAssessment | None,
) -> tuple[CategoryConsent, bool]:
    required, no_eligible_guardian, maturity_applied = required_grantors(
        age=age,
        guardians=guardians,
        category=category,
        purpose=purpose,
        on=on,
        guardian_suspected_of_harm=suspected,
        maturity_assessment=maturity,
    )
    required_results = [
        _grantor_result(g, True, by_grantor.get(g), refs, category, purpose, on) for g in required
    ]
    results = list(required_results)
    # Those heard but not deciding (the child under 12, guardians once the young person is
    # 18) are shown too: the child's view must be recorded whatever the outcome (§3.3).
    for g, records in by_grantor.items():
        if g not in required and g != suspected:
            results.append(_grantor_result(g, False, records, refs, category, purpose, on))

    # One pass over the required grantors.
    missing: list[str] = []
    consent_ids: list[str] = []
    refused = False
    child_valid = False
    failing: list[GrantorResult] = []
    for r in required_results:
        status = r.status
        if status is S.VALID:
            if r.consent_id is not None:
                consent_ids.append(r.consent_id)
            if r.grantor == CHILD:
                child_valid = True
            continue
        missing.append(r.grantor)
        if status is S.REFUSED:
            refused = True
        elif status is not S.NONE:
            failing.append(r)

    def done(status: S, reason: str, review: str | None = None) -> tuple[CategoryConsent, bool]:
        return (
            CategoryConsent(
                category=category,
                status=status,
                reason=reason,
                required=required,
                missing=tuple(missing),
                grantors=tuple(results),
                consent_ids=tuple(consent_ids),
                review_reason=review,
            ),
            maturity_applied,
        )

    if category in NOT_CONSENTABLE_CATEGORIES or secrecy in NOT_CONSENTABLE_SECRECIES:
        return done(S.NOT_CONSENTABLE, "consent.not_consentable")
    if not required:
        return done(S.NONE, "consent.no_eligible_grantor")
    if (
        age >= ADULT_AGE
        and required_results[0].status is S.NONE  # the young person, the only grantor
        and any(
            c.decision is Decision.GRANTED
            for g, records in by_grantor.items()
            if g != CHILD
            for c in records
        )
    ):
        return done(S.LAPSED_ADULT, "consent.lapsed_adult")
    if refused:
        return done(S.REFUSED, "consent.refused")
    if not missing:
        if secrecy in CONSENT_REVIEW_SECRECIES:
            return done(S.VALID, "consent.valid", "consent.review.family_counselling")
        if no_eligible_guardian:
            return done(S.VALID, "consent.valid", "consent.review.no_eligible_guardian")
        return done(S.VALID, "consent.valid")

    review: str | None = None
    if (
        MATURE_MINOR_REVIEW_FROM_AGE <= age < ADULT_AGE
        and not maturity_applied
        and purpose in MATURE_MINOR_REVIEW_PURPOSES
        and category in MATURE_MINOR_REVIEW_CATEGORIES
        and child_valid
    ):
        # README: a 15-17-year-old consenting alone (the guardians have not all consented,
        # none refused) in a personal matter: an official may find the child mature enough.
        # "Not all" rather than "none", so that one guardian's consent never weakens this.
        review = "consent.review.mature_minor_alone"

    if failing:
        worst = min(failing, key=lambda r: _GRANTOR_SEVERITY.index(r.status))
        return done(worst.status, worst.reason, review)
    if len(missing) < len(required):  # some required grantors have consented
        return done(S.INCOMPLETE, "consent.incomplete", review)
    return done(S.NONE, "consent.none", review)


def evaluate_consent(
    *,
    subject: Subject,
    guardians: Sequence[str],
    consents: Sequence[Consent],
    recipient: Party,
    categories: Sequence[Category],
    purpose: Purpose,
    on: date,
    source: Party | None = None,
    custody: Custody | None = None,
    guardian_suspected_of_harm: str | None = None,
    maturity_assessment: MaturityAssessment | None = None,
    secrecies: Mapping[Category, Secrecy] | None = None,
) -> ConsentEvaluation:
    """Evaluate consent for one planned disclosure, per category and in summary.

    ``guardians`` are the custodial guardians' local ids (``custody`` NONE means there are
    none). ``source`` is the discloser: with it, categories held under secrecy that consent
    cannot lift (OSL 18 kap.) and family counselling (OSL 26:3, REVIEW) are recognised.
    ``secrecies`` may give the source secrecy per category when the caller has resolved it.
    """
    # Callers may pass plain strings; enum calls are skipped on the hot path.
    purpose = purpose if isinstance(purpose, Purpose) else Purpose(purpose)
    age = subject.age_on(on)
    if custody is not None and custody == Custody.NONE.value:
        guardians = ()
    refs = recipient_refs(recipient)
    by_grantor: dict[str, list[Consent]] = {}
    for consent in consents:
        by_grantor.setdefault(consent.grantor, []).append(consent)

    by_category: dict[Category, CategoryConsent] = {}
    applied = False
    for raw in categories:
        category = raw if isinstance(raw, Category) else Category(raw)
        secrecy: Secrecy | None = None
        if secrecies is not None and category in secrecies:
            secrecy = secrecies[category]
        elif source is not None:
            secrecy = source_secrecy(
                source, category, protected_identity=subject.protected_identity
            )
        result, maturity_applied = _category_consent(
            category=category,
            secrecy=secrecy,
            age=age,
            guardians=guardians,
            by_grantor=by_grantor,
            refs=refs,
            purpose=purpose,
            on=on,
            suspected=guardian_suspected_of_harm,
            maturity=maturity_assessment,
        )
        by_category[category] = result
        applied = applied or maturity_applied

    if len(by_category) == 1:
        (summary,) = by_category.values()
        required, missing = summary.required, summary.missing
    else:
        summary = min(by_category.values(), key=lambda c: _SUMMARY_RANK[c.status])
        required = tuple(dict.fromkeys(g for c in by_category.values() for g in c.required))
        missing = tuple(dict.fromkeys(g for c in by_category.values() for g in c.missing))
    excluded = tuple(g for g in guardians if g == guardian_suspected_of_harm)
    return ConsentEvaluation(
        status=summary.status,
        reason=summary.reason,
        age=age,
        required=required,
        missing=missing,
        excluded_guardians=excluded,
        maturity_assessment_applied=applied,
        by_category=by_category,
    )


def evaluate_disclosure_consent(
    disclosure: Disclosure, *, secrecies: Mapping[Category, Secrecy] | None = None
) -> ConsentEvaluation:
    """:func:`evaluate_consent` for a whole :class:`Disclosure`."""
    return evaluate_consent(
        subject=disclosure.subject,
        guardians=disclosure.guardians,
        consents=disclosure.consents,
        recipient=disclosure.to_party,
        categories=disclosure.categories,
        purpose=disclosure.purpose,
        on=disclosure.date,
        source=disclosure.from_party,
        custody=disclosure.custody,
        guardian_suspected_of_harm=disclosure.facts.guardian_suspected_of_harm,
        maturity_assessment=disclosure.maturity_assessment,
        secrecies=secrecies,
    )
