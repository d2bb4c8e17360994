"""The first run: a coach who signed up alone sets up their practice, then chooses a start."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods, require_safe

from relationships.accounts.first_run import FirstRunError, start_practice
from relationships.models import Membership
from relationships.models.workspace import default_send_days
from relationships.web.coach.access import choose_workspace, workspace_required
from relationships.web.coach.forms.base import add_refusal
from relationships.web.coach.forms.first_run import FirstRunForm
from relationships.workspaces.demo import sample_board
from relationships.workspaces.team import invitation_token, open_invitations_for
from relationships.workspaces.timezones import known_timezones

FIRST_RUN = "coach/accounts/first_run.html"


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def first_run(request: HttpRequest) -> HttpResponse:
    if Membership.objects.filter(user_id=request.user.pk).exists():
        return redirect("coach:today")
    if not settings.ALLOW_SIGNUP:
        # With sign-up off, workspaces are made by operators (create_workspace) only.
        return render(request, "coach/workspaces/no_workspace.html", status=403)
    user = request.user
    form = FirstRunForm(
        request.POST or None,
        initial={
            "sender_name": user.get_full_name(),
            "sender_email": user.email,
            "timezone": "UTC",
            "send_days": default_send_days(),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            workspace = start_practice(user, **data)
        except FirstRunError as error:
            add_refusal(form, error)
        else:
            choose_workspace(request, workspace)
            return redirect("coach:welcome_next")
    invitations = [
        (invitation, reverse("coach:invitation", args=[invitation_token(invitation)]))
        for invitation in open_invitations_for(user.email)
    ]
    return render(
        request,
        FIRST_RUN,
        {
            "form": form,
            "timezones": sorted(known_timezones()),
            "step": 1,
            "invitations": invitations,
        },
    )


def import_url() -> str:
    """Where contacts are imported, once that page exists; the prospect list until then."""
    try:
        return reverse("coach:import")
    except NoReverseMatch:
        return reverse("coach:prospects")


@require_safe
@workspace_required
def welcome_next(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "coach/accounts/welcome_next.html",
        {"section": "today", "import_url": import_url(), "step": 2},
    )


@require_safe
@workspace_required
def tour(request: HttpRequest) -> HttpResponse:
    return render(
        request, "coach/accounts/tour.html", {"section": "today", "sample": sample_board()}
    )
