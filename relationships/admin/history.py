"""What happened with each prospect: stage moves, diagnoses, interactions."""

from django.contrib import admin
from django.utils.text import Truncator

from relationships.admin.forms import BridgeAdminForm, RefusalsAsFormErrorsMixin, adopt
from relationships.admin.read_only import ReadOnlyAdminMixin
from relationships.admin.scoping import ScopedRelatedFieldListFilter, WorkspaceScopedAdminMixin
from relationships.models import Diagnosis, Interaction, Prospect, StageChange
from relationships.people.diagnosis import record_diagnosis
from relationships.people.interactions import interaction_logged, log_interaction

# What a coach writes down about a prospect, on its own page and on the prospect's.
DIAGNOSIS_FIELDS = (
    "diagnosed_on",
    "current_situation",
    "desired_outcome",
    "constraints",
    "priorities",
    "own_words",
    "author",
)
INTERACTION_FIELDS = ("at", "kind", "summary", "author")


def excerpt(text: str) -> str:
    return Truncator(text).chars(80)


def record_drafted_diagnosis(prospect: Prospect, draft: Diagnosis, *, author) -> Diagnosis:
    """A diagnosis filled in on an admin form (its own page or the prospect's), recorded."""
    return record_diagnosis(
        prospect,
        current_situation=draft.current_situation,
        desired_outcome=draft.desired_outcome,
        constraints=draft.constraints,
        priorities=draft.priorities,
        own_words=draft.own_words,
        diagnosed_on=draft.diagnosed_on,
        author=author,
    )


def log_drafted_interaction(prospect: Prospect, draft: Interaction, *, author) -> Interaction:
    """An interaction filled in on an admin form (its own page or the prospect's), logged."""
    return log_interaction(
        prospect, kind=draft.kind, summary=draft.summary, at=draft.at, author=author
    )


@admin.register(StageChange)
class StageChangeAdmin(ReadOnlyAdminMixin, WorkspaceScopedAdminMixin, admin.ModelAdmin):
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
    fields = ("prospect", *DIAGNOSIS_FIELDS)

    @admin.display(description="current situation")
    def situation(self, obj: Diagnosis) -> str:
        return excerpt(obj.current_situation)

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            return
        adopt(obj, record_drafted_diagnosis(obj.prospect, obj, author=request.user))


@admin.register(Interaction)
class InteractionAdmin(ProspectRecordAdmin):
    list_display = ("at", "prospect", "kind", "author", "what_happened")
    list_filter = ("kind", *ProspectRecordAdmin.list_filter)
    search_fields = ("prospect__name", "prospect__email", "summary")
    date_hierarchy = "at"
    fields = ("prospect", *INTERACTION_FIELDS)

    @admin.display(description="summary")
    def what_happened(self, obj: Interaction) -> str:
        return excerpt(obj.summary)

    def save_model(self, request, obj, form, change):
        if change:
            obj.save()
            interaction_logged(obj)
            return
        adopt(obj, log_drafted_interaction(obj.prospect, obj, author=request.user))
