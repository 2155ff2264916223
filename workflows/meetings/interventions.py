"""The intervention catalogue (product.md C8), as data.

Source: Socialstyrelsen, *Insatser för att motverka fortsatt normbrytande beteende och återfall
i brott — kunskapsstöd med rekommendationer för socialtjänstens arbete med barn 6–17 år* (2021),
as presented in the seeds (docs/seeds/000 and 002). Five strong positive recommendations
("socialtjänsten bör erbjuda"), two for 6–11 and three for 12–17, and one negative ("bör inte
erbjuda") against Scared Straight-type programmes. It is the *interventions* that are
recommended; the named methods are examples with sufficient scientific support.

For an age outside a recommendation's band the status is ``no_recommendation`` (the knowledge
support says nothing either way). The advice against Scared Straight is written for 12–17, but
research shows that children who went through such programmes commit *more* crime; we flag it at
every age. ``other`` stands for an intervention outside the catalogue (no recommendation).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from workflows.meetings.models import Recommendation

SOURCE = (
    "Socialstyrelsen (2021): Insatser för att motverka fortsatt normbrytande beteende och "
    "återfall i brott. Kunskapsstöd med rekommendationer för socialtjänstens arbete med barn "
    "6–17 år."
)


@dataclass(frozen=True)
class Intervention:
    code: str
    name: str | Promise
    description: str | Promise
    examples: tuple[str, ...]
    recommended_ages: tuple[int, int] | None  # inclusive band where it is recommended
    advised_against: bool = False

    def recommendation_for(self, age: int) -> str:
        if self.advised_against:
            return Recommendation.NOT_RECOMMENDED
        if self.recommended_ages and self.recommended_ages[0] <= age <= self.recommended_ages[1]:
            return Recommendation.RECOMMENDED
        return Recommendation.NO_RECOMMENDATION


CATALOGUE: tuple[Intervention, ...] = (
    Intervention(
        code="parenting_programme",
        name=_("Beteendebaserat föräldraskapsstödsprogram"),
        description=_(
            "Stärker föräldra-barnrelationen, föräldrarnas uppsikt och tillsyn och deras "
            "uppfostringsmetoder, t.ex. positiv uppmärksamhet och tydlig gränssättning. Ges "
            "traditionellt i grupper om 8–10 föräldrar."
        ),
        examples=("Cope", "De otroliga åren", "Komet", "Triple P"),
        recommended_ages=(6, 11),
    ),
    Intervention(
        code="multimodal_skills_training",
        name=_("Multimodal KBT-baserad färdighetsträning"),
        description=_(
            "Ges till barn i grupp och utvecklar känsloreglering, problemlösning och sociala "
            "färdigheter; insatser riktas även till föräldrarna och kontakt med skolan ingår."
        ),
        examples=("Coping Power Program", "Dina-programmet", "SNAP"),
        recommended_ages=(6, 11),
    ),
    Intervention(
        code="structured_family_treatment",
        name=_("Strukturerad familjebehandling i öppenvård"),
        description=_(
            "Manualbaserade familjeterapeutiska insatser där familjemedlemmar och andra viktiga "
            "personer runt barnet involveras; stärker föräldrarnas förmågor och beteenden."
        ),
        examples=("BSFT", "FFT", "MDFT", "MST"),
        recommended_ages=(12, 17),
    ),
    Intervention(
        code="tfco",
        name=_("Treatment Foster Care Oregon (TFCO)"),
        description=_(
            "Placering i ett särskilt utbildat familjehem med ett behandlingsteam runt barnet, "
            "som alternativ till institutionsvård."
        ),
        examples=("TFCO",),
        recommended_ages=(12, 17),
    ),
    Intervention(
        code="individual_cbt_skills_training",
        name=_("Strukturerad individuell KBT-baserad beteende- och färdighetsträning"),
        description=_(
            "Ges individuellt i öppenvård eller på institution: självkontroll, problemlösning "
            "och konsekvenstänkande; kan omfatta beteendekontrakt."
        ),
        examples=(),
        recommended_ages=(12, 17),
    ),
    Intervention(
        code="scared_straight",
        name=_("Konsekvensprogram av typen Scared Straight"),
        description=_(
            "Program som ska avskräcka från fortsatt kriminalitet. Socialtjänsten bör inte "
            "erbjuda dem: barn som genomgått programmen begår fler brott."
        ),
        examples=("Scared Straight",),
        recommended_ages=None,
        advised_against=True,
    ),
    Intervention(
        code="other",
        name=_("Annan insats"),
        description=_("En insats som kunskapsstödet inte tar ställning till; ange metoden."),
        examples=(),
        recommended_ages=None,
    ),
)

BY_CODE: dict[str, Intervention] = {item.code: item for item in CATALOGUE}
