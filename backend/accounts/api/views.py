"""Token sign-in and sign-out, and who am I."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from knox.models import AuthToken
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from backend.accounts.actions import token_issue, token_revoke
from backend.accounts.api.serializers import MeSerializer, TokenRequestSerializer, TokenSerializer
from backend.accounts.models import User
from backend.core.api.errors import problem_response
from backend.core.api.views import SamverkaAPIView, actor_of
from backend.core.middleware import client_address


class TokenView(SamverkaAPIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"

    @extend_schema(
        tags=["auth"],
        summary="Logga in och få en API-nyckel (Bearer)",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 401: OpenApiResponse(description="Fel inloggning")},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        issued = token_issue(
            username=serializer.validated_data["username"],
            password=serializer.validated_data["password"],
            request_id=getattr(request, "request_id", None),
            client_address=client_address(request),
        )
        if issued is None:
            return problem_response(
                status=401,
                code="invalid-credentials",
                title=_("Inloggningen misslyckades"),
                detail=_("Fel användarnamn eller lösenord."),
                headers={"WWW-Authenticate": 'Bearer realm="api"'},
            )
        return Response(
            TokenSerializer({"token": issued.token, "expires_at": issued.expires_at}).data
        )


class LogoutView(SamverkaAPIView):
    @extend_schema(
        tags=["auth"],
        summary="Logga ut: återkalla API-nyckeln",
        request=None,
        responses={204: None},
    )
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, AuthToken):
            token_revoke(actor=actor_of(request), token=request.auth)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(SamverkaAPIView):
    @extend_schema(tags=["directory"], summary="Vem är jag", responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = User.objects.prefetch_related("memberships__unit__organisation__municipality").get(
            pk=request.user.pk  # type: ignore[misc]  # authenticated: IsAuthenticated
        )
        return Response(MeSerializer(user).data)
