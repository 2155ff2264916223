"""Swedish and English texts for every reason and suggestion code of the engine.

Pure dictionary lookups: ``render(code, params, lang)``. Swedish first (product.md principle 7);
legal terms keep their Swedish names in the English texts. The texts are written for a
socialsekreterare, a rektor or a police officer, not for a lawyer: they say what the rule asks
and what to do, and name the provision so a lawyer can check it.

Parameters are formatted by name: ``categories``, ``grantors``, ``facts`` (tuples) become
readable lists; ``fact``, ``purpose``, ``secrecy``, ``assessment``, ``status``, ``offence`` and
``scope`` become labels; ``why`` is itself a message code and is rendered in place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from workflows.engine.secrecy import SECRECY_PROVISIONS, Secrecy
from workflows.engine.types import (
    Param,
    Params,
    Rejection,
    Suggestion,
)

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

_SV: dict[str, str] = {
    # ---- grounds (short titles) --------------------------------------------------------
    "ground.G00": "Uppgiften är inte sekretessbelagd hos den som lämnar den",
    "ground.G01": "Samtycke",
    "ground.G02": "Anmälningsskyldighet till socialtjänsten (orosanmälan)",
    "ground.G03": "Uppgiftsskyldighet i socialtjänstens barnutredning",
    "ground.G04": "Polisens underrättelse till socialtjänsten",
    "ground.G05": "Underrättelse om misstänkt brott av den som är under 18 år",
    "ground.G06": "Nödvändigt utlämnande för att fullgöra den egna verksamheten",
    "ground.G07": "Förebygga att den som är under 21 år begår brott",
    "ground.G08": "Förebygga terroristbrott",
    "ground.G09": "Förebygga våld mot närstående",
    "ground.G10": "Förhindra vissa trafikbrott m.m.",
    "ground.G11": "Omedelbart polisingripande för den som är under 18 år",
    "ground.G12": "Misstänkt brott mot barn",
    "ground.G13": "Misstänkt langning av narkotika, dopning eller alkohol till barn",
    "ground.G14": "Begånget brott med straffminimum (socialtjänst och hälso- och sjukvård)",
    "ground.G15": "Begånget brott med fängelse i straffskalan (övrig sekretess)",
    "ground.G16": "Brottsbekämpning mellan myndigheter (ny regel)",
    "ground.G17": "Generalklausulen",
    "ground.G18": "Uppgiftsskyldighet enligt lag eller förordning",
    "ground.G19": "Hälso- och sjukvård till socialtjänst: nödvändig vård eller stöd",
    "ground.G20": "Socialtjänst till socialtjänst eller elevhälsans medicinska del",
    "ground.G21": "Elevhälsans medicinska del till övrig elevhälsa",
    "ground.G22": "Rektors skyldighet att polisanmäla brott av elev",
    "ground.G23": "Skyldighet att lämna uppgifter till brottsbekämpande myndigheter",
    "ground.G24": "Polisen till socialtjänsten för att förebygga terroristbrott",
    "ground.G25": "Fristående skola: tystnadsplikt",
    "ground.G26": "Fristående skola, elevhälsans medicinska del: tystnadsplikt",
    # ---- assessments ---------------------------------------------------------------------
    "assessment.inte olämpligt": "att det inte är olämpligt att lämna ut uppgifterna med hänsyn "
    "till socialtjänstens planerade eller pågående insatser (och att risken bygger på konkreta "
    "omständigheter)",
    "assessment.uppenbart företräde": "att intresset av att lämna ut uppgifterna uppenbart har "
    "företräde framför det intresse som sekretessen ska skydda",
    "assessment.övervägande skäl": "om övervägande skäl talar för att sekretessintresset har "
    "företräde (i så fall får uppgifterna inte lämnas)",
    "assessment.nödvändigt": "att utlämnandet är nödvändigt; lämna bara det som behövs",
    "assessment.konkreta omständigheter": "att konkreta omständigheter visar risken",
    "assessment.intresseavvägning": "att intresset av att lämna ut uppgifterna väger tyngre än "
    "sekretessintresset",
    "assessment.anmälningsplikt utlöst": "att du vet eller misstänker att barnet far illa",
    # ---- why a ground does not apply -------------------------------------------------
    "rejected.not_in_force": "regeln gäller först från {from}",
    "rejected.no_longer_in_force": "regeln gällde bara till och med {to}",
    "rejected.off": "regeln är avstängd i den här kommunens inställningar",
    "rejected.wrong_sender": "regeln gäller inte för den som lämnar uppgifterna",
    "rejected.sender_not_authority": "en fristående skola är inte en myndighet; "
    "offentlighets- och sekretesslagens regler om att lämna uppgifter gäller inte för den",
    "rejected.wrong_recipient": "regeln gäller inte för den som ska ta emot uppgifterna",
    "rejected.recipient_not_authority": "mottagaren är inte en myndighet (t.ex. en fristående "
    "skola), och regeln tillåter bara utlämnande till myndigheter",
    "rejected.different_authority": "regeln gäller bara inom samma myndighet (samma huvudman)",
    "rejected.not_secret": "uppgifterna är inte sekretessbelagda hos den som lämnar dem, så "
    "regeln behövs inte",
    "rejected.secret_at_source": "uppgifterna är sekretessbelagda hos den som lämnar dem "
    "({secrecy})",
    "rejected.absolute_secrecy": "uppgifterna omfattas av absolut sekretess ({secrecy}); "
    "varken samtycke eller andra regler i offentlighets- och sekretesslagen bryter den",
    "rejected.secrecy_excluded": "regeln gäller inte uppgifter som skyddas av {secrecy}",
    "rejected.too_old": "regeln gäller bara den som är under {limit} år",
    "rejected.wrong_purpose": "regeln gäller inte för syftet {purpose}",
    "rejected.fact_missing": "uppgift saknas om {fact}",
    "rejected.facts_missing_any": "inget intresse som regeln kan väga är angivet ({facts})",
    "rejected.no_crime": "inget brott eller misstänkt brott är angivet",
    "rejected.crime_status": "regeln omfattar inte brott i stadiet {status}",
    "rejected.crime_offence": "regeln omfattar inte brottstypen {offence}",
    "rejected.perpetrator_not_subject": "regeln gäller bara brott som den unge själv misstänks för",
    "rejected.victim_age_unknown": "brottsoffrets ålder är inte angiven",
    "rejected.victim_not_child": "brottsoffret är inte under {limit} år",
    "rejected.no_imprisonment": "fängelse ingår inte i straffskalan för brottet",
    "rejected.not_at_school": "brottet har inte skett i samband med skolans verksamhet",
    "rejected.penalty_unknown": "brottets straffminimum är inte angivet",
    "rejected.penalty_below": "straffminimum ({months} månader) är lägre än regelns gräns "
    "({threshold} månader)",
    "rejected.not_modelled": "regeln gäller bara vissa trafik-, luftfarts-, järnvägs- och "
    "sjöfartsbrott (t.ex. rattfylleri); sådana uppgifter finns inte i underlaget, pröva manuellt",
    "rejected.no_duty": "ingen lagstadgad uppgiftsskyldighet gäller",
    # ---- consent ---------------------------------------------------------------------------
    "consent.valid": "giltigt samtycke finns från {grantors}",
    "consent.none": "samtycke saknas från {grantors}",
    "consent.refused": "{grantors} har sagt nej; samtycke kan inte användas",
    "consent.incomplete": "samtycke saknas fortfarande från {grantors}",
    "consent.expired": "samtycket från {grantors} har gått ut",
    "consent.no_end_date": "samtycket från {grantors} saknar slutdatum och kan därför inte "
    "användas",
    "consent.not_yet_valid": "samtycket från {grantors} gäller inte ännu (det är lämnat efter "
    "dagen för utlämnandet)",
    "consent.withdrawn": "{grantors} har återkallat sitt samtycke",
    "consent.lapsed_adult": "den unge har fyllt 18 år; vårdnadshavarnas samtycke gäller inte "
    "längre, bara den unges eget",
    "consent.scope_recipient": "samtycket från {grantors} omfattar inte den här mottagaren",
    "consent.scope_category": "samtycket från {grantors} omfattar inte den här sortens uppgifter",
    "consent.scope_purpose": "samtycket från {grantors} omfattar inte det här syftet",
    "consent.not_consentable": "samtycke kan inte häva den här sekretessen (belastningsregistret "
    "eller polisens sekretess enligt OSL 18 kap.)",
    "consent.no_eligible_grantor": "det finns ingen vårdnadshavare som kan tillfrågas om samtycke",
    "consent.review.family_counselling": "uppgifter från familjerådgivning (OSL 26 kap. 3 §) får "
    "inte lämnas på samtycke utan att en jurist har prövat saken",
    "consent.review.no_eligible_guardian": "bara den unge har samtyckt och ingen vårdnadshavare "
    "kan tillfrågas; en beslutsfattare måste pröva om den unges samtycke räcker",
    "consent.review.mature_minor_alone": "den unge (15–17 år) har samtyckt ensam i en personlig "
    "angelägenhet; en beslutsfattare får pröva om den unge är mogen nog att bestämma själv "
    "(OSL 12 kap. 3 §)",
    # ---- why REVIEW --------------------------------------------------------------------
    "review.old_wording_unverified": "regelns lydelse före den 1 april 2025 är inte kontrollerad "
    "i underlaget; en jurist måste pröva",
    "review.g15_old_wording": "den äldre lydelsen krävde att annan påföljd än böter kunde "
    "förväntas, vilket systemet inte kan bedöma",
    "review.g16_new": "regeln är ny (1 december 2025) och oprövad i praxis; en jurist måste "
    "pröva intresseavvägningen",
    "review.g22_under_15": "det är oklart om rektors anmälningsskyldighet gäller elever under "
    "15 år",
    "review.g23_unverified": "lagens omfattning och undantag är inte kontrollerade; en jurist "
    "måste pröva",
    "review.private_actor": "en fristående skola har tystnadsplikt utan uttrycklig regel för att "
    "lämna uppgifter till polisen; en jurist måste pröva",
    "review.mode_review_only": "kommunen har bestämt att den här regeln alltid ska prövas av en "
    "beslutsfattare eller jurist",
    "review.imminent_danger": "ingen regel tillåter utlämnandet, men det finns akut fara; nödrätt "
    "(BrB 24 kap. 4 §) måste prövas av en människa",
    # ---- suggestions -----------------------------------------------------------------------
    "suggest.fulfil_duty": "Du är skyldig att lämna uppgifterna enligt {provision}. Samtycke "
    "behövs inte och ska inte efterfrågas som villkor. Lämna bara det som skyldigheten omfattar "
    "och dokumentera.",
    "suggest.assessment": "En beslutsfattare måste pröva och dokumentera {assessment} "
    "({provision}) innan uppgifterna lämnas ut.",
    "suggest.legal_review": "Låt en jurist eller beslutsfattare pröva {provision}: {why}.",
    "suggest.imminent_danger": "Vid akut fara för liv eller hälsa: larma 112. Ingen regel i "
    "underlaget tillåter utlämnandet; en beslutsfattare måste pröva saken.",
    "suggest.obtain_consent": "Be om samtycke från {grantors} för {categories} "
    "(OSL 12 kap. 2–3 §§).",
    "suggest.obtain_consent_adult": "Be den unge själv om samtycke; vårdnadshavarnas samtycke "
    "gäller inte efter 18 års ålder.",
    "suggest.renew_consent": "Be {grantors} om ett nytt samtycke med giltighetstid som omfattar "
    "dagen för utlämnandet.",
    "suggest.widen_consent": "Samtycket från {grantors} omfattar inte {scope}; be om ett nytt "
    "samtycke som gör det.",
    "suggest.maturity_assessment": "En beslutsfattare kan dokumentera en bedömning av om den "
    "unge är mogen nog att själv bestämma över sekretessen (OSL 12 kap. 3 §).",
    "suggest.record_child_view": "Dokumentera barnets inställning och hur den har vägts in "
    "(SoL 3 kap., FB 6 kap. 11 §).",
    "suggest.make_concern_report": "Om du vet eller misstänker att barnet far illa ska du "
    "genast göra en orosanmälan till socialtjänsten ({provision}); det kräver inget samtycke.",
    "suggest.consider_concern_report": "Om du vet eller misstänker att barnet far illa är du "
    "skyldig att göra en orosanmälan till socialtjänsten ({provision}); samtycke behövs inte.",
    "suggest.check_ground": "Pröva {provision} ({title}) {hint}.",
    "suggest.release_part": "Uppgifterna om {categories} kan lämnas ut redan nu; resten kräver "
    "mer.",
    "suggest.gdpr_check": "Uppgifterna om {categories} är inte sekretessbelagda, men "
    "dataskyddsförordningen gäller: lämna bara det som behövs för ändamålet.",
    # ---- labels ----------------------------------------------------------------------------
    "grantor.child": "den unge",
    "grantor.guardian": "vårdnadshavare {id}",
    "and": "och",
    "or": "eller",
    "scope.recipient": "mottagaren",
    "scope.category": "den här sortens uppgifter",
    "scope.purpose": "syftet",
    "category.attendance": "närvaro",
    "category.school_situation": "skolsituation och resultat",
    "category.behaviour": "beteende och incidenter",
    "category.family_situation": "familjesituation",
    "category.social_services_measures": "socialtjänstens insatser",
    "category.health": "hälsa (elevhälsans medicinska del)",
    "category.psychosocial": "psykosociala uppgifter (kurator, psykolog)",
    "category.suspected_crime": "misstänkt brott",
    "category.police_intelligence": "polisens underrättelseuppgifter",
    "category.criminal_record": "belastningsregistret",
    "category.contact_details": "kontaktuppgifter",
    "purpose.child_welfare_concern": "orosanmälan",
    "purpose.child_investigation": "barnutredning",
    "purpose.support_planning": "gemensam SSP-planering",
    "purpose.crime_prevention": "att förebygga brott",
    "purpose.crime_investigation": "brottsutredning",
    "purpose.immediate_intervention": "omedelbart ingripande",
    "purpose.protective_measures": "skyddsåtgärder",
    "purpose.care_or_support": "vård eller stöd",
    "purpose.own_activity": "den egna verksamheten",
    "fact.child_at_risk": "att barnet far illa eller riskerar att fara illa",
    "fact.investigation_opened": "att socialtjänsten har inlett en barnutredning",
    "fact.should_prompt_social_services_action": "att förhållandena bör leda till en åtgärd av "
    "socialtjänsten",
    "fact.concrete_risk_of_crime": "konkreta omständigheter som visar en risk för att den unge "
    "kommer att begå brott",
    "fact.terrorism_risk": "en konkret risk för terroristbrott",
    "fact.risk_of_violence_against_close_relative": "en konkret risk för allvarligt våld mot en "
    "närstående",
    "fact.found_in_acute_danger": "att den unge har påträffats i akut fara och polisen behöver "
    "ingripa omedelbart",
    "fact.necessary_for_own_activity": "att utlämnandet är nödvändigt för den egna verksamheten",
    "fact.necessary_for_care_or_support": "att uppgifterna behövs för att den unge ska få "
    "nödvändig vård, behandling eller stöd",
    "fact.imminent_danger": "akut fara för liv eller hälsa",
    "fact.crime": "ett brott eller misstänkt brott",
    "status.committed": "fullbordat brott",
    "status.attempt": "försök",
    "status.preparation": "förberedelse eller stämpling",
    "status.planned": "planerat (ännu inte försök eller förberedelse)",
    "offence.brb3": "brott mot liv och hälsa (BrB 3 kap.)",
    "offence.brb4": "brott mot frihet och frid (BrB 4 kap.)",
    "offence.brb6": "sexualbrott (BrB 6 kap.)",
    "offence.fgm": "könsstympning",
    "offence.drug_supply_to_minor": "langning till barn",
    "offence.other": "annat brott",
    "condition.listed_traffic_offence": "vissa trafikbrott",
    "hint.child_at_risk": "om du vet eller misstänker att barnet far illa",
    "factshort.imminent_danger": "akut fara",
    "factshort.concrete_risk_of_crime": "konkret risk för brott",
    "factshort.necessary_for_care_or_support": "behov av vård eller stöd",
    "factshort.child_at_risk": "oro för att barnet far illa",
    "factshort.terrorism_risk": "risk för terroristbrott",
    "factshort.risk_of_violence_against_close_relative": "risk för våld mot närstående",
    "factshort.crime": "ett brott",
    "hint.should_prompt_social_services_action": "om det polisen sett bör leda till en åtgärd "
    "av socialtjänsten",
    "hint.concrete_risk_of_crime": "om konkreta omständigheter visar en risk för att den unge "
    "kommer att begå brott",
    "hint.necessary_for_care_or_support": "om uppgifterna behövs för att den unge ska få "
    "nödvändig vård, behandling eller stöd",
}

_EN: dict[str, str] = {
    "ground.G00": "The information is not secret where it is held",
    "ground.G01": "Consent (samtycke)",
    "ground.G02": "Duty to report to social services (orosanmälan)",
    "ground.G03": "Duty to inform a child investigation of social services",
    "ground.G04": "Police notification to social services",
    "ground.G05": "Notification of a suspected crime by a person under 18",
    "ground.G06": "Disclosure necessary for the discloser's own activity",
    "ground.G07": "Preventing crime by a person under 21",
    "ground.G08": "Preventing terrorist crime",
    "ground.G09": "Preventing violence against a close relative",
    "ground.G10": "Preventing certain traffic crimes etc.",
    "ground.G11": "Immediate police intervention for a person under 18",
    "ground.G12": "Suspected crime against a child",
    "ground.G13": "Suspected supply of drugs, doping substances or alcohol to a child",
    "ground.G14": "Committed crime above a minimum penalty (social services and health care)",
    "ground.G15": "Committed crime with imprisonment in the penalty scale (other secrecy)",
    "ground.G16": "Crime control between public authorities (new rule)",
    "ground.G17": "The general clause (generalklausulen)",
    "ground.G18": "Duty to provide information under a law or ordinance",
    "ground.G19": "Health care to social services: necessary care or support",
    "ground.G20": "Social services to social services or the medical elevhälsa",
    "ground.G21": "Medical elevhälsa to the rest of the elevhälsa",
    "ground.G22": "The rektor's duty to report crimes by pupils to the police",
    "ground.G23": "Duty to provide information to law-enforcement authorities",
    "ground.G24": "Police to social services to prevent terrorist crime",
    "ground.G25": "Independent school: duty of confidentiality (tystnadsplikt)",
    "ground.G26": "Independent school, medical elevhälsa: duty of confidentiality",
    "assessment.inte olämpligt": "that disclosure is not inappropriate given social services' "
    "planned or ongoing measures, and that the risk rests on concrete circumstances "
    "(inte olämpligt)",
    "assessment.uppenbart företräde": "that the interest in disclosure obviously outweighs the "
    "interest the secrecy protects (uppenbart företräde)",
    "assessment.övervägande skäl": "whether predominant reasons favour the secrecy interest, in "
    "which case the information must not be disclosed (övervägande skäl)",
    "assessment.nödvändigt": "that the disclosure is necessary; disclose only what is needed "
    "(nödvändigt)",
    "assessment.konkreta omständigheter": "that concrete circumstances show the risk "
    "(konkreta omständigheter)",
    "assessment.intresseavvägning": "that the interest in disclosure outweighs the secrecy "
    "interest (intresseavvägning)",
    "assessment.anmälningsplikt utlöst": "that you know or suspect that the child is being "
    "harmed or is at risk",
    "rejected.not_in_force": "the rule applies only from {from}",
    "rejected.no_longer_in_force": "the rule applied only until {to}",
    "rejected.off": "the rule is switched off in this municipality's settings",
    "rejected.wrong_sender": "the rule does not apply to the discloser",
    "rejected.sender_not_authority": "an independent school is not a public authority; the "
    "disclosure rules of the Public Access and Secrecy Act (OSL) do not apply to it",
    "rejected.wrong_recipient": "the rule does not apply to this recipient",
    "rejected.recipient_not_authority": "the recipient is not a public authority (e.g. an "
    "independent school), and the rule allows disclosure to public authorities only",
    "rejected.different_authority": "the rule applies only within the same authority",
    "rejected.not_secret": "the information is not secret where it is held, so the rule is not "
    "needed",
    "rejected.secret_at_source": "the information is secret where it is held ({secrecy})",
    "rejected.absolute_secrecy": "the information is under absolute secrecy ({secrecy}); "
    "neither consent nor any other OSL rule lifts it",
    "rejected.secrecy_excluded": "the rule does not apply to information protected by {secrecy}",
    "rejected.too_old": "the rule applies only to a person under {limit}",
    "rejected.wrong_purpose": "the rule does not apply to the purpose {purpose}",
    "rejected.fact_missing": "nothing is recorded about {fact}",
    "rejected.facts_missing_any": "no interest the rule can weigh is recorded ({facts})",
    "rejected.no_crime": "no crime or suspected crime is recorded",
    "rejected.crime_status": "the rule does not cover a crime at the stage {status}",
    "rejected.crime_offence": "the rule does not cover the offence {offence}",
    "rejected.perpetrator_not_subject": "the rule applies only to crimes the young person is "
    "suspected of",
    "rejected.victim_age_unknown": "the victim's age is not recorded",
    "rejected.victim_not_child": "the victim is not under {limit}",
    "rejected.no_imprisonment": "imprisonment is not in the penalty scale of the offence",
    "rejected.not_at_school": "the crime did not happen in connection with school activity",
    "rejected.penalty_unknown": "the minimum penalty of the offence is not recorded",
    "rejected.penalty_below": "the minimum penalty ({months} months) is below the rule's "
    "threshold ({threshold} months)",
    "rejected.not_modelled": "the rule covers only certain traffic, aviation, rail and maritime "
    "crimes (e.g. drunk driving), which are not recorded here; check manually",
    "rejected.no_duty": "no statutory duty to provide information applies",
    "consent.valid": "valid consent from {grantors}",
    "consent.none": "no consent from {grantors}",
    "consent.refused": "{grantors} refused; consent cannot be used",
    "consent.incomplete": "consent still missing from {grantors}",
    "consent.expired": "the consent of {grantors} has expired",
    "consent.no_end_date": "the consent of {grantors} has no end date and cannot be used",
    "consent.not_yet_valid": "the consent of {grantors} is not valid yet (it was given after the "
    "day of disclosure)",
    "consent.withdrawn": "{grantors} withdrew the consent",
    "consent.lapsed_adult": "the young person has turned 18; the guardians' consent no longer "
    "counts, only the young person's own",
    "consent.scope_recipient": "the consent of {grantors} does not cover this recipient",
    "consent.scope_category": "the consent of {grantors} does not cover this kind of information",
    "consent.scope_purpose": "the consent of {grantors} does not cover this purpose",
    "consent.not_consentable": "consent cannot lift this secrecy (belastningsregistret or police "
    "secrecy under OSL 18 kap.)",
    "consent.no_eligible_grantor": "there is no guardian who can be asked for consent",
    "consent.review.family_counselling": "family counselling information (OSL 26 kap. 3 §) must "
    "not be disclosed on consent without a lawyer's review",
    "consent.review.no_eligible_guardian": "only the young person consented and no guardian can "
    "be asked; a decision-maker must decide whether the young person's consent suffices",
    "consent.review.mature_minor_alone": "the young person (15–17) consented alone in a personal "
    "matter; a decision-maker may find the young person mature enough to decide alone "
    "(OSL 12 kap. 3 §)",
    "review.old_wording_unverified": "the rule's wording before 1 April 2025 is not verified in "
    "the legal research; a lawyer must decide",
    "review.g15_old_wording": "the older wording required that a sanction other than a fine "
    "could be expected, which the system cannot judge",
    "review.g16_new": "the rule is new (1 December 2025) and untested; a lawyer must weigh the "
    "interests",
    "review.g22_under_15": "it is unclear whether the rektor's duty to report covers pupils "
    "under 15",
    "review.g23_unverified": "the scope and exemptions of the law are not verified; a lawyer "
    "must decide",
    "review.private_actor": "an independent school has a duty of confidentiality with no "
    "express rule for disclosing to the police; a lawyer must decide",
    "review.mode_review_only": "the municipality has decided that this rule is always reviewed "
    "by a decision-maker or lawyer",
    "review.imminent_danger": "no rule allows the disclosure, but there is imminent danger; "
    "necessity (nödrätt, BrB 24 kap. 4 §) must be weighed by a person",
    "suggest.fulfil_duty": "You must disclose under {provision}. Consent is not needed and must "
    "not be asked for as a condition. Disclose only what the duty covers, and document it.",
    "suggest.assessment": "A decision-maker must assess and document {assessment} "
    "({provision}) before the information is disclosed.",
    "suggest.legal_review": "Have a lawyer or decision-maker review {provision}: {why}.",
    "suggest.imminent_danger": "If life or health is in immediate danger, call 112. No rule in "
    "the catalogue allows the disclosure; a decision-maker must decide.",
    "suggest.obtain_consent": "Ask {grantors} for consent covering {categories} "
    "(OSL 12 kap. 2–3 §§).",
    "suggest.obtain_consent_adult": "Ask the young person for consent; guardians' consent does "
    "not count from the age of 18.",
    "suggest.renew_consent": "Ask {grantors} for a new consent valid on the day of disclosure.",
    "suggest.widen_consent": "The consent of {grantors} does not cover {scope}; ask for a new "
    "consent that does.",
    "suggest.maturity_assessment": "A decision-maker may document whether the young person is "
    "mature enough to decide on the secrecy alone (OSL 12 kap. 3 §).",
    "suggest.record_child_view": "Record the child's view and how much weight it was given "
    "(SoL 3 kap., FB 6 kap. 11 §).",
    "suggest.make_concern_report": "If you know or suspect that the child is being harmed or is "
    "at risk, report to social services at once ({provision}); no consent is needed.",
    "suggest.consider_concern_report": "If you know or suspect that the child is being harmed "
    "or is at risk, you must report to social services ({provision}); consent is not needed.",
    "suggest.check_ground": "Consider {provision} ({title}) {hint}.",
    "suggest.release_part": "The information on {categories} may be disclosed now; the rest "
    "needs more.",
    "suggest.gdpr_check": "The information on {categories} is not secret, but the GDPR applies: "
    "disclose only what the purpose needs.",
    "grantor.child": "the young person",
    "grantor.guardian": "guardian {id}",
    "and": "and",
    "or": "or",
    "scope.recipient": "the recipient",
    "scope.category": "this kind of information",
    "scope.purpose": "the purpose",
    "category.attendance": "attendance",
    "category.school_situation": "school situation and results",
    "category.behaviour": "behaviour and incidents",
    "category.family_situation": "family situation",
    "category.social_services_measures": "social services measures",
    "category.health": "health (medical elevhälsa)",
    "category.psychosocial": "psychosocial information (kurator, psychologist)",
    "category.suspected_crime": "suspected crime",
    "category.police_intelligence": "police intelligence",
    "category.criminal_record": "criminal record (belastningsregistret)",
    "category.contact_details": "contact details",
    "purpose.child_welfare_concern": "a concern report (orosanmälan)",
    "purpose.child_investigation": "a child investigation",
    "purpose.support_planning": "joint SSP planning",
    "purpose.crime_prevention": "crime prevention",
    "purpose.crime_investigation": "crime investigation",
    "purpose.immediate_intervention": "immediate intervention",
    "purpose.protective_measures": "protective measures",
    "purpose.care_or_support": "care or support",
    "purpose.own_activity": "the discloser's own activity",
    "fact.child_at_risk": "a child being harmed or at risk (far illa)",
    "fact.investigation_opened": "a child investigation opened by social services",
    "fact.should_prompt_social_services_action": "circumstances that should lead social "
    "services to act",
    "fact.concrete_risk_of_crime": "concrete circumstances showing a risk that the young person "
    "will commit crime",
    "fact.terrorism_risk": "a concrete risk of terrorist crime",
    "fact.risk_of_violence_against_close_relative": "a concrete risk of serious violence "
    "against a close relative",
    "fact.found_in_acute_danger": "the young person found in acute danger, needing immediate "
    "police intervention",
    "fact.necessary_for_own_activity": "disclosure being necessary for the discloser's own "
    "activity",
    "fact.necessary_for_care_or_support": "the information being needed for necessary care, "
    "treatment or support",
    "fact.imminent_danger": "imminent danger to life or health",
    "fact.crime": "a crime or suspected crime",
    "status.committed": "committed",
    "status.attempt": "attempt",
    "status.preparation": "preparation or conspiracy",
    "status.planned": "planned (not yet attempted or prepared)",
    "offence.brb3": "crimes against life and health (BrB 3 kap.)",
    "offence.brb4": "crimes against liberty and peace (BrB 4 kap.)",
    "offence.brb6": "sexual crimes (BrB 6 kap.)",
    "offence.fgm": "female genital mutilation",
    "offence.drug_supply_to_minor": "supply to a child",
    "offence.other": "another crime",
    "condition.listed_traffic_offence": "certain traffic crimes",
    "hint.child_at_risk": "if you know or suspect that the child is being harmed or is at risk",
    "factshort.imminent_danger": "imminent danger",
    "factshort.concrete_risk_of_crime": "a concrete risk of crime",
    "factshort.necessary_for_care_or_support": "a need for care or support",
    "factshort.child_at_risk": "concern that the child is at risk",
    "factshort.terrorism_risk": "a risk of terrorist crime",
    "factshort.risk_of_violence_against_close_relative": "a risk of violence against a close "
    "relative",
    "factshort.crime": "a crime",
    "hint.should_prompt_social_services_action": "if what the police observed should lead "
    "social services to act",
    "hint.concrete_risk_of_crime": "if concrete circumstances show a risk that the young person "
    "will commit crime",
    "hint.necessary_for_care_or_support": "if the information is needed for the young person "
    "to get necessary care, treatment or support",
}

MESSAGES: Mapping[str, Mapping[str, str]] = {"sv": _SV, "en": _EN}


def _table(lang: str) -> Mapping[str, str]:
    return MESSAGES.get(lang, _SV)


def _join(items: list[str], lang: str, joiner: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {_table(lang)[joiner]} {items[-1]}"


def _label(prefix: str, value: Param, lang: str) -> str:
    return _table(lang).get(f"{prefix}.{value}", str(value))


def _grantor(grantor: str, lang: str) -> str:
    if grantor == "child":
        return _table(lang)["grantor.child"]
    return _table(lang)["grantor.guardian"].format(id=grantor)


def _many(prefix: str) -> Callable[[Param, str], str]:
    def fmt(value: Param, lang: str) -> str:
        values = value if isinstance(value, tuple) else (str(value),)
        joiner = "or" if prefix == "factshort" else "and"
        return _join([_label(prefix, v, lang) for v in values], lang, joiner)

    return fmt


def _grantors(value: Param, lang: str) -> str:
    values = value if isinstance(value, tuple) else (str(value),)
    return _join([_grantor(v, lang) for v in values], lang)


def _secrecy(value: Param, lang: str) -> str:
    try:
        return SECRECY_PROVISIONS[Secrecy(str(value))]
    except ValueError:
        return str(value)


_FORMATTERS: Mapping[str, Callable[[Param, str], str]] = {
    "categories": _many("category"),
    "grantors": _grantors,
    "facts": _many("factshort"),
    "fact": _many("fact"),
    "purpose": _many("purpose"),
    "status": _many("status"),
    "offence": _many("offence"),
    "scope": _many("scope"),
    "assessment": _many("assessment"),
    "condition": _many("condition"),
    "hint": _many("hint"),
    "secrecy": _secrecy,
    "why": lambda value, lang: render(str(value), {}, lang),
}


def render(code: str, params: Params | None = None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The text for ``code`` in ``lang`` (Swedish when the language is unknown).

    A ``ground`` parameter also provides ``{title}``. An unknown code renders as itself, so a
    missing text shows up in review instead of failing a disclosure decision.
    """
    table = _table(lang)
    template = table.get(code)
    if template is None:
        return code
    values: dict[str, str] = {}
    for name, value in (params or {}).items():
        formatter = _FORMATTERS.get(name)
        values[name] = formatter(value, lang) if formatter else str(value)
    if "ground" in values and "title" not in values:
        values["title"] = table.get(f"ground.{values['ground']}", values["ground"])
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template


def ground_title(ground_id: str, lang: str = DEFAULT_LANGUAGE) -> str:
    return _table(lang).get(f"ground.{ground_id}", ground_id)


def render_rejection(rejection: Rejection, lang: str = DEFAULT_LANGUAGE) -> str:
    """``provision: reason``.

    For example "OSL 10 kap. 18 a §: regeln gäller bara den som är under 21 år".
    """
    return f"{rejection.provision}: {render(rejection.code, rejection.params, lang)}"


def render_suggestion(suggestion: Suggestion, lang: str = DEFAULT_LANGUAGE) -> str:
    return render(suggestion.code, suggestion.params, lang)


def render_review(code: str | None, lang: str = DEFAULT_LANGUAGE) -> str | None:
    return None if code is None else render(code, {}, lang)
