"""What happened with each prospect: stage moves, diagnoses, interactions."""

from django.contrib import admin
from django.utils.text import Truncator

from ..admin_forms import BridgeAdminForm, RefusalsAsFormErrorsMixin, adopt
from ..admin_scoping import ScopedRelatedFieldListFilter, WorkspaceScopedAdminMixin
from ..diagnosis import record_diagnosis
from ..interactions import interaction_logged, log_interaction
from ..models import Diagnosis, Interaction, StageChange


def excerpt(text: str) -> str:
    return Truncator(text).chars(80)


@admin.register(StageChange)
class StageChangeAdmin(WorkspaceScopedAdminMixin, admin.ModelAdmin):
    """Stage history: read, never edited; rows are written by move_stage only."""

    workspace_path = "prospect__workspace"
    list_display = ("at", "prospect", "from_stage", "to_stage", "actor", "user", "reason")
    list_filter = (
        "actor",
        ("to_stage", ScopedRelatedFieldListFilter),
        ("prospect__workspace", ScopedRelatedFieldListFilter),
    )
    list_select_related = ("prospect", "from_stage", "to_stage", "user")
    search_fields = ("prospect__name", "prospect__email", "reason")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProspectRecordAdmin(RefusalsAsFormErrorsMixin, WorkspaceScopedAdminMixin, admin.ModelAdmin):
    """Diagnoses and interactions: written about one prospect, by the signed-in coach."""

    workspace_path = "prospect__workspace"
    form = BridgeAdminForm
    autocomplete_fields = ("prospect",)
    list_select_related = ("prospect", "author")
    list_filter = (("prospect__workspace", ScopedRelatedFieldListFilter),)

    def get_readonly_fields(self, request, obj=None):
        # A note stays with the prospect it was written about.
        return ("author",) if obj is None else ("prospect", "author")


@admin.register(Diagnosis)
class DiagnosisAdmin(ProspectRecordAdmin):
    list_display = ("prospect", "diagnosed_on", "author", "situation")
    search_fields = (
        "prospect__name",
        "prospect__email",
        "current_situation",
        "desired_outcome",
        "priorities",
        "own_words",
    )
    date_hierarchy = "diagnosed_on"
    fields = (
        "prospect",
        "diagnosed_on",
        "current_situation",
        "desired_outcome",
        "constraints",
        "priorities",
        "own_words",
        "author",
    )

    @admin.display(description="current situation")
    def situation(self, obj: Diagnosis) -> str:
        return excerpt(obj.current_situation)

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        data = form.cleaned_data
        diagnosis = record_diagnosis(
            data["prospect"],
            current_situation=data["current_situation"],
            desired_outcome=data["desired_outcome"],
            constraints=data.get("constraints", ""),
            priorities=data.get("priorities", ""),
            own_words=data.get("own_words", ""),
            diagnosed_on=data.get("diagnosed_on"),
            author=request.user,
        )
        adopt(obj, diagnosis)


@admin.register(Interaction)
class InteractionAdmin(ProspectRecordAdmin):
    list_display = ("at", "prospect", "kind", "author", "what_happened")
    list_filter = ("kind", *ProspectRecordAdmin.list_filter)
    search_fields = ("prospect__name", "prospect__email", "summary")
    date_hierarchy = "at"
    fields = ("prospect", "at", "kind", "summary", "author")

    @admin.display(description="summary")
    def what_happened(self, obj: Interaction) -> str:
        return excerpt(obj.summary)

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            interaction_logged(obj)
            return
        data = form.cleaned_data
        interaction = log_interaction(
            data["prospect"],
            kind=data["kind"],
            summary=data["summary"],
            at=data.get("at"),
            author=request.user,
        )
        adopt(obj, interaction)
