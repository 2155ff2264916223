from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from backend.core.actor import Actor
from backend.people.actions import GuardianInput
from backend.people.models import Custody, Guardian, YoungPerson
from backend.people.queries import may_see_full_personnummer, may_see_guardians


class GuardianInputSerializer(serializers.Serializer[GuardianInput]):
    id = serializers.UUIDField(required=False)
    personnummer = serializers.CharField(required=False, allow_blank=True, max_length=20)
    given_name = serializers.CharField(max_length=100)
    family_name = serializers.CharField(max_length=100)
    custody = serializers.ChoiceField(
        choices=Custody.choices,
        error_messages={"invalid_choice": _("Vårdnad är joint (gemensam) eller sole (ensam).")},
    )

    def to_guardian(self, data: dict[str, Any]) -> GuardianInput:
        return GuardianInput(
            id=data.get("id"),
            personnummer=data.get("personnummer", ""),
            given_name=data["given_name"],
            family_name=data["family_name"],
            custody=data["custody"],
        )


class YoungPersonCreateSerializer(serializers.Serializer[dict[str, Any]]):
    personnummer = serializers.CharField(max_length=20)
    given_name = serializers.CharField(max_length=100)
    family_name = serializers.CharField(max_length=100)
    protected_identity = serializers.BooleanField(default=False)
    guardians = GuardianInputSerializer(many=True, required=False)
    unit = serializers.UUIDField(
        required=False, help_text="The unit you register for, if you work in several."
    )


class YoungPersonUpdateSerializer(serializers.Serializer[dict[str, Any]]):
    given_name = serializers.CharField(max_length=100, required=False)
    family_name = serializers.CharField(max_length=100, required=False)
    protected_identity = serializers.BooleanField(required=False)
    guardians = GuardianInputSerializer(many=True, required=False)


def guardian_inputs(data: dict[str, Any]) -> list[GuardianInput] | None:
    if "guardians" not in data:
        return None
    return [GuardianInputSerializer().to_guardian(g) for g in data["guardians"]]


class GuardianSerializer(serializers.ModelSerializer[Guardian]):
    class Meta:
        model = Guardian
        fields = ["id", "given_name", "family_name", "custody"]


class YoungPersonSerializer(serializers.ModelSerializer[YoungPerson]):
    """What a caller may see of a young person. Needs ``actor`` in the context."""

    personnummer = serializers.SerializerMethodField()
    age = serializers.SerializerMethodField()
    guardians = serializers.SerializerMethodField()

    class Meta:
        model = YoungPerson
        fields = [
            "id",
            "personnummer",
            "given_name",
            "family_name",
            "birth_date",
            "age",
            "protected_identity",
            "guardians",
        ]

    @property
    def _actor(self) -> Actor:
        actor = self.context["actor"]
        assert isinstance(actor, Actor)
        return actor

    def get_personnummer(self, young_person: YoungPerson) -> str:
        if self.context.get("full_personnummer", True) and may_see_full_personnummer(
            self._actor, young_person
        ):
            return young_person.display_personnummer
        return young_person.masked_personnummer

    def get_age(self, young_person: YoungPerson) -> int:
        return young_person.age_on(timezone.localdate())

    def get_guardians(self, young_person: YoungPerson) -> list[dict[str, Any]]:
        if not may_see_guardians(self._actor, young_person):
            return []
        current = [g for g in young_person.guardians.all() if g.ended_on is None]
        return [dict(GuardianSerializer(g).data) for g in current]


class YoungPersonSummarySerializer(YoungPersonSerializer):
    """For lists: personnummer is never shown in lists in clear (product.md C2)."""

    class Meta(YoungPersonSerializer.Meta):
        pass

    def get_personnummer(self, young_person: YoungPerson) -> str:
        return young_person.masked_personnummer
