from __future__ import annotations

from rest_framework import serializers

from backend.organisations.models import Membership, Municipality, Unit


class MunicipalitySerializer(serializers.ModelSerializer[Municipality]):
    class Meta:
        model = Municipality
        fields = ["id", "name", "code"]


class UnitSerializer(serializers.ModelSerializer[Unit]):
    agency = serializers.CharField(source="organisation.agency", read_only=True)
    operator = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "agency", "operator", "kind", "organisation"]

    def get_operator(self, unit: Unit) -> str | None:
        return unit.organisation.operator or None


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    unit = UnitSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["unit", "role", "title"]
