"""Who sees what in the admin: the rows of the workspaces you are a member of.

DESIGN.md: every coach-facing query is scoped to the request's workspace, and a
foreign id answers 404. The admin is coach-facing, so each ModelAdmin names the
path from its rows to their workspace (``workspace_path``) and
WorkspaceScopedAdminMixin does the rest: changelists, change pages, the choices
of every form and sidebar filter, and what each Membership role may do there.
Superusers see and do everything.
"""

from collections.abc import Callable, Iterable

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from relationships.models import Membership, StageChange, Workspace
from relationships.workspaces.roles import EDITORS, EVERY_ROLE


def member_roles(request: HttpRequest) -> dict[int, str]:
    """The user's role in each of their workspaces, read once per request."""
    if not hasattr(request, "_bridge_member_roles"):
        request._bridge_member_roles = dict(
            Membership.objects.filter(user_id=request.user.pk).values_list("workspace_id", "role")
        )
    return request._bridge_member_roles


def membership_in(request: HttpRequest, workspace_id: int) -> Membership | None:
    """Who the services see acting: the user's membership, or None for a superuser, an
    operator acting outside any workspace role."""
    if request.user.is_superuser:
        return None
    membership = Membership.objects.filter(user_id=request.user.pk, workspace_id=workspace_id)
    found = membership.select_related("workspace").first()
    if found is None:
        raise PermissionDenied
    return found


def forget_member_roles(request: HttpRequest) -> None:
    """After a membership changed during this request (e.g. a workspace was just created)."""
    request.__dict__.pop("_bridge_member_roles", None)


def workspace_ids(request: HttpRequest, roles: Iterable[str] = EVERY_ROLE) -> list[int]:
    return [pk for pk, role in member_roles(request).items() if role in roles]


def spans_workspaces(request: HttpRequest) -> bool:
    """Whether the user sees several workspaces, so a row needs its workspace named."""
    return request.user.is_superuser or len(member_roles(request)) > 1


def role_allows(request: HttpRequest, roles: Iterable[str], workspace_id: int | None) -> bool:
    """May the user act with one of `roles` in that workspace (None: in any of theirs)?"""
    if request.user.is_superuser:
        return True
    held = member_roles(request)
    if workspace_id is None:
        return any(role in roles for role in held.values())
    return held.get(workspace_id) in roles


def workspace_path_for(model: type[Model], admin_site: admin.AdminSite = admin.site) -> str | None:
    """The lookup from a model's rows to their workspace, None if they have none."""
    if model is Workspace:
        return "pk"
    if admin_site.is_registered(model):
        path = getattr(admin_site.get_model_admin(model), "workspace_path", None)
        if path:
            return path
    names = {field.name for field in model._meta.get_fields()}
    if "workspace" in names:
        return "workspace"
    if "prospect" in names:
        return "prospect__workspace"
    return None


def has_workspace_field(model: type[Model]) -> bool:
    return any(field.name == "workspace" for field in model._meta.concrete_fields)


def workspace_id_of(obj: Model, path: str) -> int | None:
    if path == "pk":
        return obj.pk
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
    return getattr(obj, f"{last}_id")


def scoped(
    queryset: QuerySet, request: HttpRequest, path: str | None, *, roles=EVERY_ROLE
) -> QuerySet:
    """The rows of `queryset` in the workspaces where the user holds one of `roles`."""
    if request.user.is_superuser:
        return queryset
    if path is None:
        return queryset.none()
    return queryset.filter(**{f"{path}__in": workspace_ids(request, roles)})


def scoped_choices(
    queryset: QuerySet,
    request: HttpRequest,
    admin_site: admin.AdminSite = admin.site,
    *,
    roles=EVERY_ROLE,
) -> QuerySet:
    """Rows of any model the user may pick on a form or in a filter."""
    if issubclass(queryset.model, get_user_model()):
        if request.user.is_superuser:
            return queryset
        # People are seen through the workspaces they share with you.
        members = scoped(Membership.objects.all(), request, "workspace", roles=roles)
        return queryset.filter(pk__in=members.values("user_id"))
    return scoped(queryset, request, workspace_path_for(queryset.model, admin_site), roles=roles)


def in_workspace(
    queryset: QuerySet, workspace_id: int, admin_site: admin.AdminSite = admin.site
) -> QuerySet:
    """Narrow choices to the rows of one workspace (its stages, tags, members)."""
    if issubclass(queryset.model, get_user_model()):
        return queryset.filter(memberships__workspace_id=workspace_id)
    path = workspace_path_for(queryset.model, admin_site)
    return queryset.none() if path is None else queryset.filter(**{path: workspace_id})


def belongs_to_workspace(
    obj: Model, workspace_id: int, admin_site: admin.AdminSite = admin.site
) -> bool:
    if isinstance(obj, get_user_model()):
        return Membership.objects.filter(user=obj, workspace_id=workspace_id).exists()
    path = workspace_path_for(type(obj), admin_site)
    return path is None or workspace_id_of(obj, path) == workspace_id


def labelled_with_workspace(obj: Model) -> str:
    return f"{obj} ({obj.workspace})"


def scope_formfield(
    formfield: forms.Field | None, request: HttpRequest, admin_site: admin.AdminSite, roles
) -> forms.Field | None:
    """Limit a relation's choices to what the user may pick; name the workspace if several."""
    queryset = getattr(formfield, "queryset", None)
    if queryset is None:
        return formfield
    queryset = scoped_choices(queryset, request, admin_site, roles=roles)
    if has_workspace_field(queryset.model) and spans_workspaces(request):
        # Every workspace has a "Needs help": say whose it is.
        queryset = queryset.select_related("workspace")
        formfield.label_from_instance = labelled_with_workspace
    formfield.queryset = queryset
    return formfield


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A sidebar filter that offers only the rows of the user's workspaces."""

    def field_choices(self, field, request, model_admin):
        model = field.related_model
        queryset = scoped_choices(model._default_manager.all(), request, model_admin.admin_site)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            queryset = queryset.order_by(*ordering)
        label: Callable[[Model], str] = str
        if has_workspace_field(model) and spans_workspaces(request):
            queryset = queryset.select_related("workspace")
            label = labelled_with_workspace
        return [(obj.pk, label(obj)) for obj in queryset]


class WorkspaceRolesMixin:
    """Choices scoped to the user's workspaces, and roles judged in a row's workspace.

    ``change_roles`` may change rows, ``delete_roles`` may delete them, each in
    the workspace ``_workspace_id`` names (None: in any of the user's).
    """

    change_roles = EVERY_ROLE
    delete_roles = EDITORS

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return scope_formfield(formfield, request, self.admin_site, self.change_roles)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and role_allows(
            request, self.change_roles, self._workspace_id(obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and role_allows(
            request, self.delete_roles, self._workspace_id(obj)
        )

    def _workspace_id(self, obj) -> int | None:
        raise NotImplementedError


class WorkspaceScopedAdminMixin(WorkspaceRolesMixin):
    """A ModelAdmin that shows and changes only rows of the user's workspaces.

    ``workspace_path`` leads from the model to its workspace ("workspace",
    "prospect__workspace", "pk" for Workspace itself). ``change_roles`` may
    add and change rows, ``delete_roles`` may delete them, each judged in the
    row's own workspace. ``workspace_column`` is where the list shows the
    workspace to a user who sees several (None: it shows no such column).
    """

    workspace_path = "workspace"
    workspace_column: int | None = None

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request, self.workspace_path)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Another workspace's row answers like a row that never existed.
            raise Http404(f"No {self.opts.verbose_name} with ID “{object_id}”.")
        return obj

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        return scope_formfield(formfield, request, self.admin_site, self.change_roles)

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if self.workspace_column is None:
            return columns
        columns = list(columns)
        if spans_workspaces(request):
            columns.insert(self.workspace_column, "workspace")
        return columns

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if spans_workspaces(request):
            return filters
        # In a single workspace, a filter by workspace has one choice: leave it out.
        return [
            spec
            for spec in filters
            if not (isinstance(spec, tuple | list) and spec[0] == self.workspace_path)
        ]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "workspace" not in initial and has_workspace_field(self.model):
            writable = workspace_ids(request, self.change_roles)
            if len(writable) == 1 and not request.user.is_superuser:
                initial["workspace"] = writable[0]
        return initial

    def has_add_permission(self, request):
        return super().has_add_permission(request) and role_allows(request, self.change_roles, None)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Stage history is never deleted on its own, but it goes with its prospect.
        perms_needed.discard(StageChange._meta.verbose_name)
        # "Delete selected" asks has_delete_permission without a row; judge each workspace.
        if isinstance(objs, QuerySet):
            touched = set(objs.values_list(self.workspace_path, flat=True))
        else:
            touched = {self._workspace_id(obj) for obj in objs}
        if not all(role_allows(request, self.delete_roles, pk) for pk in touched):
            perms_needed.add(self.opts.verbose_name)
        return deleted, counts, perms_needed, protected

    def _workspace_id(self, obj) -> int | None:
        return None if obj is None else workspace_id_of(obj, self.workspace_path)


class WorkspaceScopedInlineMixin(WorkspaceRolesMixin):
    """An inline on a scoped parent: scoped choices, roles judged in the parent's workspace."""

    parent_workspace_path = "workspace"

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and role_allows(
            request, self.change_roles, self._workspace_id(obj)
        )

    def _workspace_id(self, parent) -> int | None:
        if parent is None or parent.pk is None:
            return None
        return workspace_id_of(parent, self.parent_workspace_path)
