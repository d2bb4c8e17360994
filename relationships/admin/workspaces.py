"""Workspaces and what belongs to them: memberships, readiness stages, tags."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.template.defaultfilters import pluralize
from django.utils.html import format_html

from relationships.admin.forms import (
    MembershipAdminForm,
    RefusalsAsFormErrorsMixin,
    TagAdminForm,
    WorkspaceAdminForm,
    WorkspaceBoundForm,
    adopt,
)
from relationships.admin.scoping import (
    ScopedRelatedFieldListFilter,
    WorkspaceScopedAdminMixin,
    forget_member_roles,
)
from relationships.models import Membership, Stage, Tag, Workspace
from relationships.selfservice.embed import embed_snippets, signup_url
from relationships.workspaces.roles import EDITORS, OWNERS
from relationships.workspaces.services import create_workspace, delete_workspace

# What prospects see of the workspace, and how they sign up.
BRANDING = ("logo_url", "accent_color", "booking_url", "embed_origins")
SIGN_UP = ("signup_page", "signup_form_snippet", "signup_iframe_snippet")
# Copies the field's text; a page served over plain http has no clipboard API, so fall back.
COPY = (
    "var f=document.getElementById('{}');f.select();"
    "(navigator.clipboard?navigator.clipboard.writeText(f.value)"
    ":Promise.resolve(document.execCommand('copy'))).then(()=>{{this.textContent='Copied'}})"
)


def copyable(field_id: str, text: str, *, rows: int = 0):
    """Read-only text with a Copy button, for pasting into the coach's own website."""
    box = (
        format_html(
            '<textarea id="{}" readonly rows="{}" spellcheck="false" '
            'style="width:100%;max-width:48rem;font-family:monospace">{}</textarea>',
            field_id,
            rows,
            text,
        )
        if rows
        else format_html(
            '<input id="{}" readonly value="{}" style="width:100%;max-width:48rem">', field_id, text
        )
    )
    button = format_html(
        '<p><button type="button" class="button" onclick="{}">Copy</button></p>',
        COPY.format(field_id),
    )
    return format_html("{}{}", box, button)


@admin.register(Workspace)
class WorkspaceAdmin(RefusalsAsFormErrorsMixin, WorkspaceScopedAdminMixin, admin.ModelAdmin):
    workspace_path = "pk"
    # Sender, postal address and send window are settings: not for assistants.
    change_roles = EDITORS
    delete_roles = OWNERS
    form = WorkspaceAdminForm
    list_display = ("name", "slug", "timezone", "sender_email", "member_count", "prospect_count")
    search_fields = ("name", "slug", "sender_email")
    readonly_fields = ("slug", "created_at", *SIGN_UP)
    # A logo or booking link typed without a scheme is a https one.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None:
            # A new workspace gets its slug from its name (create_workspace).
            return [name for name in fields if name != "slug"]
        return [*fields, *(name for name in BRANDING if name not in fields)]

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return super().get_fieldsets(request, obj)
        fields = [f for f in self.get_fields(request, obj) if f not in (*BRANDING, *SIGN_UP)]
        return [
            (None, {"fields": fields}),
            (
                "Your prospect pages",
                {
                    "fields": BRANDING,
                    "description": "How the sign-up, preference and “ask to talk” pages "
                    "look, and your booking link.",
                },
            ),
            (
                "Sign-up form",
                {
                    "fields": SIGN_UP,
                    "description": "Share the page's address, or paste one of these into your "
                    "own website. Either way people confirm by email before anything is sent.",
                },
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_count=Count("memberships", distinct=True),
                prospect_count=Count("prospects", distinct=True),
            )
        )

    def has_add_permission(self, request):
        # Whoever may add workspaces may start one of their own: they become its owner.
        return admin.ModelAdmin.has_add_permission(self, request)

    @admin.display(description="sign-up page")
    def signup_page(self, obj: Workspace):
        return copyable("signup-page-url", signup_url(obj))

    @admin.display(description="form for your website")
    def signup_form_snippet(self, obj: Workspace):
        return copyable("signup-form-snippet", embed_snippets(obj).form_html, rows=16)

    @admin.display(description="or, the page in an iframe")
    def signup_iframe_snippet(self, obj: Workspace):
        return copyable("signup-iframe-snippet", embed_snippets(obj).iframe_html, rows=3)

    @admin.display(description="members", ordering="member_count")
    def member_count(self, obj: Workspace) -> int:
        return obj.member_count

    @admin.display(description="prospects", ordering="prospect_count")
    def prospect_count(self, obj: Workspace) -> int:
        return obj.prospect_count

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=form.changed_data or [])
            return
        details = dict(form.cleaned_data)
        name, timezone = details.pop("name"), details.pop("timezone")
        adopt(obj, create_workspace(name, owner=request.user, timezone=timezone, **details))
        forget_member_roles(request)

    # Deleting goes through delete_workspace, which removes the protected rows (stages,
    # content) leaves first; the collector alone would refuse with ProtectedError.
    def get_deleted_objects(self, objs, request):
        summary = [
            f"{obj.name} and everything in it: {count} prospect{pluralize(count)}, their "
            "history, the content and sequences"
            for obj in objs
            for count in [obj.prospects.count()]
        ]
        return summary, {"workspaces": len(summary)}, set(), []

    def delete_model(self, request, obj):
        delete_workspace(obj, by=None, confirm_name=obj.name)
        forget_member_roles(request)

    def delete_queryset(self, request, queryset):
        for workspace in queryset:
            delete_workspace(workspace, by=None, confirm_name=workspace.name)
        forget_member_roles(request)


@admin.register(Membership)
class MembershipAdmin(WorkspaceScopedAdminMixin, admin.ModelAdmin):
    # Owners decide who works in their workspace, and in which role.
    change_roles = OWNERS
    delete_roles = OWNERS
    form = MembershipAdminForm
    list_display = ("user", "workspace", "role", "joined_at")
    list_filter = ("role", ("workspace", ScopedRelatedFieldListFilter))
    list_select_related = ("user", "workspace")
    search_fields = ("user__username", "user__email", "user__first_name", "user__last_name")
    fields = ("user", "workspace", "role", "joined_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("user", "workspace", "joined_at")

    def get_fields(self, request, obj=None):
        return ("user", "workspace", "role") if obj is None else self.fields


@admin.register(Stage)
class StageAdmin(WorkspaceScopedAdminMixin, admin.ModelAdmin):
    # The readiness path is a workspace setting.
    change_roles = EDITORS
    form = WorkspaceBoundForm
    list_display = ("name", "workspace", "position", "kind", "key", "prospect_count")
    list_filter = (("workspace", ScopedRelatedFieldListFilter), "kind")
    list_select_related = ("workspace",)
    search_fields = ("name", "description")
    ordering = ("workspace__name", "position", "pk")
    fields = ("workspace", "name", "description", "position", "kind", "key")

    def get_readonly_fields(self, request, obj=None):
        # The key ties a stage to the rules (diagnose before Ready to invest); never edited.
        return ("key",) if obj is None else ("workspace", "key")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(prospect_count=Count("prospects"))

    @admin.display(description="prospects", ordering="prospect_count")
    def prospect_count(self, obj: Stage) -> int:
        return obj.prospect_count


@admin.register(Tag)
class TagAdmin(WorkspaceScopedAdminMixin, admin.ModelAdmin):
    form = TagAdminForm
    list_display = ("name", "workspace", "prospect_count")
    list_filter = (("workspace", ScopedRelatedFieldListFilter),)
    list_select_related = ("workspace",)
    search_fields = ("name",)
    fields = ("workspace", "name")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("workspace",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(prospect_count=Count("prospects"))

    @admin.display(description="prospects", ordering="prospect_count")
    def prospect_count(self, obj: Tag) -> int:
        return obj.prospect_count
