"""POST /api/v1/disclosure-checks/ — "may I share this?" (api.md, product.md C6)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from backend.core.actor import Actor
from backend.core.api.views import SamverkaAPIView, actor_of, resolve_reference
from backend.core.exceptions import Forbidden, InvalidInput
from backend.organisations.models import Unit
from backend.people.access import access_young_person
from consent.labels import language
from workflows.engine import types as engine
from workflows.engine.scenarios import (
    check_body_errors,
    facts_errors,
    result_to_json,
    to_disclosure,
)
from workflows.sharing.checks import record_check
from workflows.sharing.engine_input import disclosure_for, facts_of, party_of, run_engine

RECORD_MODE_FIELDS = {"young_person", "from", "to", "categories", "purpose", "facts", "date"}


def _party(actor: Actor, value: Any, field: str) -> engine.Party:
    """A unit id of the caller's municipality, or a party object ``{agency, unit, operator}``."""
    if isinstance(value, str):
        try:
            pk = uuid.UUID(value)
        except ValueError:
            raise InvalidInput(errors={field: [_("Ange ett enhets-id eller en part.")]}) from None
        unit = (
            Unit.objects.select_related("organisation")
            .filter(pk=pk, organisation__municipality_id=str(actor.municipality_id))
            .first()
        )
        if unit is None:
            raise InvalidInput(errors={field: [_("Okänd enhet.")]})
        return party_of(unit, field=field)
    if isinstance(value, dict):
        try:
            return engine.Party(
                agency=value.get("agency", ""),
                unit=value.get("unit"),
                operator=value.get("operator", "municipal"),
            )
        except ValueError:
            raise InvalidInput(
                errors={field: [_("Okänd verksamhet eller enhet för verksamheten.")]}
            ) from None
    raise InvalidInput(errors={field: [_("Ange ett enhets-id eller en part.")]})


def _vocabulary_errors(body: dict[str, Any]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    categories = body.get("categories")
    if not isinstance(categories, list) or not categories:
        errors["categories"] = [_("Ange minst en uppgiftskategori.")]
    else:
        for index, category in enumerate(categories):
            if category not in engine.Category._value2member_map_:
                errors[f"categories.{index}"] = [_("Okänd uppgiftskategori.")]
    if body.get("purpose") not in engine.Purpose._value2member_map_:
        errors["purpose"] = [_("Okänt ändamål.")]
    return errors


class DisclosureCheckView(SamverkaAPIView):
    @extend_schema(
        tags=["confidentiality"],
        summary="Får jag lämna ut detta? Motorns bedömning per kategori och sammantaget",
        request=OpenApiTypes.OBJECT,
        responses=OpenApiTypes.OBJECT,
        examples=[
            OpenApiExample(
                "Recorded young person",
                value={
                    "young_person": "<uuid>",
                    "from": "<unit id>",
                    "to": {"agency": "police", "unit": "local_police"},
                    "categories": ["family_situation"],
                    "purpose": "support_planning",
                    "facts": {},
                },
            )
        ],
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        if not actor.is_operational:
            raise Forbidden(
                detail=_("Din roll gör inga bedömningar av utlämnanden."), code="not_operational"
            )
        body = request.data if isinstance(request.data, dict) else {}
        today = timezone.localdate()
        young_person = None
        if "young_person" in body:
            unknown = sorted(set(body) - RECORD_MODE_FIELDS)
            errors: dict[str, list[str]] = {
                name: [_("Fältet används inte tillsammans med young_person.")] for name in unknown
            }
            errors.update(_vocabulary_errors(body))
            errors.update(facts_errors(body.get("facts") or {}))
            if errors:
                raise InvalidInput(errors=errors)
            young_person = resolve_reference(
                access_young_person,
                actor,
                body["young_person"],
                field="young_person",
                message=_("Okänd ung person."),
            )
            on = today
            if body.get("date"):
                try:
                    on = datetime.date.fromisoformat(str(body["date"]))
                except ValueError:
                    raise InvalidInput(errors={"date": [_("Ange datum som ÅÅÅÅ-MM-DD.")]}) from None
            disclosure = disclosure_for(
                young_person=young_person,
                from_party=_party(actor, body.get("from"), "from"),
                to_party=_party(actor, body.get("to"), "to"),
                categories=body["categories"],
                purpose=body["purpose"],
                facts=facts_of(body.get("facts")),
                on=on,
            )
        else:
            scenario = {"date": today.isoformat(), **body}
            errors = check_body_errors(scenario)
            if errors:
                raise InvalidInput(errors=errors)
            disclosure = to_disclosure(scenario)
        result = run_engine(disclosure)
        record_check(
            actor=actor,
            disclosure=disclosure,
            result=result,
            young_person=young_person,
            mode="record" if young_person else "hypothetical",
        )
        return Response(result_to_json(result, lang=language()))
