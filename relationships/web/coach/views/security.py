"""Settings → Security: your password and two-factor sign-in; an owner's two-factor rule."""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from relationships.accounts.mfa_policy import (
    MFAPolicyError,
    members_without_second_step,
    set_mfa_required,
)
from relationships.web.coach.access import forbidden, has_role, workspace_required
from relationships.workspaces import roles

SECURITY = "coach/accounts/security.html"


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def security(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    is_owner = has_role(request, roles.MANAGE_TEAM)
    if request.method == "POST":
        if not is_owner:
            return forbidden(request, what="require two-factor sign-in", who="an owner")
        required = request.POST.get("require_mfa") == "on"
        try:
            set_mfa_required(workspace, required=required, by=request.membership)
        except MFAPolicyError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                "Everyone in the workspace now signs in with two steps."
                if required
                else "Two-factor sign-in is now each person's own choice.",
            )
        return redirect("coach:security")
    kinds = set(
        Authenticator.objects.filter(user_id=request.user.pk).values_list("type", flat=True)
    )
    return render(
        request,
        SECURITY,
        {
            "section": "settings",
            "tab": "security",
            "is_owner": is_owner,
            "has_totp": Authenticator.Type.TOTP in kinds,
            "has_recovery_codes": Authenticator.Type.RECOVERY_CODES in kinds,
            "without_second_step": members_without_second_step(workspace) if is_owner else [],
        },
    )
