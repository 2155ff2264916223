from __future__ import annotations

from django.urls import path

from consent.api.views import (
    ConsentReceiptView,
    ConsentWithdrawView,
    MaturityAssessmentView,
    YoungPersonConsentsView,
)

urlpatterns = [
    path(
        "young-people/<uuid:young_person_id>/consents/",
        YoungPersonConsentsView.as_view(),
        name="young-person-consents",
    ),
    path(
        "young-people/<uuid:young_person_id>/maturity-assessments/",
        MaturityAssessmentView.as_view(),
        name="young-person-maturity",
    ),
    path(
        "consents/<uuid:consent_id>/withdraw/",
        ConsentWithdrawView.as_view(),
        name="consent-withdraw",
    ),
    path(
        "consents/<uuid:consent_id>/receipt/", ConsentReceiptView.as_view(), name="consent-receipt"
    ),
]
