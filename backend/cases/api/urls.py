from __future__ import annotations

from django.urls import path

from backend.cases.api.views import (
    CaseCollectionView,
    CaseDetailView,
    CaseMemberCollectionView,
    CaseMemberDetailView,
    CaseStatusView,
)

urlpatterns = [
    path("cases/", CaseCollectionView.as_view(), name="case-list"),
    path("cases/<uuid:case_id>/", CaseDetailView.as_view(), name="case-detail"),
    path("cases/<uuid:case_id>/members/", CaseMemberCollectionView.as_view(), name="case-members"),
    path("cases/<uuid:case_id>/status/", CaseStatusView.as_view(), name="case-status"),
    path(
        "cases/<uuid:case_id>/members/<uuid:user_id>/",
        CaseMemberDetailView.as_view(),
        name="case-member-detail",
    ),
]
