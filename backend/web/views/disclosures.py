"""The disclosure ledger as a unit sees it: what it released, and what it received."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

import audit
from backend.core.api.views import record_list_read
from backend.core.exceptions import Forbidden
from backend.web.pages import actor_of, page
from backend.web.presenters import OUTCOME_LABELS, categories_text, purpose_text
from consent.models import ConsentRecord
from consent.queries import visible_consents
from workflows.sharing.access import access_disclosure
from workflows.sharing.queries import visible_disclosures


@page
def disclosure_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not actor.is_operational:
        raise Forbidden(
            detail=_("Din roll arbetar inte med enskilda unga."), code="not_operational"
        )
    units = actor.operational_unit_ids()
    rows = list(
        visible_disclosures(actor).select_related("young_person", "from_unit", "to_unit")[:100]
    )
    record_list_read(
        actor=actor,
        action="disclosure.listed",
        ids=[d.pk for d in rows],
        young_person_ids=[d.young_person_id for d in rows],
        payload={"page": "disclosures"},
    )
    return render(
        request,
        "web/disclosures/list.html",
        {
            "rows": [
                {
                    "d": d,
                    "received": d.to_unit_id in units,
                    "categories": categories_text(d.categories),
                }
                for d in rows
            ]
        },
    )


@page
def disclosure_detail(request: HttpRequest, disclosure_id: uuid.UUID) -> HttpResponse:
    actor = actor_of(request)
    disclosure = access_disclosure(actor, disclosure_id)
    made = disclosure.from_unit_id in actor.operational_unit_ids()
    audit.record(
        actor=actor,
        action="disclosure.viewed",
        object_type="disclosure",
        object_id=disclosure.pk,
        young_person_id=disclosure.young_person_id,
        case_id=disclosure.case_id,
        legal_ground=disclosure.ground,
    )
    # The consent versions the release relied on: the recipient may open the receipts of those
    # it may see (a case member sees the case's consents), never more.
    receipts = {
        str(pk): version
        for pk, version in ConsentRecord.objects.filter(
            pk__in=visible_consents(actor).filter(pk__in=disclosure.consent_ids).values("pk")
        ).values_list("pk", "version")
    }
    return render(
        request,
        "web/disclosures/detail.html",
        {
            "d": disclosure,
            "made": made,
            "categories": categories_text(disclosure.categories),
            "purpose": purpose_text(disclosure.purpose),
            "outcome_label": OUTCOME_LABELS.get(disclosure.ground_outcome, ""),
            "consents": [
                {"id": cid, "version": receipts.get(cid), "visible": cid in receipts}
                for cid in disclosure.consent_ids
            ],
        },
    )
