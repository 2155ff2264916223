"""The confidentiality engine: may this information lawfully cross, and on which ground?

``evaluate(disclosure)`` decides each category on its own (the strongest outcome among the
grounds that apply to it) and the request as a whole as its weakest category
(scenarios/README.md "Outcomes"). It returns the applicable grounds with their provisions and
the assessment a human still owes, every ground considered and rejected with the reason, the
consent evaluation, and suggestions for what would make the disclosure lawful.

Pure: the law is the catalogue (catalogue.py), the date is an input, nothing is read or
written. Work that depends only on the parties, the source secrecy and the catalogue period
(who may disclose to whom under which secrecy) is cached; per call only the facts are checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from consent.evaluator import evaluate_disclosure_consent
from workflows.engine.catalogue import (
    ADULT_AGE,
    CATALOGUE_VERSION,
    DUTY_GROUNDS,
    GROUNDS_BY_ID,
    CrimeCondition,
    Ground,
    GroundKind,
    Version,
    epoch_of,
    epoch_start,
    party_matches,
    versions_in_epoch,
)
from workflows.engine.secrecy import ABSOLUTE_SECRECIES, Secrecy, source_secrecy
from workflows.engine.types import (
    CHILD,
    Agency,
    Category,
    CategoryConsent,
    CategoryResult,
    ConsentEvaluation,
    ConsentStatus,
    Crime,
    Disclosure,
    Facts,
    GroundMode,
    GroundResult,
    Outcome,
    Param,
    Params,
    Party,
    Purpose,
    Rejection,
    Result,
    Suggestion,
    weakest,
)

__all__ = ["GroundMode", "evaluate", "rejection_kind"]

_NO_PARAMS: Params = {}

_REJECTION_KINDS: Mapping[str, str] = {
    "rejected.not_in_force": "time",
    "rejected.no_longer_in_force": "time",
    "rejected.off": "settings",
    "rejected.wrong_sender": "parties",
    "rejected.wrong_recipient": "parties",
    "rejected.sender_not_authority": "parties",
    "rejected.recipient_not_authority": "parties",
    "rejected.different_authority": "parties",
    "rejected.not_secret": "secrecy",
    "rejected.secret_at_source": "secrecy",
    "rejected.absolute_secrecy": "secrecy",
    "rejected.secrecy_excluded": "secrecy",
}


def rejection_kind(code: str) -> str:
    """Why a ground failed, coarsely, so a UI can show near misses first.

    ``time`` (not in force), ``settings`` (switched off), ``parties`` (not for this discloser
    or recipient), ``secrecy`` (not for this kind of secrecy), ``consent`` (G01) or
    ``condition`` (the rule fits the situation but a condition is not met).
    """
    if code.startswith("consent."):
        return "consent"
    return _REJECTION_KINDS.get(code, "condition")


@dataclass(frozen=True, slots=True)
class _Plan:
    """What parties, category and catalogue period decide, before any fact is looked at."""

    secrecy: Secrecy
    rejected: tuple[Rejection, ...]  # grounds ruled out by parties, secrecy or date
    live: tuple[tuple[Ground, Version], ...]  # grounds whose facts must be checked per call
    bridge: tuple[Ground, Version] | None  # G18, decided once the duties are known


@dataclass(slots=True)
class _Applied:
    ground: Ground
    version: Version
    outcome: Outcome
    review_reason: str | None


def _reject(
    ground: Ground, version: Version | None, code: str, params: Params, category: Category
) -> Rejection:
    provision = version.provision if version is not None else ground.provision
    return Rejection(
        id=ground.id, provision=provision, code=code, params=params, categories=(category,)
    )


def _structural(
    ground: Ground,
    version: Version | None,
    sender: Party,
    recipient: Party,
    secrecy: Secrecy,
    epoch: int,
) -> tuple[str, Params] | None:
    if version is None:
        first = ground.in_force_from
        if first is not None and epoch_start(epoch) < first:
            return "rejected.not_in_force", {"from": first.isoformat()}
        last = ground.versions[-1].valid_to
        return "rejected.no_longer_in_force", {"to": last.isoformat() if last else ""}
    if ground.kind is GroundKind.NOT_SECRET:
        if secrecy is Secrecy.NONE:
            return None
        return "rejected.secret_at_source", {"secrecy": secrecy.value}
    if ground.kind is GroundKind.CONSENT:
        return None  # the consent evaluator decides, secrecy included (OSL 35:3, 18 kap.)
    if version.senders is not None and not party_matches(sender, version.senders):
        return "rejected.wrong_sender", _NO_PARAMS
    if version.sender_authority and not sender.is_public_authority:
        return "rejected.sender_not_authority", _NO_PARAMS
    if version.recipients is not None and not party_matches(recipient, version.recipients):
        return "rejected.wrong_recipient", _NO_PARAMS
    if version.recipient_authority and not recipient.is_public_authority:
        return "rejected.recipient_not_authority", _NO_PARAMS
    if (
        version.same_authority
        and sender.organisation is not None
        and recipient.organisation is not None
        and sender.organisation != recipient.organisation
    ):
        return "rejected.different_authority", _NO_PARAMS
    if secrecy in ABSOLUTE_SECRECIES:
        return "rejected.absolute_secrecy", {"secrecy": secrecy.value}
    if version.secrecies is not None and secrecy not in version.secrecies:
        if secrecy is Secrecy.NONE:
            return "rejected.not_secret", _NO_PARAMS
        return "rejected.secrecy_excluded", {"secrecy": secrecy.value}
    if ground.kind is GroundKind.NOT_MODELLED:
        return "rejected.not_modelled", {"condition": version.unmodelled_condition or ""}
    return None


@lru_cache(maxsize=16384)
def _plan(
    epoch: int, sender: Party, recipient: Party, category: Category, protected: bool
) -> _Plan:
    secrecy = source_secrecy(sender, category, protected_identity=protected)
    rejected: list[Rejection] = []
    live: list[tuple[Ground, Version]] = []
    bridge: tuple[Ground, Version] | None = None
    for ground, version in versions_in_epoch(epoch):
        failure = _structural(ground, version, sender, recipient, secrecy, epoch)
        if failure is not None:
            rejected.append(_reject(ground, version, failure[0], failure[1], category))
        elif version is None:  # pragma: no cover - a missing version always fails above
            raise AssertionError(ground.id)
        elif ground.kind is GroundKind.DUTY_BRIDGE:
            bridge = (ground, version)
        else:
            live.append((ground, version))
    return _Plan(secrecy=secrecy, rejected=tuple(rejected), live=tuple(live), bridge=bridge)


def _has_fact(facts: Facts, name: str) -> bool:
    if name == "crime":
        return facts.crime is not None
    return bool(getattr(facts, name))


def _crime_failure(cond: CrimeCondition, crime: Crime | None) -> tuple[str, Params] | None:
    if crime is None:
        return "rejected.no_crime", _NO_PARAMS
    if crime.status not in cond.statuses:
        return "rejected.crime_status", {"status": crime.status.value}
    if cond.offences is not None and crime.offence not in cond.offences:
        return "rejected.crime_offence", {"offence": crime.offence.value}
    if cond.perpetrator is not None and crime.perpetrator is not cond.perpetrator:
        return "rejected.perpetrator_not_subject", _NO_PARAMS
    if cond.victim_under is not None:
        if crime.victim_age is None:
            if not cond.victim_age_may_be_unknown:
                return "rejected.victim_age_unknown", _NO_PARAMS
        elif crime.victim_age >= cond.victim_under:
            return "rejected.victim_not_child", {"limit": cond.victim_under}
    if cond.imprisonment_in_scale and not crime.imprisonment_in_scale:
        return "rejected.no_imprisonment", _NO_PARAMS
    if cond.in_connection_with_school and not crime.in_connection_with_school:
        return "rejected.not_at_school", _NO_PARAMS
    if cond.min_penalty_months is not None:
        threshold = cond.min_penalty_months[crime.status]
        if crime.min_penalty_months is None:
            return "rejected.penalty_unknown", _NO_PARAMS
        if crime.min_penalty_months < threshold:
            return "rejected.penalty_below", {
                "months": crime.min_penalty_months,
                "threshold": threshold,
            }
    return None


def _condition_failure(
    version: Version, age: int, purpose: Purpose, facts: Facts
) -> tuple[str, Params] | None:
    if version.under_age is not None and age >= version.under_age:
        return "rejected.too_old", {"limit": version.under_age}
    if (version.purposes is not None and purpose not in version.purposes) or (
        purpose in version.excluded_purposes
    ):
        return "rejected.wrong_purpose", {"purpose": purpose.value}
    for name in version.facts_all:
        if not _has_fact(facts, name):
            return "rejected.fact_missing", {"fact": name}
    if version.facts_any and not any(_has_fact(facts, n) for n in version.facts_any):
        return "rejected.facts_missing_any", {"facts": version.facts_any}
    if version.crime is not None:
        return _crime_failure(version.crime, facts.crime)
    return None


def _version_outcome(version: Version, age: int) -> tuple[Outcome, str | None]:
    outcome = version.outcome
    if version.outcome_under_age is not None and age < version.outcome_under_age[0]:
        outcome = version.outcome_under_age[1]
    return outcome, (version.review_reason if outcome is Outcome.REVIEW else None)


def _apply_mode(applied: _Applied, mode: GroundMode | None) -> _Applied:
    if mode is GroundMode.REVIEW_ONLY and applied.outcome.stronger_than(Outcome.REVIEW):
        applied.outcome = Outcome.REVIEW
        applied.review_reason = "review.mode_review_only"
    return applied


def _consent_grantors(cc: CategoryConsent) -> tuple[str, ...]:
    """The grantors a consent reason is about (who refused, who is missing, ...)."""
    if cc.status in (ConsentStatus.NONE, ConsentStatus.INCOMPLETE):
        return cc.missing
    if cc.status is ConsentStatus.VALID:
        return cc.required
    concerned = tuple(g.grantor for g in cc.grantors if g.required and g.status is cc.status)
    return concerned or cc.required


def _normalise_modes(modes: Mapping[str, GroundMode | str] | None) -> dict[str, GroundMode]:
    if not modes:
        return {}
    normalised: dict[str, GroundMode] = {}
    for ground_id, mode in modes.items():
        if ground_id not in GROUNDS_BY_ID:
            raise ValueError(f"unknown ground {ground_id!r} in modes")
        normalised[ground_id] = GroundMode(mode)
    return normalised


def _by_id(rejection: Rejection) -> str:
    return rejection.id


def evaluate(
    disclosure: Disclosure, *, modes: Mapping[str, GroundMode | str] | None = None
) -> Result:
    """Evaluate one planned disclosure against the catalogue in force on ``disclosure.date``.

    ``modes`` maps ground ids to ``GroundMode``: ``review_only`` caps a ground at REVIEW,
    ``off`` removes it (it is listed as rejected, with that reason).
    """
    mode_of = _normalise_modes(modes)
    off = {g for g, m in mode_of.items() if m is GroundMode.OFF}
    day = disclosure.date
    epoch = epoch_of(day)
    sender, recipient, facts = disclosure.from_party, disclosure.to_party, disclosure.facts
    age = disclosure.subject.age_on(day)
    purpose = disclosure.purpose
    protected = disclosure.subject.protected_identity
    plans = {c: _plan(epoch, sender, recipient, c, protected) for c in disclosure.categories}
    consent = evaluate_disclosure_consent(
        disclosure, secrecies={c: p.secrecy for c, p in plans.items()}
    )

    by_category: dict[Category, CategoryResult] = {}
    applied_by_category: dict[Category, list[_Applied]] = {}
    near_misses: dict[Category, list[tuple[Rejection, Version]]] = {}
    for category, plan in plans.items():
        applied: list[_Applied] = []
        rejected = list(plan.rejected)
        missing_facts: list[tuple[Rejection, Version]] = []
        for ground, version in plan.live:
            if off and ground.id in off:
                rejected.append(_reject(ground, version, "rejected.off", _NO_PARAMS, category))
                continue
            mode = mode_of.get(ground.id) if mode_of else None
            kind = ground.kind
            if kind is GroundKind.CONSENT:
                cc = consent.by_category[category]
                if cc.review_reason is not None:
                    applied.append(_Applied(ground, version, Outcome.REVIEW, cc.review_reason))
                elif cc.status is ConsentStatus.VALID:
                    applied.append(
                        _apply_mode(_Applied(ground, version, version.outcome, None), mode)
                    )
                else:
                    params = {"grantors": _consent_grantors(cc)}
                    rejected.append(_reject(ground, version, cc.reason, params, category))
                continue
            if kind is GroundKind.RULE:
                failure = _condition_failure(version, age, purpose, facts)
                if failure is not None:
                    rejection = _reject(ground, version, failure[0], failure[1], category)
                    rejected.append(rejection)
                    if failure[0] == "rejected.fact_missing" and ground.suggest_facts:
                        missing_facts.append((rejection, version))
                    continue
            outcome, review_reason = _version_outcome(version, age)
            applied.append(_apply_mode(_Applied(ground, version, outcome, review_reason), mode))

        if plan.bridge is not None:
            ground, version = plan.bridge
            duties = [a for a in applied if a.ground.id in DUTY_GROUNDS]
            if ground.id in off:
                rejected.append(_reject(ground, version, "rejected.off", _NO_PARAMS, category))
            elif duties:
                # OSL 10:28 breaks secrecy exactly where a statutory duty applies, and is as
                # certain as the strongest duty it carries (G22 under 15 is REVIEW).
                duty = max(duties, key=lambda a: a.outcome.rank)
                applied.append(
                    _apply_mode(
                        _Applied(ground, version, duty.outcome, duty.review_reason),
                        mode_of.get(ground.id),
                    )
                )
            else:
                rejected.append(_reject(ground, version, "rejected.no_duty", _NO_PARAMS, category))

        if applied:
            if len(applied) > 1:
                applied.sort(key=lambda a: -a.outcome.rank)
            outcome = applied[0].outcome
        else:
            # README: imminent danger with no ground at all is for a human (nödrätt, BrB 24:4).
            outcome = Outcome.REVIEW if facts.imminent_danger else Outcome.DENY
        applied_by_category[category] = applied
        near_misses[category] = missing_facts
        by_category[category] = CategoryResult(
            category=category,
            outcome=outcome,
            grounds=tuple(a.ground.id for a in applied),
            secrecy=plan.secrecy.value,
            rejected=tuple(rejected),
        )

    overall = weakest(c.outcome for c in by_category.values())
    grounds = _ground_results(applied_by_category)
    return Result(
        outcome=overall,
        by_category=by_category,
        grounds=grounds,
        rejected=_rejected_grounds(by_category, {g.id for g in grounds}),
        suggestions=_suggestions(
            disclosure,
            age,
            by_category,
            applied_by_category,
            near_misses,
            consent,
            mode_of,
            overall,
        ),
        consent=consent,
        date=day,
        catalogue_version=CATALOGUE_VERSION,
    )


def _ground_results(
    applied_by_category: Mapping[Category, list[_Applied]],
) -> tuple[GroundResult, ...]:
    merged: dict[str, tuple[_Applied, list[Category]]] = {}
    for category, applied in applied_by_category.items():
        for a in applied:
            seen = merged.get(a.ground.id)
            if seen is None:
                merged[a.ground.id] = (a, [category])
            else:
                seen[1].append(category)
                if a.outcome.stronger_than(seen[0].outcome):
                    merged[a.ground.id] = (a, seen[1])
    results = [
        GroundResult(
            id=a.ground.id,
            provision=a.version.provision,
            outcome=a.outcome,
            assessment=a.version.assessment.value if a.version.assessment else None,
            categories=tuple(categories),
            review_reason=a.review_reason,
        )
        for a, categories in merged.values()
    ]
    results.sort(key=lambda g: (-g.outcome.rank, g.id))
    return tuple(results)


def _rejected_grounds(
    by_category: Mapping[Category, CategoryResult], applicable: set[str]
) -> tuple[Rejection, ...]:
    """Grounds that apply to no category, one entry per distinct reason."""
    if len(by_category) == 1:
        # A ground is either applied or rejected within one category: nothing to merge.
        (only,) = by_category.values()
        return only.rejected
    merged: dict[tuple[str, str, tuple[tuple[str, object], ...]], Rejection] = {}
    for result in by_category.values():
        for r in result.rejected:
            if r.id in applicable:
                continue  # applies to another category; see by_category for this one
            key = (r.id, r.code, tuple(sorted(r.params.items())))
            seen = merged.get(key)
            merged[key] = (
                r if seen is None else replace(seen, categories=seen.categories + r.categories)
            )
    return tuple(sorted(merged.values(), key=_by_id))


_CONSENT_SUGGESTION: Mapping[ConsentStatus, str] = {
    ConsentStatus.NONE: "suggest.obtain_consent",
    ConsentStatus.INCOMPLETE: "suggest.obtain_consent",
    ConsentStatus.LAPSED_ADULT: "suggest.obtain_consent_adult",
    ConsentStatus.EXPIRED: "suggest.renew_consent",
    ConsentStatus.NOT_YET_VALID: "suggest.renew_consent",
    ConsentStatus.SCOPE_RECIPIENT: "suggest.widen_consent",
    ConsentStatus.SCOPE_CATEGORY: "suggest.widen_consent",
    ConsentStatus.SCOPE_PURPOSE: "suggest.widen_consent",
    # REFUSED and WITHDRAWN are the family's answer, NOT_CONSENTABLE the law's: nothing to ask.
}
_SCOPE: Mapping[ConsentStatus, str] = {
    ConsentStatus.SCOPE_RECIPIENT: "recipient",
    ConsentStatus.SCOPE_CATEGORY: "category",
    ConsentStatus.SCOPE_PURPOSE: "purpose",
}


def _suggestions(
    disclosure: Disclosure,
    age: int,
    by_category: Mapping[Category, CategoryResult],
    applied_by_category: Mapping[Category, list[_Applied]],
    near_misses: Mapping[Category, list[tuple[Rejection, Version]]],
    consent: ConsentEvaluation,
    mode_of: Mapping[str, GroundMode],
    overall: Outcome,
) -> tuple[Suggestion, ...]:
    out: dict[tuple[str, str], dict[str, Param]] = {}

    def add(code: str, key: str, params: dict[str, Param], category: Category | None) -> None:
        seen = out.get((code, key))
        if seen is None:
            if category is not None:
                params["categories"] = (category.value,)
            out[(code, key)] = params
        elif category is not None:
            cats = seen.get("categories", ())
            assert isinstance(cats, tuple)
            if category.value not in cats:
                seen["categories"] = (*cats, category.value)

    facts = disclosure.facts
    any_mandatory = False
    for category, result in by_category.items():
        applied = applied_by_category[category]
        deciding = [a for a in applied if a.outcome is result.outcome]
        if result.outcome is Outcome.MANDATORY_REPORT:
            any_mandatory = True
            for a in deciding:
                add("suggest.fulfil_duty", a.ground.id, _ground_params(a), category)
        elif result.outcome is Outcome.ALLOW_AFTER_ASSESSMENT:
            for a in deciding:
                params = _ground_params(a)
                params["assessment"] = a.version.assessment.value if a.version.assessment else ""
                add("suggest.assessment", a.ground.id, params, category)
        elif result.outcome is Outcome.REVIEW:
            if deciding:
                for a in deciding:
                    params = _ground_params(a)
                    params["why"] = a.review_reason or "review.mode_review_only"
                    add("suggest.legal_review", a.ground.id, params, category)
            else:
                add("suggest.imminent_danger", "", {}, category)
        elif result.outcome is Outcome.ALLOW and "G00" in result.grounds[:1]:
            add("suggest.gdpr_check", "", {}, category)

        if result.outcome.rank < Outcome.ALLOW.rank and mode_of.get("G01") is not GroundMode.OFF:
            cc = consent.by_category[category]
            code = _CONSENT_SUGGESTION.get(cc.status)
            if code is not None and cc.required:
                grantors = cc.missing if cc.status is not ConsentStatus.LAPSED_ADULT else (CHILD,)
                consent_params: dict[str, Param] = {"grantors": grantors}
                if cc.status in _SCOPE:
                    consent_params["scope"] = _SCOPE[cc.status]
                key = f"{','.join(grantors)}|{consent_params.get('scope', '')}"
                add(code, key, consent_params, category)
            if cc.review_reason == "consent.review.mature_minor_alone":
                add("suggest.maturity_assessment", "", {}, category)

        # Near misses: a stronger ground that fails only for want of a fact worth checking.
        for r, version in near_misses[category]:
            if r.id == "G02":
                continue  # G02 is the concern report, suggested below
            fact = r.params.get("fact")
            if (
                isinstance(fact, str)
                and fact in GROUNDS_BY_ID[r.id].suggest_facts
                and version.outcome.stronger_than(result.outcome)
                and mode_of.get(r.id) is not GroundMode.REVIEW_ONLY
            ):
                add(
                    "suggest.check_ground",
                    r.id,
                    {"ground": r.id, "provision": r.provision, "hint": fact},
                    category,
                )

    if age < ADULT_AGE and any("G01" in c.grounds for c in by_category.values()):
        add("suggest.record_child_view", "", {}, None)

    # The concern report (SoL 19:1): whoever at a school or the police suspects a child is at
    # risk must report to social services, whatever happens to this disclosure.
    g02 = _version_of("G02", epoch_of(disclosure.date))
    if age < ADULT_AGE and g02 is not None and not any_mandatory:
        sender = disclosure.from_party.agency
        recipient = disclosure.to_party.agency
        if facts.child_at_risk and sender is not Agency.SOCIAL_SERVICES:
            if recipient is not Agency.SOCIAL_SERVICES:
                add("suggest.make_concern_report", "", {"provision": g02.provision}, None)
        elif (
            not facts.child_at_risk
            and sender in (Agency.SCHOOL, Agency.POLICE)
            and overall.rank <= Outcome.REVIEW.rank
        ):
            add("suggest.consider_concern_report", "", {"provision": g02.provision}, None)

    released = [c.value for c, r in by_category.items() if r.outcome.rank >= Outcome.ALLOW.rank]
    if released and overall.rank < Outcome.ALLOW.rank:
        add("suggest.release_part", "", {"categories": tuple(released)}, None)

    return tuple(Suggestion(code=code, params=params) for (code, _), params in out.items())


def _ground_params(a: _Applied) -> dict[str, Param]:
    return {"ground": a.ground.id, "provision": a.version.provision}


@lru_cache(maxsize=256)
def _version_of(ground_id: str, epoch: int) -> Version | None:
    for ground, version in versions_in_epoch(epoch):
        if ground.id == ground_id:
            return version
    return None
