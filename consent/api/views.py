"""Consent endpoints (api.md): record, list, withdraw, receipt; maturity assessments."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

import audit
from backend.core.api.views import SamverkaAPIView, actor_of, record_list_read
from backend.core.exceptions import Forbidden
from backend.people.access import access_young_person
from consent.access import access_consent
from consent.actions import (
    DocumentInput,
    consent_record,
    consent_withdraw,
    maturity_assessment_record,
)
from consent.api.serializers import (
    ConsentCreateSerializer,
    ConsentSerializer,
    ConsentWithdrawSerializer,
    MaturityAssessmentCreateSerializer,
)
from consent.models import ConsentRecord
from consent.queries import visible_consents
from consent.receipt import receipt_context, receipt_pdf


def _consent_queryset() -> QuerySet[ConsentRecord]:
    return ConsentRecord.objects.select_related(
        "guardian", "withdrawal", "superseded_by", "document", "recorded_by", "recorded_by_unit"
    )


class YoungPersonConsentsView(SamverkaAPIView):
    @extend_schema(
        tags=["consent"],
        summary="Alla samtycken för den unge, nuvarande och tidigare",
        responses=ConsentSerializer(many=True),
    )
    def get(self, request: Request, young_person_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        young_person = access_young_person(actor, young_person_id)
        records = list(
            _consent_queryset()
            .filter(pk__in=visible_consents(actor).filter(young_person=young_person).values("pk"))
            .order_by("-recorded_at")
        )
        record_list_read(
            actor=actor,
            action="consent.listed",
            ids=[r.pk for r in records],
            young_person_ids=[young_person.pk],
        )
        return Response({"results": ConsentSerializer(records, many=True).data, "next": None})

    @extend_schema(
        tags=["consent"],
        summary="Registrera ett samtycke (en person, en handling)",
        request=ConsentCreateSerializer,
        responses={201: ConsentSerializer},
    )
    def post(self, request: Request, young_person_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        young_person = access_young_person(actor, young_person_id)
        serializer = ConsentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        document = data.get("document")
        record = consent_record(
            actor=actor,
            young_person=young_person,
            grantor=data["grantor"],
            decision=data["decision"],
            form=data["form"],
            given_on=data["given_on"],
            valid_until=data.get("valid_until"),
            recipients=data["recipients"],
            categories=data["categories"],
            purposes=data["purposes"],
            conditions=data["conditions"],
            note=data["note"],
            scope_read_back=data["scope_read_back"],
            document=DocumentInput(
                document["filename"], document["content_type"], document["content_base64"]
            )
            if document
            else None,
            supersedes_id=data.get("supersedes"),
            unit_id=data.get("unit"),
        )
        return Response(
            ConsentSerializer(_consent_queryset().get(pk=record.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ConsentWithdrawView(SamverkaAPIView):
    @extend_schema(
        tags=["consent"],
        summary="Återkalla ett samtycke",
        request=ConsentWithdrawSerializer,
        responses=ConsentSerializer,
    )
    def post(self, request: Request, consent_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        consent = access_consent(actor, consent_id)
        serializer = ConsentWithdrawSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consent_withdraw(
            actor=actor,
            consent=consent,
            reason=serializer.validated_data["reason"],
            withdrawn_on=serializer.validated_data.get("withdrawn_on"),
        )
        return Response(ConsentSerializer(_consent_queryset().get(pk=consent.pk)).data)


class ConsentReceiptView(SamverkaAPIView):
    @extend_schema(
        tags=["consent"],
        summary="Kvitto till familjen (HTML, eller PDF med ?format=pdf)",
        parameters=[OpenApiParameter("format", str, enum=["html", "pdf"])],
        responses={
            (200, "text/html"): OpenApiTypes.STR,
            (200, "application/pdf"): OpenApiTypes.BINARY,
        },
    )
    def get(self, request: Request, consent_id: uuid.UUID) -> HttpResponse:
        actor = actor_of(request)
        consent = access_consent(actor, consent_id)
        wanted = request.query_params.get("format", "html")
        context = receipt_context(consent, today=timezone.localdate())
        audit.record(
            actor=actor,
            action="consent.receipt_viewed",
            object_type="consent",
            object_id=consent.pk,
            young_person_id=consent.young_person_id,
            payload={"format": "pdf" if wanted == "pdf" else "html"},
        )
        if wanted == "pdf":
            response = HttpResponse(receipt_pdf(context), content_type="application/pdf")
            response["Content-Disposition"] = (
                f'inline; filename="samtycke-{str(consent.pk)[:8]}-v{consent.version}.pdf"'
            )
            return response
        html = render_to_string("consent/receipt.html", context, request=request)
        return HttpResponse(html, content_type="text/html; charset=utf-8")


class MaturityAssessmentView(SamverkaAPIView):
    @extend_schema(
        tags=["consent"],
        summary="Dokumentera en mognadsbedömning (beslutsfattare)",
        request=MaturityAssessmentCreateSerializer,
        responses={201: None},
    )
    def post(self, request: Request, young_person_id: uuid.UUID) -> Response:
        actor = actor_of(request)
        young_person = access_young_person(actor, young_person_id)
        serializer = MaturityAssessmentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not actor.is_operational:
            raise Forbidden(code="not_operational")
        record = maturity_assessment_record(
            actor=actor,
            young_person=young_person,
            finding=data["finding"],
            assessed_on=data["assessed_on"],
            reasoning=data["reasoning"],
            categories=data.get("categories"),
            purposes=data.get("purposes"),
        )
        return Response({"id": str(record.pk)}, status=status.HTTP_201_CREATED)
