from __future__ import annotations

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from backend.core.actor import Actor
from workflows.sharing.models import Concern, Disclosure, SharingRequest


def _unit(unit: Any) -> dict[str, Any]:
    return {
        "id": str(unit.pk),
        "name": unit.name,
        "agency": unit.organisation.agency,
        "kind": unit.kind,
    }


def _young_person(young_person: Any) -> dict[str, Any]:
    return {
        "id": str(young_person.pk),
        "given_name": young_person.given_name,
        "family_name": young_person.family_name,
        "birth_date": young_person.birth_date.isoformat(),
    }


class FactsField(serializers.JSONField):
    """Facts as in the scenario vocabulary (validated against the schema by the action)."""


class ConcernCreateSerializer(serializers.Serializer[dict[str, Any]]):
    young_person = serializers.UUIDField(required=False)
    personnummer = serializers.CharField(required=False, max_length=20)
    given_name = serializers.CharField(required=False, max_length=100)
    family_name = serializers.CharField(required=False, max_length=100)
    from_unit = serializers.UUIDField()
    observations = serializers.CharField(allow_blank=True)
    observed_on = serializers.DateField(required=False, allow_null=True)
    categories = serializers.ListField(child=serializers.CharField())
    urgency = serializers.CharField(default="normal")
    child_at_risk = serializers.BooleanField(default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("young_person"):
            missing = [f for f in ("personnummer", "given_name", "family_name") if not attrs.get(f)]
            if missing:
                raise serializers.ValidationError(
                    {f: [serializers.Field.default_error_messages["required"]] for f in missing}
                )
        return attrs


class ConcernAcknowledgeSerializer(serializers.Serializer[dict[str, Any]]):
    feedback = serializers.CharField(allow_blank=True)


class ConcernSerializer(serializers.ModelSerializer[Concern]):
    young_person = serializers.SerializerMethodField()
    from_unit = serializers.SerializerMethodField()
    to_unit = serializers.SerializerMethodField()
    raised_by = serializers.CharField(source="raised_by.get_full_name")
    feedback_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Concern
        fields = [
            "id",
            "young_person",
            "from_unit",
            "to_unit",
            "raised_by",
            "observations",
            "observed_on",
            "categories",
            "urgency",
            "child_at_risk",
            "status",
            "created_at",
            "feedback_due_on",
            "feedback_overdue",
            "acknowledged_at",
            "feedback",
        ]

    def get_young_person(self, concern: Concern) -> dict[str, Any]:
        return _young_person(concern.young_person)

    def get_from_unit(self, concern: Concern) -> dict[str, Any]:
        return _unit(concern.from_unit)

    def get_to_unit(self, concern: Concern) -> dict[str, Any]:
        return _unit(concern.to_unit)

    def get_feedback_overdue(self, concern: Concern) -> bool:
        return concern.acknowledged_at is None and timezone.localdate() > concern.feedback_due_on


class RequestCreateSerializer(serializers.Serializer[dict[str, Any]]):
    young_person = serializers.UUIDField()
    case = serializers.UUIDField()
    from_unit = serializers.UUIDField()
    to_unit = serializers.UUIDField()
    categories = serializers.ListField(child=serializers.CharField(), allow_empty=True)
    purpose = serializers.CharField()
    reason = serializers.CharField(allow_blank=True)
    urgency = serializers.CharField(default="normal")
    facts = FactsField(default=dict)
    deadline = serializers.DateField(required=False, allow_null=True)


class DecideSerializer(serializers.Serializer[dict[str, Any]]):
    decision = serializers.CharField()
    categories = serializers.ListField(child=serializers.CharField(), required=False)
    ground = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    assessment = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DiscloseSerializer(serializers.Serializer[dict[str, Any]]):
    content = serializers.CharField(allow_blank=True)
    categories = serializers.ListField(child=serializers.CharField(), required=False)


class ReasonSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class SharingRequestSerializer(serializers.ModelSerializer[SharingRequest]):
    """One request as its requester or its holder sees it: the requester never sees the
    holder's internal assessment, and nobody sees content here (only in the disclosure)."""

    young_person = serializers.SerializerMethodField()
    from_unit = serializers.SerializerMethodField()
    to_unit = serializers.SerializerMethodField()
    check = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()
    disclosure = serializers.SerializerMethodField()
    box = serializers.SerializerMethodField()

    class Meta:
        model = SharingRequest
        fields = [
            "id",
            "status",
            "box",
            "young_person",
            "case",
            "from_unit",
            "to_unit",
            "categories",
            "purpose",
            "reason",
            "urgency",
            "deadline",
            "facts",
            "check",
            "decision",
            "disclosure",
            "ended_reason",
            "created_at",
            "submitted_at",
        ]

    def _is_holder(self, request: SharingRequest) -> bool:
        actor = self.context["actor"]
        assert isinstance(actor, Actor)
        return request.to_unit_id in actor.operational_unit_ids()

    def get_box(self, request: SharingRequest) -> str:
        return "inbox" if self._is_holder(request) else "outbox"

    def get_young_person(self, request: SharingRequest) -> dict[str, Any]:
        return _young_person(request.young_person)

    def get_from_unit(self, request: SharingRequest) -> dict[str, Any]:
        return _unit(request.from_unit)

    def get_to_unit(self, request: SharingRequest) -> dict[str, Any]:
        return _unit(request.to_unit)

    def get_check(self, request: SharingRequest) -> Any:
        return request.check_at_decision or request.check_at_submit

    def get_decision(self, request: SharingRequest) -> dict[str, Any] | None:
        if not request.decision:
            return None
        provision = None
        check = request.check_at_decision or {}
        for ground in check.get("grounds", []):
            if ground["id"] == request.ground:
                provision = ground["provision"]
        data: dict[str, Any] = {
            "decision": request.decision,
            "released_categories": request.released_categories,
            "refused_categories": [
                c for c in request.categories if c not in request.released_categories
            ],
            "ground": request.ground or None,
            "provision": provision,
            "consent_ids": request.consent_ids,
            "note": request.decision_note,
            "decided_at": request.decided_at.isoformat() if request.decided_at else None,
            "decided_by": request.decided_by.get_full_name() if request.decided_by else None,
        }
        if self._is_holder(request):
            data["assessment"] = request.assessment
        return data

    def get_disclosure(self, request: SharingRequest) -> str | None:
        disclosure = getattr(request, "disclosure", None)
        return str(disclosure.pk) if disclosure is not None else None


class DisclosureCreateSerializer(serializers.Serializer[dict[str, Any]]):
    young_person = serializers.UUIDField()
    case = serializers.UUIDField(required=False, allow_null=True)
    from_unit = serializers.UUIDField()
    to_unit = serializers.UUIDField()
    categories = serializers.ListField(child=serializers.CharField(), allow_empty=True)
    purpose = serializers.CharField()
    facts = FactsField(default=dict)
    content = serializers.CharField(allow_blank=True)
    ground = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    assessment = serializers.CharField(required=False, allow_blank=True, default="")


class DisclosureSerializer(serializers.ModelSerializer[Disclosure]):
    young_person = serializers.SerializerMethodField()
    from_unit = serializers.SerializerMethodField()
    to_unit = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()
    disclosed_by = serializers.CharField(source="disclosed_by.get_full_name")
    direction = serializers.SerializerMethodField()
    assessment = serializers.SerializerMethodField()

    class Meta:
        model = Disclosure
        fields = [
            "id",
            "kind",
            "direction",
            "young_person",
            "case",
            "request",
            "from_unit",
            "to_unit",
            "categories",
            "content",
            "purpose",
            "ground",
            "provision",
            "ground_outcome",
            "consent_ids",
            "assessment",
            "decided_by",
            "disclosed_by",
            "disclosed_at",
        ]

    def _made_by_me(self, disclosure: Disclosure) -> bool:
        actor = self.context["actor"]
        assert isinstance(actor, Actor)
        return disclosure.from_unit_id in actor.operational_unit_ids()

    def get_direction(self, disclosure: Disclosure) -> str:
        return "made" if self._made_by_me(disclosure) else "received"

    def get_young_person(self, disclosure: Disclosure) -> dict[str, Any]:
        return _young_person(disclosure.young_person)

    def get_from_unit(self, disclosure: Disclosure) -> dict[str, Any]:
        return _unit(disclosure.from_unit)

    def get_to_unit(self, disclosure: Disclosure) -> dict[str, Any]:
        return _unit(disclosure.to_unit)

    def get_decided_by(self, disclosure: Disclosure) -> str | None:
        return disclosure.decided_by.get_full_name() if disclosure.decided_by else None

    def get_assessment(self, disclosure: Disclosure) -> str | None:
        # The discloser's reasoning stays with the discloser (it may cite its own file).
        return disclosure.assessment if self._made_by_me(disclosure) else None
