from __future__ import annotations

from typing import Any

from rest_framework import serializers

from backend.cases.models import Case, CaseMember
from backend.organisations.api.serializers import UnitSerializer


class CaseCreateSerializer(serializers.Serializer[dict[str, Any]]):
    young_person = serializers.UUIDField()
    lead_unit = serializers.UUIDField()
    participating_units = serializers.ListField(child=serializers.UUIDField(), allow_empty=True)


class CaseStatusSerializer(serializers.Serializer[dict[str, Any]]):
    status = serializers.CharField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CaseMemberAddSerializer(serializers.Serializer[dict[str, Any]]):
    user = serializers.UUIDField()
    unit = serializers.UUIDField()


class CaseMemberSerializer(serializers.ModelSerializer[CaseMember]):
    user = serializers.UUIDField(source="user_id")
    full_name = serializers.CharField(source="user.get_full_name")
    unit = serializers.UUIDField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")

    class Meta:
        model = CaseMember
        fields = ["user", "full_name", "unit", "unit_name", "added_at"]


class CaseYoungPersonSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    birth_date = serializers.DateField()


class CaseSerializer(serializers.ModelSerializer[Case]):
    young_person = CaseYoungPersonSerializer()
    lead_unit = UnitSerializer()
    participating_units = serializers.SerializerMethodField()
    members = CaseMemberSerializer(many=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "young_person",
            "lead_unit",
            "participating_units",
            "status",
            "closed_reason",
            "members",
            "created_at",
        ]

    def get_participating_units(self, case: Case) -> list[dict[str, Any]]:
        return [dict(UnitSerializer(p.unit).data) for p in case.participants.all()]
