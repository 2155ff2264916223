"""Young people: register, search by personnummer, read, update (api.md)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

import audit
from backend.core.api.pagination import CursorPagination
from backend.core.api.views import SamverkaAPIView, actor_of, record_list_read
from backend.core.exceptions import Forbidden, InvalidInput
from backend.people.access import access_young_person
from backend.people.actions import young_person_register, young_person_update
from backend.people.api.serializers import (
    YoungPersonCreateSerializer,
    YoungPersonSerializer,
    YoungPersonSummarySerializer,
    YoungPersonUpdateSerializer,
    guardian_inputs,
)
from backend.people.identity import InvalidIdentityNumber, parse_identity_number
from backend.people.models import Guardian, YoungPerson
from backend.people.queries import visible_young_people


def _with_guardians(queryset: Any) -> Any:
    return queryset.prefetch_related(
        Prefetch("guardians", queryset=Guardian.objects.order_by("created_at"))
    )


class YoungPersonCollectionView(SamverkaAPIView):
    pagination_class = CursorPagination

    @extend_schema(
        tags=["young-people"],
        summary="Unga personer du får se (sök på exakt personnummer)",
        parameters=[OpenApiParameter("personnummer", str, description="Exact match")],
        responses=YoungPersonSummarySerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        actor = actor_of(request)
        if not actor.is_operational:
            raise Forbidden(
                detail=_("Din roll arbetar inte med unga personer."), code="not_operational"
            )
        queryset = _with_guardians(visible_young_people(actor))
        action = "young_person.listed"
        search: dict[str, Any] = {}
        raw = request.query_params.get("personnummer")
        if raw is not None:
            try:
                number = parse_identity_number(raw, today=timezone.localdate())
            except InvalidIdentityNumber as exc:
                raise InvalidInput(errors={"personnummer": [exc.message]}) from None
            queryset = queryset.filter(personnummer=number.normalized)
            action = "young_person.searched"
            search = {"search": number.masked}  # never the full number in the log
        paginator = self.pagination_class()
        page: list[YoungPerson] = paginator.paginate_queryset(queryset, request, view=self) or []
        record_list_read(
            actor=actor,
            action=action,
            ids=[y.pk for y in page],
            young_person_ids=[y.pk for y in page],
            payload=search,
        )
        data = YoungPersonSummarySerializer(page, many=True, context={"actor": actor}).data
        return paginator.get_paginated_response(data)

    @extend_schema(
        tags=["young-people"],
        summary="Registrera en ung person för din enhet (hittas eller skapas)",
        request=YoungPersonCreateSerializer,
        responses={201: YoungPersonSerializer},
    )
    def post(self, request: Request) -> Response:
        actor = actor_of(request)
        serializer = YoungPersonCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        young_person, _created = young_person_register(
            actor=actor,
            personnummer=data["personnummer"],
            given_name=data["given_name"],
            family_name=data["family_name"],
            protected_identity=data["protected_identity"],
            guardians=guardian_inputs(data),
            unit_id=data.get("unit"),
        )
        # 201 whether found or created: the answer must not reveal that another unit knew them.
        fresh = _with_guardians(visible_young_people(actor)).get(pk=young_person.pk)
        return Response(
            YoungPersonSerializer(fresh, context={"actor": actor}).data,
            status=status.HTTP_201_CREATED,
        )


class YoungPersonDetailView(SamverkaAPIView):
    @extend_schema(tags=["young-people"], summary="En ung person", responses=YoungPersonSerializer)
    def get(self, request: Request, young_person_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        young_person = access_young_person(actor, young_person_id)
        audit.record(
            actor=actor,
            action="young_person.viewed",
            object_type="young_person",
            object_id=young_person.pk,
            young_person_id=young_person.pk,
        )
        fresh = _with_guardians(visible_young_people(actor)).get(pk=young_person.pk)
        return Response(YoungPersonSerializer(fresh, context={"actor": actor}).data)

    @extend_schema(
        tags=["young-people"],
        summary="Uppdatera namn, skyddade personuppgifter och vårdnadshavare (socialtjänsten)",
        request=YoungPersonUpdateSerializer,
        responses=YoungPersonSerializer,
    )
    def patch(self, request: Request, young_person_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        young_person = access_young_person(actor, young_person_id)
        serializer = YoungPersonUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        young_person_update(
            actor=actor,
            young_person=young_person,
            given_name=data.get("given_name"),
            family_name=data.get("family_name"),
            protected_identity=data.get("protected_identity"),
            guardians=guardian_inputs(data),
        )
        fresh = _with_guardians(visible_young_people(actor)).get(pk=young_person.pk)
        return Response(YoungPersonSerializer(fresh, context={"actor": actor}).data)
