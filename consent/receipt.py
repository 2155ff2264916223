"""The consent receipt for the family: what was agreed, with whom, for how long, and how to
withdraw (legal-rules.md 3.4–3.6). HTML from a template; PDF drawn with fpdf2 (pure Python, no
system libraries), from the same context so that both say exactly the same."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF

from consent.labels import category_label, purpose_label, recipient_labels
from consent.models import ConsentRecord
from consent.queries import consent_status_on

STATUS_LABELS = {
    "active": gettext_lazy("Gäller nu"),
    "expired": gettext_lazy("Har upphört (giltighetstiden har gått ut)"),
    "withdrawn": gettext_lazy("Återkallat"),
    "superseded": gettext_lazy("Ersatt av en nyare version"),
    "refused": gettext_lazy("Samtycke lämnades inte"),
    "not_yet_valid": gettext_lazy("Gäller ännu inte"),
}


def receipt_context(consent: ConsentRecord, *, today: datetime.date) -> dict[str, Any]:
    young_person = consent.young_person
    if consent.guardian is not None:
        grantor = _("%(name)s, vårdnadshavare") % {
            "name": f"{consent.guardian.given_name} {consent.guardian.family_name}"
        }
    else:
        grantor = _("%(name)s (den unge)") % {
            "name": f"{young_person.given_name} {young_person.family_name}"
        }
    withdrawal = getattr(consent, "withdrawal", None)
    return {
        "consent": consent,
        "young_person_name": f"{young_person.given_name} {young_person.family_name}",
        "birth_date": young_person.birth_date,
        "grantor": grantor,
        "granted": consent.decision == "granted",
        "form": consent.get_form_display(),
        "recipients": [r["label"] for r in recipient_labels(consent.recipients)],
        "categories": [category_label(c) for c in consent.categories],
        "purposes": [purpose_label(p) for p in consent.purposes],
        "status": str(STATUS_LABELS[consent_status_on(consent, today)]),
        "withdrawal": withdrawal,
        "recorded_by": consent.recorded_by.get_full_name(),
        "recorded_by_unit": consent.recorded_by_unit.name,
        "today": today,
    }


def receipt_pdf(context: dict[str, Any]) -> bytes:
    consent: ConsentRecord = context["consent"]
    pdf = FPDF(format="A4")
    pdf.set_title(_("Kvitto på samtycke"))
    pdf.set_author("Samverka")
    pdf.add_page()
    pdf.set_margins(20, 20, 20)
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _("Kvitto på samtycke"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    pdf.cell(
        0,
        6,
        _("Version %(version)s, registrerat %(date)s")
        % {"version": consent.version, "date": consent.recorded_at.date().isoformat()},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)

    def row(label: str, value: str) -> None:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 7, label, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, value, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)

    row(_("Gäller"), f"{context['young_person_name']}, {_('född')} {context['birth_date']}")
    row(_("Lämnat av"), context["grantor"])
    row(_("Beslut"), _("Samtycker") if context["granted"] else _("Samtycker inte"))
    row(_("Form"), context["form"])
    row(_("Uppgifter som får lämnas"), ", ".join(context["categories"]))
    row(_("Till"), ", ".join(context["recipients"]))
    row(_("För att"), ", ".join(context["purposes"]))
    row(
        _("Giltigt"),
        _("från %(start)s till och med %(end)s")
        % {"start": consent.given_on.isoformat(), "end": consent.valid_until.isoformat()},
    )
    if consent.conditions:
        row(_("Villkor"), consent.conditions)
    if consent.form == "oral" and consent.scope_read_back:
        row(_("Uppläst och bekräftat"), consent.scope_read_back)
    row(_("Status"), str(context["status"]))
    if context["withdrawal"] is not None:
        row(_("Återkallat"), context["withdrawal"].withdrawn_on.isoformat())
    row(_("Registrerat av"), f"{context['recorded_by']}, {context['recorded_by_unit']}")
    pdf.ln(3)
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(
        0,
        5,
        _(
            "Samtycket gäller bara de uppgifter, mottagare och ändamål som står ovan. Du kan när "
            "som helst återkalla samtycket genom att kontakta den som registrerade det. En "
            "återkallelse gäller från den dagen; uppgifter som redan har lämnats ut finns kvar hos "
            "mottagaren, som skyddar dem med sin egen sekretess."
        ),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    return bytes(pdf.output())
