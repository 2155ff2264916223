from __future__ import annotations

from typing import Any

from rest_framework import serializers

from backend.accounts.models import User
from backend.organisations.api.serializers import MembershipSerializer, MunicipalitySerializer


class TokenRequestSerializer(serializers.Serializer[dict[str, Any]]):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


class TokenSerializer(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class MeSerializer(serializers.ModelSerializer[User]):
    full_name = serializers.SerializerMethodField()
    municipality = serializers.SerializerMethodField()
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "municipality", "memberships"]

    def get_full_name(self, user: User) -> str:
        return user.get_full_name()

    def get_municipality(self, user: User) -> dict[str, Any] | None:
        membership = next(iter(user.memberships.all()), None)
        if membership is None:
            return None
        return dict(MunicipalitySerializer(membership.unit.organisation.municipality).data)
