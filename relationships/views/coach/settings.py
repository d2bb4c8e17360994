"""Settings: the workspace's details, sending rules and branding; the team and invitations.

Roles (as in the admin): owners and coaches change settings, only owners change
who works here, and an assistant changes no settings and deletes nothing. A
forbidden action answers 403 with a page that says why.
"""

import copy
import functools
from collections.abc import Callable, Iterable

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from ...forms import add_refusal
from ...forms_studio import (
    ROLE_HELP,
    InviteForm,
    JoinForm,
    RoleForm,
    WorkspaceSettingsForm,
    describe_window,
)
from ...models import Invitation, Membership, Role
from ...queries_public import signup_url
from ...team import (
    INVITATION_DAYS,
    InvitationLinkError,
    TeamError,
    accept_invitation,
    change_role,
    expires_at,
    invitation_from_token,
    invite_member,
    join_with_new_account,
    remove_member,
    resend_invitation,
    revoke_invitation,
)
from ...timezones import known_timezones
from ...workspace_context import choose_workspace, workspace_required
from .common import go, page

SETTINGS = "coach/settings.html"
TEAM = "coach/settings_team.html"
FORBIDDEN = "coach/settings_forbidden.html"
INVITATION = "coach/settings_invitation.html"

EDITORS = frozenset({Role.OWNER, Role.COACH})
OWNERS = frozenset({Role.OWNER})


# ---- roles ---------------------------------------------------------------------------------


def has_role(request: HttpRequest, roles: Iterable[str]) -> bool:
    return request.membership.role in roles


def forbidden(request: HttpRequest, *, what: str, who: str) -> HttpResponse:
    """403, explained: what they tried, and who in the workspace can do it."""
    return render(
        request,
        FORBIDDEN,
        {"section": "settings", "what": what, "who": who, "role": request.membership},
        status=403,
    )


def role_required(roles: Iterable[str], *, what: str) -> Callable:
    """Inside workspace_required: only members with one of `roles` may go on."""
    roles = frozenset(roles)
    who = "an owner" if roles == OWNERS else "an owner or a coach"

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not has_role(request, roles):
                return forbidden(request, what=what, who=who)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# ---- workspace settings --------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def settings_page(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    may_change = has_role(request, EDITORS)
    if request.method == "POST" and not may_change:
        return forbidden(request, what="change the workspace's settings", who="an owner or a coach")
    # A copy: a form that fails must not rename the workspace in the page's own header.
    form = WorkspaceSettingsForm(request.POST or None, instance=copy.copy(workspace))
    if request.method == "POST" and form.is_valid():
        if form.changed_data:
            form.instance.save(update_fields=form.changed_data)
            messages.success(request, "Saved the workspace's settings.")
        else:
            messages.info(request, "Nothing had changed.")
        return go(request, reverse("coach:settings"))
    if not may_change:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        SETTINGS,
        {
            "section": "settings",
            "tab": "workspace",
            "form": form,
            "may_change": may_change,
            "timezones": sorted(known_timezones()),
            "window": describe_window(
                workspace.send_days, workspace.send_window_start, workspace.send_window_end
            ),
            "signup_url": signup_url(workspace),
        },
    )


# ---- the team ------------------------------------------------------------------------------


def team_context(request: HttpRequest, *, invite_form=None, **extra) -> dict:
    workspace = request.workspace
    members = list(
        workspace.memberships.select_related("user").order_by(
            "user__first_name", "user__last_name", "user__username"
        )
    )
    invitations = list(
        workspace.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by")
        .order_by("-sent_at", "-pk")
    )
    for invitation in invitations:
        invitation.expires = expires_at(invitation)
    is_owner = has_role(request, OWNERS)
    return {
        "section": "settings",
        "tab": "team",
        "members": members,
        "owners": sum(1 for m in members if m.role == Role.OWNER),
        "invitations": invitations,
        "is_owner": is_owner,
        "invite_form": invite_form or InviteForm(),
        "roles": Role.choices,
        "role_help": [(label, ROLE_HELP[value]) for value, label in Role.choices],
        "invitation_days": INVITATION_DAYS,
        **extra,
    }


def team_answer(request: HttpRequest, notice: str = "", **extra) -> HttpResponse:
    """After a team change: htmx gets the refreshed team section, a plain form a redirect."""
    if request.htmx:
        return page(request, TEAM, team_context(request, notice=notice, **extra), partial="team")
    if notice:
        messages.success(request, notice)
    return redirect("coach:team")


@require_safe
@workspace_required
@vary_on_headers("HX-Request")
def team(request: HttpRequest) -> HttpResponse:
    return page(request, TEAM, team_context(request), partial="team")


@require_POST
@workspace_required
@role_required(OWNERS, what="invite people to the workspace")
@vary_on_headers("HX-Request")
def team_invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = invite_member(
                request.workspace,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.membership,
            )
        except TeamError as error:
            add_refusal(form, error)
        else:
            return team_answer(
                request,
                f"Sent an invitation to {invitation.email} "
                f"({invitation.get_role_display().lower()}).",
            )
    return page(request, TEAM, team_context(request, invite_form=form), partial="team")


def get_member(request: HttpRequest, pk: int) -> Membership:
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=pk, workspace=request.workspace
    )
    membership.workspace = request.workspace
    return membership


def get_invitation(request: HttpRequest, pk: int) -> Invitation:
    invitation = get_object_or_404(Invitation, pk=pk, workspace=request.workspace)
    invitation.workspace = request.workspace
    return invitation


def person(user) -> str:
    return user.get_full_name() or user.get_username()


@require_POST
@workspace_required
@role_required(OWNERS, what="change someone's role")
@vary_on_headers("HX-Request")
def team_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_member(request, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return team_problem(request, "Choose Owner, Coach or Assistant.")
    try:
        change_role(membership, role=form.cleaned_data["role"], by=request.membership)
    except TeamError as error:
        return team_problem(request, error.message)
    return team_answer(
        request, f"{person(membership.user)} is now {membership.get_role_display().lower()}."
    )


@require_POST
@workspace_required
@role_required(OWNERS, what="remove someone from the workspace")
@vary_on_headers("HX-Request")
def team_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_member(request, pk)
    try:
        remove_member(membership, by=request.membership)
    except TeamError as error:
        return team_problem(request, error.message)
    if membership.user_id == request.user.pk:
        # They took themselves out: nothing here is theirs any more.
        return go(request, reverse("coach:today"))
    return team_answer(request, f"{person(membership.user)} no longer works in this workspace.")


def team_problem(request: HttpRequest, message: str) -> HttpResponse:
    if request.htmx:
        return team_answer(request, error=message)
    messages.error(request, message)
    return redirect("coach:team")


@require_POST
@workspace_required
@role_required(OWNERS, what="resend an invitation")
@vary_on_headers("HX-Request")
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation(request, pk)
    try:
        resend_invitation(invitation, by=request.membership)
    except TeamError as error:
        return team_problem(request, error.message)
    return team_answer(request, f"Sent {invitation.email} a fresh invitation link.")


@require_POST
@workspace_required
@role_required(OWNERS, what="cancel an invitation")
@vary_on_headers("HX-Request")
def invitation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation(request, pk)
    revoke_invitation(invitation, by=request.membership)
    return team_answer(request, f"Cancelled the invitation to {invitation.email}.")


# ---- accepting an invitation (no workspace yet, maybe no account yet) -----------------------


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation email: join with this account, sign in, or make an account."""
    try:
        invited = invitation_from_token(token)
    except InvitationLinkError as problem:
        return invitation_problem(request, problem)
    user = request.user
    signed_in = user.is_authenticated
    has_account = (
        not signed_in and get_user_model().objects.filter(email__iexact=invited.email).exists()
    )
    already = (
        signed_in
        and Membership.objects.filter(user_id=user.pk, workspace_id=invited.workspace_id).exists()
    )
    join_form = None
    if not signed_in and not has_account:
        join_form = JoinForm(request.POST or None)
    if request.method == "POST":
        try:
            if signed_in:
                accept_invitation(invited, user=user)
            elif join_form is not None and join_form.is_valid():
                data = join_form.cleaned_data
                try:
                    user = join_with_new_account(
                        invited,
                        first_name=data["first_name"],
                        last_name=data["last_name"],
                        password=data["password"],
                    )
                except TeamError as error:
                    add_refusal(join_form, error)
                    user = None
                if user is not None:
                    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        except InvitationLinkError as problem:
            return invitation_problem(request, problem)
        if user is not None and user.is_authenticated:
            choose_workspace(request, invited.workspace)
            messages.success(request, f"Welcome to {invited.workspace.name}.")
            return redirect("coach:today")
    return render(
        request,
        INVITATION,
        {
            "invitation": invited,
            "workspace": invited.workspace,
            "inviter": person(invited.invited_by) if invited.invited_by else "",
            "signed_in": signed_in,
            "has_account": has_account,
            "already": already,
            "other_address": signed_in and (user.email or "").lower() != invited.email.lower(),
            "join_form": join_form,
            "login_url": f"{reverse('login')}?{urlencode({'next': request.path})}",
        },
    )


def invitation_problem(request: HttpRequest, problem: InvitationLinkError) -> HttpResponse:
    status = 400 if problem.reason == "invalid" else 410
    return render(request, INVITATION, {"problem": problem}, status=status)
