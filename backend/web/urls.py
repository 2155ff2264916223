from __future__ import annotations

from django.urls import include, path

from backend.web.views import (
    audit,
    auth,
    cases,
    concerns,
    consent,
    disclosures,
    meetings,
    people,
    plan,
    requests,
    start,
)

app_name = "web"

urlpatterns = [
    path("", start.start, name="start"),
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Concerns
    path("concerns/", concerns.concern_list, name="concerns"),
    path("concerns/new/", concerns.concern_new, name="concern-new"),
    path("concerns/<uuid:concern_id>/", concerns.concern_detail, name="concern"),
    # Young people
    path("young-people/new/", people.young_person_new, name="young-person-new"),
    path("young-people/<uuid:young_person_id>/", people.young_person_detail, name="young-person"),
    path(
        "young-people/<uuid:young_person_id>/edit/",
        people.young_person_edit,
        name="young-person-edit",
    ),
    # The case workspace
    path("cases/", cases.case_list, name="cases"),
    path("cases/new/", cases.case_new, name="case-new"),
    path("cases/<uuid:case_id>/", cases.case_overview, name="case"),
    path(
        "cases/<uuid:case_id>/members/<uuid:user_id>/remove/",
        cases.case_member_leave,
        name="case-member-remove",
    ),
    path("cases/<uuid:case_id>/chronology/", cases.case_chronology_page, name="case-chronology"),
    path("cases/<uuid:case_id>/consents/", cases.case_consents, name="case-consents"),
    path("cases/<uuid:case_id>/consents/new/", consent.consent_capture, name="consent-capture"),
    path("cases/<uuid:case_id>/requests/", cases.case_requests, name="case-requests"),
    path("cases/<uuid:case_id>/requests/new/", requests.request_new, name="request-new"),
    path("cases/<uuid:case_id>/requests/check/", requests.request_check, name="request-check"),
    path("cases/<uuid:case_id>/meetings/", meetings.case_meetings, name="case-meetings"),
    path("cases/<uuid:case_id>/plan/", plan.case_plan, name="case-plan"),
    # Meetings, action items, notifications
    path("meetings/<uuid:meeting_id>/", meetings.meeting_detail, name="meeting"),
    path("action-items/<uuid:item_id>/", meetings.action_item_detail, name="action-item"),
    path("notifications/", meetings.notifications, name="notifications"),
    path(
        "notifications/<uuid:notification_id>/open/",
        meetings.notification_open,
        name="notification-open",
    ),
    # Requests and disclosures
    path("requests/", requests.request_list, name="requests"),
    path("requests/<uuid:request_id>/", requests.request_detail, name="request"),
    path("requests/<uuid:request_id>/decide/", requests.request_decide, name="request-decide"),
    path(
        "requests/<uuid:request_id>/disclose/", requests.request_disclose, name="request-disclose"
    ),
    path(
        "requests/<uuid:request_id>/<slug:step>/",
        requests.request_transition,
        name="request-step",
    ),
    path("disclosures/", disclosures.disclosure_list, name="disclosures"),
    path("disclosures/<uuid:disclosure_id>/", disclosures.disclosure_detail, name="disclosure"),
    path(
        "young-people/<uuid:young_person_id>/disclose/",
        disclosures.disclosure_new,
        name="disclosure-new",
    ),
    path(
        "young-people/<uuid:young_person_id>/disclose/check/",
        disclosures.disclosure_check,
        name="disclosure-check",
    ),
    # The auditor's pages (metadata only)
    path("audit/", audit.audit_search, name="audit"),
    path("audit/access-report/", audit.access_report_lookup, name="audit-lookup"),
    path(
        "audit/young-people/<uuid:young_person_id>/",
        audit.access_report,
        name="audit-access-report",
    ),
    path("audit/verify/", audit.verification, name="audit-verify"),
    path("audit/anomalies/", audit.anomaly_report, name="audit-anomalies"),
]
