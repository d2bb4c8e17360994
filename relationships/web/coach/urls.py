"""The coach's workspace, mounted at the site root (Today is the home page), and sign in/out."""

from django.urls import include, path

from relationships.web.coach.views import (
    content,
    diagnosis,
    insights,
    integrations,
    pipeline,
    prospects,
    sequences,
    team,
    their_data,
    today,
    transfer,
    workspaces,
)
from relationships.web.coach.views import settings as workspace_settings

coach_patterns = [
    path("", today.today, name="today"),
    path("pipeline/", pipeline.pipeline, name="pipeline"),
    path("pipeline/<int:pk>/move/", pipeline.board_move, name="board_move"),
    path("prospects/", prospects.prospects, name="prospects"),
    path("prospects/bulk/", prospects.prospects_bulk, name="prospects_bulk"),
    path("prospects/new/", prospects.prospect_new, name="prospect_new"),
    path("prospects/<int:pk>/", prospects.prospect_detail, name="prospect"),
    path("prospects/<int:pk>/edit/", prospects.prospect_edit, name="prospect_edit"),
    path("prospects/<int:pk>/log/", prospects.prospect_log, name="prospect_log"),
    path("prospects/<int:pk>/consent/", prospects.prospect_consent, name="prospect_consent"),
    path("prospects/<int:pk>/pause/", prospects.prospect_pause, name="prospect_pause"),
    path("prospects/<int:pk>/resume/", prospects.prospect_resume, name="prospect_resume"),
    path("prospects/<int:pk>/handled/", prospects.prospect_handled, name="prospect_handled"),
    path("prospects/<int:pk>/move/", prospects.prospect_move, name="prospect_move"),
    path("prospects/<int:pk>/diagnosis/", diagnosis.diagnosis, name="diagnosis"),
    path("workspace/", workspaces.switch_workspace, name="switch_workspace"),
    path("content/", content.content_list, name="content"),
    path("content/new/", content.content_new, name="content_new"),
    path("content/check/", content.content_check, name="content_check"),
    path("content/<int:pk>/", content.content_edit, name="content_edit"),
    path("content/<int:pk>/delete/", content.content_delete, name="content_delete"),
    path("sequences/", sequences.sequence_list, name="sequences"),
    path("sequences/new/", sequences.sequence_new, name="sequence_new"),
    path("sequences/new/preview/", sequences.sequence_preview, name="sequence_new_preview"),
    path("sequences/<int:pk>/", sequences.sequence_edit, name="sequence_edit"),
    path("sequences/<int:pk>/preview/", sequences.sequence_preview, name="sequence_preview"),
    path("sequences/<int:pk>/delete/", sequences.sequence_delete, name="sequence_delete"),
    path("insights/", insights.insights, name="insights"),
    path("settings/", workspace_settings.settings_page, name="settings"),
    path("settings/team/", team.team, name="team"),
    path("settings/team/invite/", team.team_invite, name="team_invite"),
    path("settings/team/<int:pk>/role/", team.team_role, name="team_role"),
    path("settings/team/<int:pk>/remove/", team.team_remove, name="team_remove"),
    path(
        "settings/invitations/<int:pk>/resend/",
        team.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "settings/invitations/<int:pk>/cancel/",
        team.invitation_cancel,
        name="invitation_cancel",
    ),
    path("invitations/<str:token>/", team.invitation, name="invitation"),
    # Moving in and out (relationships/transfer, people/erasure.py).
    path("prospects/import/", transfer.import_upload, name="import_upload"),
    path("prospects/import/<int:pk>/columns/", transfer.import_map, name="import_map"),
    path("prospects/import/<int:pk>/preview/", transfer.import_preview, name="import_preview"),
    path("prospects/import/<int:pk>/", transfer.import_progress, name="import_progress"),
    path("prospects/import/<int:pk>/cancel/", transfer.import_cancel, name="import_cancel"),
    path("prospects/import/<int:pk>/refused.csv", transfer.import_refused, name="import_refused"),
    path("prospects/export.csv", transfer.prospects_export, name="prospects_export"),
    path("prospects/<int:pk>/data.json", their_data.prospect_data, name="prospect_data"),
    path("prospects/<int:pk>/erase/", their_data.prospect_erase, name="prospect_erase"),
    path("settings/your-data/", transfer.your_data, name="your_data"),
    path("settings/your-data/export/", transfer.export_request, name="export_request"),
    path(
        "settings/your-data/export/<str:token>/", transfer.export_download, name="export_download"
    ),
    path("settings/your-data/delete/", transfer.workspace_delete, name="workspace_delete"),
    path("settings/api-keys/", integrations.api_keys, name="api_keys"),
    path("settings/api-keys/new/", integrations.api_key_create, name="api_key_create"),
    path("settings/api-keys/<int:pk>/revoke/", integrations.api_key_revoke, name="api_key_revoke"),
    path("settings/webhooks/", integrations.webhooks, name="webhooks"),
    path("settings/webhooks/new/", integrations.webhook_add, name="webhook_add"),
    path("settings/webhooks/<int:pk>/", integrations.webhook, name="webhook"),
    path("settings/webhooks/<int:pk>/log/", integrations.webhook_log, name="webhook_log"),
    path("settings/webhooks/<int:pk>/test/", integrations.webhook_test, name="webhook_test"),
    path("settings/webhooks/<int:pk>/switch/", integrations.webhook_switch, name="webhook_switch"),
    path("settings/webhooks/<int:pk>/secret/", integrations.webhook_secret, name="webhook_secret"),
    path("settings/webhooks/<int:pk>/delete/", integrations.webhook_delete, name="webhook_delete"),
]

urlpatterns = [
    # Django's sign in, sign out and password reset views (templates/registration/).
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include((coach_patterns, "coach"))),
]
