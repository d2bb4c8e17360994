"""The team: members, roles and invitations."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from relationships.models import Invitation, Membership, Role
from relationships.web.coach.access import (
    choose_workspace,
    has_role,
    role_required,
    workspace_required,
)
from relationships.web.coach.forms.base import add_refusal
from relationships.web.coach.forms.team import ROLE_HELP, InviteForm, JoinForm, RoleForm
from relationships.web.coach.pages import go, page
from relationships.workspaces import roles
from relationships.workspaces.team import (
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
    require_invited_address,
    resend_invitation,
    revoke_invitation,
)

TEAM = "coach/workspaces/team.html"


INVITATION = "coach/workspaces/invitation.html"


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
    is_owner = has_role(request, roles.MANAGE_TEAM)
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
@role_required(roles.MANAGE_TEAM, what="invite people to the workspace")
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
@role_required(roles.MANAGE_TEAM, what="change someone's role")
@vary_on_headers("HX-Request")
def team_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_member(request, pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        return team_problem(request, "Choose Owner, Coach or Assistant.")
    before = membership.role
    try:
        change_role(membership, role=form.cleaned_data["role"], by=request.membership)
    except TeamError as error:
        return team_problem(request, error.message)
    role = membership.get_role_display().lower()
    if membership.role == before:
        return team_answer(
            request, f"{person(membership.user)} is already {role}; nothing changed."
        )
    return team_answer(request, f"{person(membership.user)} is now {role}.")


@require_POST
@workspace_required
@role_required(roles.MANAGE_TEAM, what="remove someone from the workspace")
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
@role_required(roles.MANAGE_TEAM, what="resend an invitation")
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
@role_required(roles.MANAGE_TEAM, what="cancel an invitation")
@vary_on_headers("HX-Request")
def invitation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_invitation(request, pk)
    revoke_invitation(invitation, by=request.membership)
    return team_answer(request, f"Cancelled the invitation to {invitation.email}.")


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation email: join with this account, sign in, or make an account."""
    try:
        invited = invitation_from_token(token)
        if request.user.is_authenticated:
            require_invited_address(invited, request.user)
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
            "join_form": join_form,
            "login_url": f"{reverse('login')}?{urlencode({'next': request.path})}",
        },
    )


def invitation_problem(request: HttpRequest, problem: InvitationLinkError) -> HttpResponse:
    status = {"invalid": 400, "other_address": 403}.get(problem.reason, 410)
    return render(request, INVITATION, {"problem": problem}, status=status)
