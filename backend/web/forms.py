"""The pages' forms. They parse and label input; every rule lives in the actions, whose
``InvalidInput`` is put back on the form (``pages.form_invalid``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from backend.people.models import Custody
from consent.models import ConsentDecision, ConsentForm
from workflows.sharing.models import ConcernCategory, Urgency

Choices = list[tuple[str, Any]]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _choices(field: forms.Field, choices: Choices) -> None:
    field.choices = choices  # type: ignore[attr-defined]  # ChoiceField and subclasses


# --- concerns ------------------------------------------------------------------------------


class ConcernForm(forms.Form):
    young_person = forms.UUIDField(
        label=_("Elev du redan har registrerad"), required=False, widget=forms.Select
    )
    personnummer = forms.CharField(
        label=_("Personnummer"),
        required=False,
        max_length=20,
        help_text=_("ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    given_name = forms.CharField(label=_("Förnamn"), required=False, max_length=100)
    family_name = forms.CharField(label=_("Efternamn"), required=False, max_length=100)
    from_unit = forms.ChoiceField(label=_("Du anmäler för enheten"))
    observations = forms.CharField(
        label=_("Vad har du sett eller hört?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Beskriv vad som hänt, inte vad du tror. Skriv så att någon annan förstår."),
        required=False,
    )
    observed_on = forms.DateField(label=_("När (ungefär)?"), required=False, widget=DateInput())
    categories = forms.MultipleChoiceField(
        label=_("Områden"),
        choices=ConcernCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    urgency = forms.ChoiceField(
        label=_("Hur bråttom är det?"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    child_at_risk = forms.BooleanField(
        label=_("Jag misstänker att barnet far illa"),
        required=False,
        help_text=_(
            "Då är det en orosanmälan (SoL 19 kap. 1 §): den skickas direkt till "
            "socialtjänsten och kräver inget samtycke."
        ),
    )

    def __init__(self, *args: Any, units: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["from_unit"], units)
        if len(units) == 1:
            self.fields["from_unit"].widget = forms.HiddenInput()
            self.fields["from_unit"].initial = units[0][0]

    def offer_pupils(self, pupils: Choices) -> None:
        """The known pupils to choose from, set only when the form is shown (reading them is
        an audited list read); the chosen one is checked by the access helper."""
        self.fields["young_person"].widget.choices = [("", _("– Välj elev –")), *pupils]
        self.show_pupils = bool(pupils)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("young_person"):
            for name, message in (
                ("personnummer", _("Ange elevens personnummer.")),
                ("given_name", _("Ange elevens förnamn.")),
                ("family_name", _("Ange elevens efternamn.")),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data


class AcknowledgeForm(forms.Form):
    feedback = forms.CharField(
        label=_("Återkoppling till den som anmälde"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("SoL 19 kap. 6 §: inom en vecka. Skriv inga uppgifter om utredningen."),
        required=False,
    )


# --- young people and cases ----------------------------------------------------------------


class YoungPersonForm(forms.Form):
    given_name = forms.CharField(label=_("Förnamn"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Efternamn"), max_length=100, required=False)
    protected_identity = forms.BooleanField(
        label=_("Skyddade personuppgifter"),
        required=False,
        help_text=_("Adress och vårdnadshavare visas då bara för socialtjänsten."),
    )
    custody = forms.ChoiceField(
        label=_("Vårdnad"),
        choices=[
            ("joint", _("Gemensam vårdnad (två vårdnadshavare)")),
            ("sole", _("Ensam vårdnad (en vårdnadshavare)")),
            ("none", _("Ingen vårdnadshavare registrerad")),
        ],
        widget=forms.RadioSelect,
    )
    g1_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    g1_given_name = forms.CharField(label=_("Förnamn"), max_length=100, required=False)
    g1_family_name = forms.CharField(label=_("Efternamn"), max_length=100, required=False)
    g1_personnummer = forms.CharField(
        label=_("Personnummer"),
        max_length=20,
        required=False,
        help_text=_("Visas inte igen; lämna tomt för att behålla det som är registrerat."),
    )
    g2_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    g2_given_name = forms.CharField(label=_("Förnamn"), max_length=100, required=False)
    g2_family_name = forms.CharField(label=_("Efternamn"), max_length=100, required=False)
    g2_personnummer = forms.CharField(
        label=_("Personnummer"),
        max_length=20,
        required=False,
        help_text=_("Visas inte igen; lämna tomt för att behålla det som är registrerat."),
    )

    GUARDIAN_FIELDS = {
        f"guardians.{i}.{name}": f"g{i + 1}_{name}"
        for i in range(2)
        for name in ("given_name", "family_name", "personnummer")
    }

    def guardian_rows(self) -> list[dict[str, Any]]:
        """What was filled in, in order; custody from the one choice above (FB 6 kap.)."""
        custody = self.cleaned_data.get("custody")
        rows = []
        for prefix in ("g1", "g2"):
            given = self.cleaned_data.get(f"{prefix}_given_name", "")
            family = self.cleaned_data.get(f"{prefix}_family_name", "")
            number = self.cleaned_data.get(f"{prefix}_personnummer", "")
            if custody == "none" or not (given or family or number):
                continue
            rows.append(
                {
                    "id": self.cleaned_data.get(f"{prefix}_id"),
                    "given_name": given,
                    "family_name": family,
                    "personnummer": number,
                    "custody": Custody.JOINT if custody == "joint" else Custody.SOLE,
                }
            )
        return rows


class YoungPersonRegisterForm(YoungPersonForm):
    """Register a young person for one's unit (found or created, as the API does)."""

    personnummer = forms.CharField(
        label=_("Personnummer eller samordningsnummer"),
        max_length=20,
        help_text=_("ÅÅÅÅMMDD-NNNN eller ÅÅMMDD-NNNN."),
    )
    unit = forms.ChoiceField(label=_("Du registrerar för enheten"))

    field_order = ["unit", "personnummer", "given_name", "family_name"]

    def __init__(self, *args: Any, units: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["unit"], units)
        self.fields["custody"].initial = "joint"
        self.fields["g1_personnummer"].help_text = ""
        self.fields["g2_personnummer"].help_text = ""
        if len(units) == 1:
            # One unit: nothing to choose, and nothing lost if the field does not come back.
            self.fields["unit"].widget = forms.HiddenInput()
            self.fields["unit"].initial = units[0][0]
            self.fields["unit"].required = False
            self._only_unit = units[0][0]
        else:
            self._only_unit = ""

    def clean_unit(self) -> str:
        return str(self.cleaned_data.get("unit") or self._only_unit)


class CaseForm(forms.Form):
    lead_unit = forms.ChoiceField(label=_("Ledande enhet"))
    participating_units = forms.MultipleChoiceField(
        label=_("Deltagande enheter"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Enheter som ska samverka i ärendet. Inget delas med dem förrän något lämnas ut."
        ),
    )

    def __init__(self, *args: Any, lead_units: Choices, units: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["lead_unit"], lead_units)
        _choices(self.fields["participating_units"], units)
        if len(lead_units) == 1:
            self.fields["lead_unit"].widget = forms.HiddenInput()
            self.fields["lead_unit"].initial = lead_units[0][0]


class CaseStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Ändra status"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Varför avslutas ärendet?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Krävs när ärendet avslutas."),
    )

    def __init__(self, *args: Any, statuses: Choices, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)
        _choices(self.fields["status"], statuses)


class MemberForm(forms.Form):
    member = forms.ChoiceField(label=_("Lägg till medlem"))

    def __init__(self, *args: Any, candidates: Choices, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "member")
        super().__init__(*args, **kwargs)
        _choices(self.fields["member"], [("", _("– Välj person –")), *candidates])


# --- consent -------------------------------------------------------------------------------


class ConsentCaptureForm(forms.Form):
    grantor = forms.ChoiceField(label=_("Vem lämnar samtycket?"), widget=forms.RadioSelect)
    decision = forms.ChoiceField(
        label=_("Beslut"),
        choices=ConsentDecision.choices,
        initial=ConsentDecision.GRANTED,
        widget=forms.RadioSelect,
    )
    form = forms.ChoiceField(
        label=_("Form"),
        choices=ConsentForm.choices,
        initial=ConsentForm.WRITTEN,
        widget=forms.RadioSelect,
    )
    document = forms.FileField(
        label=_("Undertecknat samtycke (PDF, JPEG eller PNG)"),
        required=False,
        help_text=_("Krävs för ett skriftligt samtycke."),
    )
    scope_read_back = forms.CharField(
        label=_("Vad lästes upp och bekräftades?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Krävs för ett muntligt samtycke."),
    )
    given_on = forms.DateField(label=_("Lämnat"), widget=DateInput())
    valid_until = forms.DateField(
        label=_("Giltigt till och med"),
        required=False,
        widget=DateInput(),
        help_text=_("Lämna tomt för standardtiden (högst 12 månader)."),
    )
    recipients = forms.MultipleChoiceField(
        label=_("Till vem får uppgifterna lämnas?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    categories = forms.MultipleChoiceField(
        label=_("Vilka uppgifter?"), widget=forms.CheckboxSelectMultiple, required=False
    )
    purposes = forms.MultipleChoiceField(
        label=_("För vilket ändamål?"), widget=forms.CheckboxSelectMultiple, required=False
    )
    conditions = forms.CharField(
        label=_("Villkor"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    note = forms.CharField(
        label=_("Anteckning (den unges inställning m.m.)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        grantors: Choices,
        recipients: Choices,
        categories: Choices,
        purposes: Choices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["grantor"], grantors)
        _choices(self.fields["recipients"], recipients)
        _choices(self.fields["categories"], categories)
        _choices(self.fields["purposes"], purposes)


class ConsentWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Varför återkallas samtycket?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    withdrawn_on = forms.DateField(
        label=_("Återkallat den"), required=False, widget=DateInput(), help_text=_("Tomt: i dag.")
    )


# --- sharing requests ----------------------------------------------------------------------

BOOLEAN_FACTS = (
    "child_at_risk",
    "investigation_opened",
    "should_prompt_social_services_action",
    "concrete_risk_of_crime",
    "terrorism_risk",
    "risk_of_violence_against_close_relative",
    "found_in_acute_danger",
    "necessary_for_own_activity",
    "necessary_for_care_or_support",
    "imminent_danger",
)


class _PlannedDisclosureForm(forms.Form):
    """Who discloses to whom, what and why, and the facts known: the part of a request and
    of an own-initiative disclosure that the engine's live answer is computed from."""

    from_unit = forms.ChoiceField()
    to_unit = forms.ChoiceField()
    categories = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple, required=False)
    purpose = forms.ChoiceField(label=_("Ändamål"))
    facts = forms.MultipleChoiceField(
        label=_("Omständigheter som du känner till"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Kryssa bara i det som stämmer; det avgör vilka grunder som kan gälla."),
    )
    labels: dict[str, Any] = {}

    def __init__(
        self,
        *args: Any,
        from_units: Choices,
        to_units: Choices,
        categories: Choices,
        purposes: Choices,
        facts: Choices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, label in self.labels.items():
            self.fields[name].label = label
        _choices(self.fields["from_unit"], from_units)
        _choices(self.fields["to_unit"], [("", _("– Välj enhet –")), *to_units])
        _choices(self.fields["categories"], categories)
        _choices(self.fields["purpose"], [("", _("– Välj ändamål –")), *purposes])
        _choices(self.fields["facts"], facts)
        if len(from_units) == 1:
            self.fields["from_unit"].widget = forms.HiddenInput()
            self.fields["from_unit"].initial = from_units[0][0]


class RequestForm(_PlannedDisclosureForm):
    labels = {
        "from_unit": _("Du begär för enheten"),
        "to_unit": _("Begär från"),
        "categories": _("Vilka uppgifter behöver du?"),
    }
    reason = forms.CharField(
        label=_("Varför behövs uppgifterna?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    urgency = forms.ChoiceField(
        label=_("Brådska"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    deadline = forms.DateField(
        label=_("Sista svarsdag"),
        required=False,
        widget=DateInput(),
        help_text=_("Tomt: räknas i arbetsdagar efter brådskan."),
    )


class OwnDisclosureForm(_PlannedDisclosureForm):
    """Lämna uppgifter på eget initiativ: a police notification to social services, a rektor's
    crime report, and other disclosures that no one asked for."""

    from_unit = forms.ChoiceField(label=_("Du lämnar för enheten"))
    to_unit = forms.ChoiceField(label=_("Till"))
    categories = forms.MultipleChoiceField(
        label=_("Vilka uppgifter lämnar du?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    purpose = forms.ChoiceField(label=_("Ändamål"))
    facts = forms.MultipleChoiceField(
        label=_("Omständigheter som du känner till"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Kryssa bara i det som stämmer; det avgör vilka grunder som kan gälla."),
    )
    crime_status = forms.ChoiceField(
        label=_("Brott"),
        required=False,
        choices=[
            ("", _("– Inget brott –")),
            ("committed", _("Begånget")),
            ("attempt", _("Försök")),
            ("preparation", _("Förberedelse eller stämpling")),
            ("planned", _("Planerat")),
        ],
    )
    crime_perpetrator = forms.ChoiceField(
        label=_("Vem misstänks"),
        required=False,
        choices=[("subject", _("Den unge")), ("other", _("Någon annan"))],
        widget=forms.RadioSelect,
    )
    crime_offence = forms.ChoiceField(
        label=_("Typ av brott"),
        required=False,
        choices=[
            ("other", _("Annat brott")),
            ("brb3", _("Brott mot liv och hälsa (BrB 3 kap.)")),
            ("brb4", _("Brott mot frihet och frid (BrB 4 kap.)")),
            ("brb6", _("Sexualbrott (BrB 6 kap.)")),
            ("fgm", _("Könsstympning")),
            ("drug_supply_to_minor", _("Langning av narkotika, dopning eller alkohol till barn")),
        ],
    )
    crime_imprisonment_in_scale = forms.BooleanField(
        label=_("Fängelse ingår i straffskalan"), required=False
    )
    crime_min_penalty_months = forms.IntegerField(
        label=_("Lägsta straff i månader"), required=False, min_value=0, max_value=600
    )
    crime_victim_age = forms.IntegerField(
        label=_("Brottsoffrets ålder"), required=False, min_value=0, max_value=120
    )
    crime_in_connection_with_school = forms.BooleanField(
        label=_("I samband med skolans verksamhet"), required=False
    )
    content = forms.CharField(
        label=_("Vad lämnar du ut?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Bara det som grunden täcker och mottagaren behöver."),
    )
    ground = forms.ChoiceField(label=_("Grund"), required=False)
    assessment = forms.CharField(
        label=_("Dokumenterad prövning"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Krävs när grunden kräver en prövning."),
    )

    def __init__(self, *args: Any, grounds: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["ground"], [("", _("Starkaste gemensamma grund")), *grounds])


def own_disclosure_facts(data: Any, boolean_facts: list[str]) -> dict[str, Any]:
    """The engine's facts from the form's checkboxes and crime fields (raw POST data, so that
    the live answer works while the form is still incomplete)."""
    facts: dict[str, Any] = {name: True for name in boolean_facts if name in BOOLEAN_FACTS}
    status = data.get("crime_status") or ""
    if status:

        def number(name: str) -> int | None:
            try:
                return int(data.get(name) or "")
            except ValueError:
                return None

        facts["crime"] = {
            "status": status,
            "perpetrator": data.get("crime_perpetrator") or "subject",
            "offence": data.get("crime_offence") or "other",
            "victim_age": number("crime_victim_age"),
            "min_penalty_months": number("crime_min_penalty_months"),
            "imprisonment_in_scale": bool(data.get("crime_imprisonment_in_scale")),
            "in_connection_with_school": bool(data.get("crime_in_connection_with_school")),
        }
    return facts


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Beslut"), widget=forms.RadioSelect)
    categories = forms.MultipleChoiceField(
        label=_("Uppgifter som lämnas ut"), widget=forms.CheckboxSelectMultiple, required=False
    )
    ground = forms.ChoiceField(label=_("Grund"), required=False)
    assessment = forms.CharField(
        label=_("Dokumenterad prövning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    note = forms.CharField(
        label=_("Motivering till den som begärde"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Krävs vid avslag."),
    )

    def __init__(
        self,
        *args: Any,
        decisions: Choices,
        categories: Choices,
        grounds: Choices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["decision"], decisions)
        _choices(self.fields["categories"], categories)
        _choices(self.fields["ground"], [("", _("Starkaste gemensamma grund")), *grounds])


class DiscloseForm(forms.Form):
    content = forms.CharField(
        label=_("Det som lämnas ut"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Skriv bara det som beslutet omfattar. Mottagaren ser exakt denna text."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Uppgifter"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, categories: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["categories"], categories)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Anledning"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


# --- the auditor's pages -------------------------------------------------------------------


class AuditSearchForm(forms.Form):
    young_person = forms.UUIDField(
        label=_("Ung person (id)"),
        required=False,
        help_text=_("Sök på personnummer i rutan ovan; numret hamnar aldrig i en adress."),
    )
    actor = forms.ChoiceField(label=_("Användare"), required=False)
    unit = forms.ChoiceField(label=_("Enhet"), required=False)
    agency = forms.ChoiceField(label=_("Verksamhet"), required=False)
    action = forms.ChoiceField(label=_("Händelse"), required=False)
    outcome = forms.ChoiceField(label=_("Utfall"), required=False)
    case = forms.UUIDField(label=_("Ärende-id"), required=False)
    since = forms.DateField(label=_("Från och med"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Till och med"), required=False, widget=DateInput())

    def __init__(
        self,
        *args: Any,
        users: Choices,
        units: Choices,
        agencies: Choices,
        actions: Choices,
        outcomes: Choices,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        everyone = ("", _("Alla"))
        _choices(self.fields["actor"], [everyone, *users])
        _choices(self.fields["unit"], [everyone, *units])
        _choices(self.fields["agency"], [everyone, *agencies])
        _choices(self.fields["action"], [everyone, *actions])
        _choices(self.fields["outcome"], [everyone, *outcomes])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("Slutdatumet ligger före startdatumet."))
        return data


class AccessReportLookupForm(forms.Form):
    """Posted, never in a URL: a personnummer must not reach access logs or browser history."""

    personnummer = forms.CharField(
        label=_("Personnummer"),
        max_length=20,
        help_text=_("Vem har tagit del av uppgifter om den här unga personen?"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    show = forms.ChoiceField(
        choices=[("report", "report"), ("events", "events")],
        required=False,
        widget=forms.HiddenInput,
    )


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("Från och med"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Till och med"), required=False, widget=DateInput())


# --- meetings, action items and the case plan ----------------------------------------------


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class MeetingForm(forms.Form):
    day = forms.DateField(label=_("Datum"), widget=DateInput())
    starts = forms.TimeField(label=_("Börjar"), widget=TimeInput())
    ends = forms.TimeField(label=_("Slutar"), widget=TimeInput())
    location = forms.CharField(label=_("Plats"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Dagordning"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    participants = forms.MultipleChoiceField(
        label=_("Deltagare"), widget=forms.CheckboxSelectMultiple, required=False
    )
    follow_up_of = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, participants: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["participants"], participants)


class MeetingUpdateForm(MeetingForm):
    minutes = forms.CharField(
        label=_("Minnesanteckningar"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    decisions = forms.CharField(
        label=_("Beslut"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    status = forms.ChoiceField(label=_("Status"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, statuses: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["status"], statuses)


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Åtgärd"), max_length=300, required=False)
    owner = forms.ChoiceField(label=_("Ansvarig"))
    due_on = forms.DateField(label=_("Klart senast"), widget=DateInput())

    def __init__(self, *args: Any, owners: Choices, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "item")
        super().__init__(*args, **kwargs)
        _choices(self.fields["owner"], owners)


class ActionItemUpdateForm(ActionItemForm):
    status = forms.ChoiceField(label=_("Status"), widget=forms.RadioSelect)

    def __init__(self, *args: Any, statuses: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["status"], statuses)


class AssessmentForm(forms.Form):
    instrument = forms.CharField(
        label=_("Bedömningsinstrument"),
        max_length=100,
        help_text=_("T.ex. ESTER, SAVRY eller YLS/CMI."),
    )
    assessed_on = forms.DateField(label=_("Bedömningsdatum"), widget=DateInput())
    level = forms.ChoiceField(label=_("Samlad risknivå"), widget=forms.RadioSelect)
    summary = forms.CharField(
        label=_("Sammanfattning"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, levels: Choices, areas: Choices, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "assessment")
        super().__init__(*args, **kwargs)
        _choices(self.fields["level"], levels)
        self.area_fields = []
        for value, label in areas:
            name = f"area_{value}"
            self.fields[name] = forms.ChoiceField(
                label=label, required=False, choices=[("", _("Inte bedömt")), *levels]
            )
            self.area_fields.append(name)

    def area_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.area_fields]


class GoalForm(forms.Form):
    who = forms.ChoiceField(label=_("Vem ska göra något?"), widget=forms.RadioSelect)
    behaviour = forms.CharField(
        label=_("Vad ska hen göra?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Skriv målet som ett beteende, t.ex. ”går till skolan varje dag”."),
    )
    risk_area = forms.ChoiceField(label=_("Riskområde"), required=False)
    target_date = forms.DateField(label=_("Måldatum"), required=False, widget=DateInput())
    parent = forms.ChoiceField(label=_("Delmål till"), required=False)

    def __init__(
        self, *args: Any, actors: Choices, areas: Choices, parents: Choices, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "goal")
        super().__init__(*args, **kwargs)
        _choices(self.fields["who"], actors)
        _choices(self.fields["risk_area"], [("", "–"), *areas])
        _choices(self.fields["parent"], [("", _("– Ett eget mål –")), *parents])


class InterventionForm(forms.Form):
    code = forms.ChoiceField(label=_("Insats"), widget=forms.RadioSelect)
    method = forms.CharField(
        label=_("Metod"), max_length=100, required=False, help_text=_("T.ex. MST eller Komet.")
    )
    starts_on = forms.DateField(label=_("Startar"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Ungefärligt slutdatum"), widget=DateInput())
    goals = forms.MultipleChoiceField(
        label=_("Mål som insatsen ska hjälpa till med"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    confirm_not_recommended = forms.BooleanField(
        label=_("Jag har läst varningen och väljer ändå insatsen"), required=False
    )
    note = forms.CharField(
        label=_("Anteckning"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, codes: Choices, goals: Choices, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "intervention")
        super().__init__(*args, **kwargs)
        _choices(self.fields["code"], codes)
        _choices(self.fields["goals"], goals)


class FollowUpForm(forms.Form):
    goal = forms.ChoiceField(label=_("Mål"))
    followed_up_on = forms.DateField(label=_("Uppföljningsdatum"), widget=DateInput())
    attainment = forms.ChoiceField(label=_("Måluppfyllelse"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Analys"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Om målet inte nåddes: varför, och vad görs nu?"),
    )

    def __init__(self, *args: Any, goals: Choices, attainments: Choices, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "follow_up")
        super().__init__(*args, **kwargs)
        _choices(self.fields["goal"], goals)
        _choices(self.fields["attainment"], attainments)
