"""Collaboration cases and their members (api.md)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

import audit
from backend.cases.access import access_case
from backend.cases.actions import (
    case_create,
    case_member_add,
    case_member_remove,
    case_set_status,
)
from backend.cases.api.serializers import (
    CaseCreateSerializer,
    CaseMemberAddSerializer,
    CaseMemberSerializer,
    CaseSerializer,
    CaseStatusSerializer,
)
from backend.cases.models import Case, CaseMember, CaseParticipant
from backend.cases.queries import visible_cases
from backend.core.actor import Actor
from backend.core.api.pagination import CursorPagination
from backend.core.api.views import SamverkaAPIView, actor_of, record_list_read, resolve_reference
from backend.core.exceptions import Forbidden
from backend.people.access import access_young_person


def _case_queryset(actor: Actor) -> Any:
    return (
        visible_cases(actor)
        .select_related("young_person", "lead_unit__organisation")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=CaseParticipant.objects.select_related("unit__organisation").order_by(
                    "joined_at"
                ),
            ),
            Prefetch(
                "members",
                queryset=CaseMember.objects.select_related("user", "unit").order_by("added_at"),
            ),
        )
    )


def _require_operational(actor: Actor) -> None:
    if not actor.is_operational:
        raise Forbidden(detail=_("Din roll arbetar inte med ärenden."), code="not_operational")


class CaseCollectionView(SamverkaAPIView):
    pagination_class = CursorPagination

    @extend_schema(
        tags=["cases"], summary="Ärenden där du är medlem", responses=CaseSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        _require_operational(actor)
        paginator = self.pagination_class()
        page: list[Case] = (
            paginator.paginate_queryset(_case_queryset(actor), request, view=self) or []
        )
        record_list_read(
            actor=actor,
            action="case.listed",
            ids=[c.pk for c in page],
            young_person_ids=[c.young_person_id for c in page],
        )
        return paginator.get_paginated_response(CaseSerializer(page, many=True).data)

    @extend_schema(
        tags=["cases"],
        summary="Öppna ett samverkansärende",
        request=CaseCreateSerializer,
        responses={201: CaseSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        _require_operational(actor)
        serializer = CaseCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        young_person = resolve_reference(
            access_young_person,
            actor,
            data["young_person"],
            field="young_person",
            message=_("Okänd ung person."),
        )
        case = case_create(
            actor=actor,
            young_person=young_person,
            lead_unit_id=data["lead_unit"],
            participating_unit_ids=data["participating_units"],
        )
        return Response(
            CaseSerializer(_case_queryset(actor).get(pk=case.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class CaseDetailView(SamverkaAPIView):
    @extend_schema(tags=["cases"], summary="Ett ärende", responses=CaseSerializer)
    def get(self, request: Request, case_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        case = access_case(actor, case_id)
        audit.record(
            actor=actor,
            action="case.viewed",
            object_type="case",
            object_id=case.pk,
            case_id=case.pk,
            young_person_id=case.young_person_id,
        )
        return Response(CaseSerializer(_case_queryset(actor).get(pk=case.pk)).data)


class CaseMemberCollectionView(SamverkaAPIView):
    @extend_schema(
        tags=["cases"],
        summary="Lägg till en medlem (ledande enhetens medlemmar)",
        request=CaseMemberAddSerializer,
        responses={201: CaseMemberSerializer},
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        case = access_case(actor, case_id)
        serializer = CaseMemberAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        member = case_member_add(
            actor=actor,
            case=case,
            user_id=serializer.validated_data["user"],
            unit_id=serializer.validated_data["unit"],
        )
        member = CaseMember.objects.select_related("user", "unit").get(pk=member.pk)
        return Response(CaseMemberSerializer(member).data, status=status.HTTP_201_CREATED)


class CaseMemberDetailView(SamverkaAPIView):
    @extend_schema(
        tags=["cases"], summary="Ta bort en medlem; åtkomsten upphör direkt", responses={204: None}
    )
    def delete(self, request: Request, case_id: uuid.UUID, user_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        case = access_case(actor, case_id)
        case_member_remove(actor=actor, case=case, user_id=user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CaseStatusView(SamverkaAPIView):
    @extend_schema(
        tags=["cases"],
        summary="Pausa, återuppta eller avsluta ärendet",
        request=CaseStatusSerializer,
        responses=CaseSerializer,
    )
    def post(self, request: Request, case_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        case = access_case(actor, case_id)
        serializer = CaseStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        case_set_status(
            actor=actor,
            case=case,
            status=serializer.validated_data["status"],
            reason=serializer.validated_data["reason"],
        )
        return Response(CaseSerializer(_case_queryset(actor).get(pk=case.pk)).data)
