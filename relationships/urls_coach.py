"""The coach's workspace, mounted at the site root (Today is the home page), and sign in/out."""

from django.urls import include, path

from .views.coach import diagnosis, pipeline, prospects, today, workspaces

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
]

urlpatterns = [
    # Django's sign in, sign out and password reset views (templates/registration/).
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include((coach_patterns, "coach"))),
]
