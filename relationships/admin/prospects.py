"""Prospects: the list a coach works from, a prospect's page, and moving several at once.

Every write goes through the services: adding is create_prospect, a new stage
is move_stage, a diagnosis or interaction written on the page is
record_diagnosis or log_interaction. Their refusals come back as form errors.
"""

from collections import defaultdict

from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db.models import F, TextField
from django.forms import Textarea
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince

from relationships.admin.forms import (
    MoveToStageForm,
    ProspectAdminForm,
    RefusalsAsFormErrorsMixin,
    adopt,
)
from relationships.admin.history import (
    DIAGNOSIS_FIELDS,
    INTERACTION_FIELDS,
    log_drafted_interaction,
    record_drafted_diagnosis,
)
from relationships.admin.prospect_actions import confirm_consent, intermediate_page, record_reply
from relationships.admin.read_only import ReadOnlyInlineMixin
from relationships.admin.scoping import (
    ScopedRelatedFieldListFilter,
    WorkspaceScopedAdminMixin,
    WorkspaceScopedInlineMixin,
    scoped,
)
from relationships.models import (
    Actor,
    Diagnosis,
    Interaction,
    Prospect,
    Stage,
    StageChange,
    StageKey,
    Workspace,
)
from relationships.people import bulk
from relationships.people.interactions import interaction_logged
from relationships.people.prospects import create_prospect
from relationships.people.stages import move_stage

CONCRETE_FIELDS = frozenset(field.name for field in Prospect._meta.concrete_fields)


class SourceListFilter(admin.SimpleListFilter):
    """Where they came from, as written on the prospects the user can see."""

    title = "source"
    parameter_name = "source"

    def lookups(self, request, model_admin):
        sources = (
            model_admin.get_queryset(request)
            .exclude(source="")
            .order_by("source")
            .values_list("source", flat=True)
            .distinct()
        )
        return [(source, source) for source in sources]

    def queryset(self, request, queryset):
        return queryset.filter(source=self.value()) if self.value() else queryset


class ProspectChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        # Tags are a column: one query for the page, not one per row.
        self.result_list = self.result_list.prefetch_related("tags")


class DiagnosisInline(WorkspaceScopedInlineMixin, admin.StackedInline):
    model = Diagnosis
    extra = 0
    fields = DIAGNOSIS_FIELDS
    readonly_fields = ("author",)
    formfield_overrides = {TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 80})}}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class InteractionInline(WorkspaceScopedInlineMixin, admin.TabularInline):
    model = Interaction
    extra = 1
    fields = INTERACTION_FIELDS
    readonly_fields = ("author",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "summary":
            kwargs["widget"] = Textarea(attrs={"rows": 2, "cols": 60})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class StageHistoryInline(ReadOnlyInlineMixin, admin.TabularInline):
    """Who moved them, when and why: history is read, never edited."""

    model = StageChange
    verbose_name_plural = "stage history"
    fields = ("at", "from_stage", "to_stage", "actor", "user", "reason")
    readonly_fields = fields
    ordering = ("-at", "-pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("from_stage", "to_stage", "user")


@admin.register(Prospect)
class ProspectAdmin(RefusalsAsFormErrorsMixin, WorkspaceScopedAdminMixin, admin.ModelAdmin):
    form = ProspectAdminForm
    inlines = (DiagnosisInline, InteractionInline, StageHistoryInline)
    list_display = (
        "name",
        "email",
        "stage",
        "consent",
        "owner_name",
        "last_touch",
        "days_in_stage",
        "needs_attention",
        "tag_list",
    )
    list_filter = (
        "needs_attention",
        ("stage", ScopedRelatedFieldListFilter),
        "consent",
        ("owner", ScopedRelatedFieldListFilter),
        SourceListFilter,
        ("tags", ScopedRelatedFieldListFilter),
        ("workspace", ScopedRelatedFieldListFilter),
    )
    list_select_related = ("stage", "owner", "workspace")
    workspace_column = 2
    list_per_page = 50
    search_fields = ("name", "email", "tags__name")
    # Whoever needs the coach comes first.
    ordering = ("-needs_attention", "name", "pk")
    actions = ("move_to_stage", confirm_consent, record_reply)

    def get_fieldsets(self, request, obj=None):
        who = ("workspace", "name", "email", "timezone", "owner", "source", "tags")
        if obj is None:
            return (
                (None, {"fields": who}),
                ("Readiness", {"fields": ("stage", "revisit_on", "stage_reason")}),
                ("Consent", {"fields": ("consent", "consent_note")}),
            )
        readiness = (
            "stage",
            "stage_entered_at",
            "revisit_on",
            "stage_reason",
            "needs_attention",
            "attention_reason",
            "diagnose_next",
        )
        return (
            (None, {"fields": who}),
            ("Readiness", {"fields": readiness}),
            (
                "Consent",
                {
                    "fields": ("consent", "consent_note"),
                    "description": "Consent changes when the prospect opts in or out, "
                    "never by editing it here.",
                },
            ),
            ("Contact", {"fields": ("last_touch_at", "created_at")}),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (
            "workspace",
            "consent",
            "stage_entered_at",
            "diagnose_next",
            "last_touch_at",
            "created_at",
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "stage" and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            # Picking a stage here moves the prospect; editing stages belongs on Stages.
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = widget.can_delete_related = False
            widget.can_view_related = False
        return formfield

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        workspace_id = str(initial.get("workspace", ""))
        if "stage" not in initial and workspace_id.isdigit():
            # New prospects start where they meet us: Needs help.
            entry = Stage.objects.filter(workspace_id=workspace_id, key=StageKey.NEEDS_HELP)
            entry = scoped(entry, request, "workspace", roles=self.change_roles)
            initial["stage"] = entry.values_list("pk", flat=True).first()
        return initial

    def get_changelist(self, request, **kwargs):
        return ProspectChangeList

    def get_queryset(self, request):
        # The changelist skips list_select_related once a queryset selects related rows.
        return super().get_queryset(request).select_related(*self.list_select_related)

    @admin.display(description="owner", ordering="owner__username")
    def owner_name(self, obj: Prospect) -> str | None:
        if obj.owner is None:
            return None
        return obj.owner.get_full_name() or obj.owner.get_username()

    @admin.display(description="last touch", ordering="last_touch_at")
    def last_touch(self, obj: Prospect):
        if obj.last_touch_at is None:
            return None
        return format_html(
            '<time datetime="{}">{} ago</time>',
            obj.last_touch_at.isoformat(),
            timesince(obj.last_touch_at, depth=1),
        )

    @admin.display(description="days in stage", ordering=F("stage_entered_at").desc())
    def days_in_stage(self, obj: Prospect) -> int:
        return (timezone.now() - obj.stage_entered_at).days

    @admin.display(description="tags")
    def tag_list(self, obj: Prospect) -> str:
        return ", ".join(tag.name for tag in obj.tags.all())

    def save_model(self, request, obj, form, change):
        if not change:
            self._add(request, obj, form)
            return
        fields = [name for name in form.changed_data if name in CONCRETE_FIELDS]
        if "stage" in fields:
            # The stage moves in save_related, through move_stage, once the
            # diagnoses written on this page are saved.
            obj.stage_id = form.initial["stage"]
            fields = [name for name in fields if name not in {"stage", "revisit_on"}]
        obj.save(update_fields=fields)

    def _add(self, request, obj, form):
        data = form.cleaned_data
        prospect = create_prospect(
            data["workspace"],
            name=data["name"],
            email=data["email"],
            timezone_name=data.get("timezone", ""),
            owner=data.get("owner"),
            source=data.get("source", ""),
            tags=[tag.name for tag in data.get("tags", ())],
            consent=data["consent"],
            consent_note=data.get("consent_note", ""),
            actor=Actor.COACH,
            user=request.user,
        )
        # The admin's instance becomes that prospect: the inlines attach to it.
        adopt(obj, prospect)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        prospect, stage = form.instance, form.cleaned_data.get("stage")
        if stage is not None and stage.pk != prospect.stage_id:
            move_stage(
                prospect,
                to=stage,
                actor=Actor.COACH,
                user=request.user,
                reason=form.cleaned_data.get("stage_reason", ""),
                revisit_on=form.cleaned_data.get("revisit_on"),
            )

    def save_formset(self, request, form, formset, change):
        if formset.model not in (Diagnosis, Interaction):
            super().save_formset(request, form, formset, change)
            return
        prospect = form.instance
        for instance in formset.save(commit=False):
            if not instance._state.adding:
                instance.save()
                if isinstance(instance, Interaction):
                    instance.prospect = prospect
                    interaction_logged(instance)
            elif isinstance(instance, Diagnosis):
                adopt(instance, record_drafted_diagnosis(prospect, instance, author=request.user))
            else:
                adopt(instance, log_drafted_interaction(prospect, instance, author=request.user))
        formset.save_m2m()
        for instance in formset.deleted_objects:
            instance.delete()

    @admin.action(description="Move to stage…", permissions=["change"])
    def move_to_stage(self, request, queryset):
        """An intermediate page: one stage, one reason, and they all move or none does."""
        workspace_ids = set(queryset.values_list("workspace", flat=True))
        if len(workspace_ids) > 1:
            self.message_user(
                request,
                "The selected prospects are in several workspaces: select one workspace's "
                "prospects to move them together.",
                messages.ERROR,
            )
            return None
        if not workspace_ids:
            return None
        workspace = Workspace.objects.get(pk=workspace_ids.pop())
        prospects = queryset.select_related("workspace", "stage").order_by("name", "pk")
        form = MoveToStageForm(
            request.POST if "apply" in request.POST else None, workspace=workspace
        )
        if form.is_valid():
            outcome = bulk.move_together(list(prospects), user=request.user, **form.cleaned_data)
            if outcome.done:
                self.message_user(request, outcome.notice, messages.SUCCESS)
                return None
            if outcome.form_error:
                names = ", ".join(prospect.name for prospect in prospects)
                self.message_user(request, f"{names}: {outcome.form_error[1]}", messages.ERROR)
            refused = defaultdict(list)
            for refusal in outcome.refusals:
                refused[refusal.message].append(refusal.prospect.name)
            for reason, names in refused.items():
                self.message_user(request, f"{', '.join(names)}: {reason}", messages.ERROR)
        return intermediate_page(
            self,
            request,
            action="move_to_stage",
            title="Move to stage",
            template="move_to_stage.html",
            # Read again: a refused batch was rolled back, the objects in memory were not.
            prospects=list(prospects.all()),
            form=form,
            workspace=workspace,
        )
