"""Which workspace a coach works in, for every coach page.

A coach may be a member of several workspaces. The one they work in is kept in
the session and changed with the switcher; it is never read from the URL. So
every object a coach view looks up goes through ``request.workspace``, and an
id of another workspace answers 404 (DESIGN.md section 3).
"""

import functools
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from relationships.accounts.mfa_policy import must_set_up_second_step
from relationships.models import Membership, Workspace
from relationships.workspaces import roles

SESSION_KEY = "bridge_workspace_id"
# Pages open to a member who still has to set up the second step the workspace requires.
SECOND_STEP_FREE = frozenset({"security", "switch_workspace"})


def memberships_of(user) -> list[Membership]:
    """The user's memberships with their workspaces, in one query, by workspace name."""
    return list(
        Membership.objects.filter(user_id=user.pk)
        .select_related("workspace")
        .order_by("workspace__name", "workspace__pk")
    )


def current_membership(request: HttpRequest, memberships: list[Membership]) -> Membership | None:
    """The membership of the workspace chosen in this session, else the first one."""
    if not memberships:
        return None
    chosen = request.session.get(SESSION_KEY)
    return next((m for m in memberships if m.workspace_id == chosen), memberships[0])


def choose_workspace(request: HttpRequest, workspace: Workspace) -> None:
    request.session[SESSION_KEY] = workspace.pk


def sign_in_first(request: HttpRequest) -> HttpResponse:
    """To the sign-in page, and back here after it.

    An htmx request (a session that expired while the page was open) would get the
    sign-in page swapped into a part of the page: the whole window goes there instead,
    and comes back to the page the coach was on.
    """
    if request.htmx:
        back = request.htmx.current_url_abs_path or request.get_full_path()
        return HttpResponseClientRedirect(redirect_to_login(back).url)
    return redirect_to_login(request.get_full_path())


def workspace_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A signed-in member of a workspace: sets request.workspace, .membership and .memberships.

    Times on the page are shown, and dates typed into forms are read, in the
    workspace's time zone.
    """

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return sign_in_first(request)
        memberships = memberships_of(request.user)
        membership = current_membership(request, memberships)
        if membership is None:
            if settings.ALLOW_SIGNUP and not request.htmx:
                # Signed up, not yet in a workspace: the first run makes theirs.
                return redirect("coach:first_run")
            return render(request, "coach/workspaces/no_workspace.html", status=403)
        if (
            membership.workspace.require_mfa
            and view.__name__ not in SECOND_STEP_FREE
            and must_set_up_second_step(request.user, membership.workspace)
        ):
            messages.info(
                request,
                f"{membership.workspace.name} asks everyone to sign in with two steps: "
                "set up your authenticator app to go on.",
            )
            security = reverse("coach:security")
            if request.htmx:
                return HttpResponseClientRedirect(security)
            return redirect(security)
        request.memberships = memberships
        request.membership = membership
        request.workspace = membership.workspace
        with timezone.override(membership.workspace.zone):
            return view(request, *args, **kwargs)

    return wrapped


FORBIDDEN = "coach/workspaces/forbidden.html"


def has_role(request: HttpRequest, action: str) -> bool:
    """May this member do `action` (one of relationships.workspaces.roles.POLICY)?"""
    return roles.may(request.membership, action)


def forbidden(request: HttpRequest, *, what: str, who: str) -> HttpResponse:
    """403, explained: what they tried, and who in the workspace can do it."""
    return render(
        request,
        FORBIDDEN,
        {"section": "settings", "what": what, "who": who, "role": request.membership},
        status=403,
    )


def role_required(action: str, *, what: str) -> Callable:
    """Inside workspace_required: only members whose role allows `action` may go on (the
    service checks again; this answers with a page that explains)."""
    who = roles.who_may(roles.POLICY[action])

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not has_role(request, action):
                return forbidden(request, what=what, who=who)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
