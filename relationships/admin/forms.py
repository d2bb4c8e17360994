"""Admin forms, and the glue that lets the services have the last word on an admin save.

The services (create_prospect, move_stage, record_diagnosis, ...) hold the rules.
The admin validates a form, then saves; some rules can only be judged while
saving (a diagnosis written in the same submit counts for Ready to invest). So
the admin saves through the services, and a refusal rolls the whole save back
and comes back as an error on the form (RefusalsAsFormErrorsMixin).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Model

from relationships.admin.scoping import belongs_to_workspace, in_workspace
from relationships.errors import BridgeError, ProspectError
from relationships.models import Membership, Prospect, Stage, Tag, Workspace
from relationships.people.prospects import clean_prospect_fields
from relationships.workspaces.timezones import is_valid_timezone


def adopt(instance: Model, saved: Model) -> None:
    """Make the admin's instance the row a service just saved, so the admin carries on with it."""
    for field in saved._meta.concrete_fields:
        setattr(instance, field.attname, getattr(saved, field.attname))
    instance._state.adding = False
    instance._state.db = saved._state.db


class RefusalsAsFormErrorsMixin:
    """A ModelAdmin whose saves a service may refuse: nothing is kept, the form shows why.

    changeform_view saves in one transaction. A BridgeError raised while saving
    leaves it, so everything is rolled back; the view then runs once more with
    the refusal attached to the form, which renders it as a field error.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except BridgeError as refusal:
            if request.method != "POST" or hasattr(request, "_bridge_refusal"):
                raise
            request._bridge_refusal = refusal
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        # modelform_factory made a fresh class for this request: safe to annotate.
        form.refusal = getattr(request, "_bridge_refusal", None)
        return form


class BridgeAdminForm(forms.ModelForm):
    """An admin form that shows a service's refusal of the previous save attempt."""

    refusal: BridgeError | None = None

    def clean(self):
        cleaned = super().clean()
        if self.refusal is not None:
            field = self.refusal.field if self.refusal.field in self.fields else None
            self.add_error(field, self.refusal.message)
        return cleaned


class WorkspaceBoundForm(BridgeAdminForm):
    """A row of one workspace: its choices are that workspace's, and so must be what's posted.

    The admin already limits choices to the user's workspaces; this narrows them
    to the row's own and refuses a related row of another workspace even when
    the user may see both (or the POST was forged).
    """

    exempt_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        workspace_id = self.workspace_id()
        if workspace_id is None:
            return
        for _name, field in self._related_fields():
            field.queryset = in_workspace(field.queryset, workspace_id)
            field.label_from_instance = str

    def workspace_id(self) -> int | None:
        """The workspace the row belongs to, or is being added to."""
        if getattr(self.instance, "workspace_id", None):
            return self.instance.workspace_id
        field = self.fields.get("workspace")
        if field is None:
            return None
        if self.is_bound:
            value = field.widget.value_from_datadict(
                self.data, self.files, self.add_prefix("workspace")
            )
        else:
            value = self.get_initial_for_field(field, "workspace")
        try:
            workspace = field.clean(value)
        except ValidationError:
            return None
        return workspace.pk if workspace else None

    def clean(self):
        cleaned = super().clean()
        workspace = self.cleaned_workspace()
        if workspace is None:
            return cleaned
        for name, field in self._related_fields():
            chosen = cleaned.get(name)
            if chosen is None:
                continue
            many = isinstance(field, forms.ModelMultipleChoiceField)
            for obj in chosen if many else [chosen]:
                if not belongs_to_workspace(obj, workspace.pk):
                    self.add_error(name, self.stranger_message(obj, workspace))
                    break
        return cleaned

    def cleaned_workspace(self) -> Workspace | None:
        if "workspace" in self.fields:
            return self.cleaned_data.get("workspace")
        return self.instance.workspace if getattr(self.instance, "workspace_id", None) else None

    @staticmethod
    def stranger_message(obj: Model, workspace: Workspace) -> str:
        if isinstance(obj, get_user_model()):
            return f"“{obj}” is not a member of {workspace}."
        return f"“{obj}” belongs to another workspace than {workspace}."

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        # A read-only workspace still takes part in unique constraints (stage names).
        if getattr(self.instance, "workspace_id", None) and "workspace" not in self.fields:
            exclude.discard("workspace")
        return exclude

    def _related_fields(self):
        for name, field in self.fields.items():
            if name == "workspace" or name in self.exempt_fields:
                continue
            if isinstance(field, forms.ModelChoiceField):
                yield name, field


class ProspectAdminForm(WorkspaceBoundForm):
    stage_reason = forms.CharField(
        label="Why the move",
        required=False,
        max_length=500,
        help_text="Goes into the stage history when you change the stage.",
    )

    class Meta:
        model = Prospect
        fields = (
            "workspace",
            "name",
            "email",
            "timezone",
            "owner",
            "source",
            "tags",
            "stage",
            "revisit_on",
            "needs_attention",
            "attention_reason",
            "consent",
            "consent_note",
        )
        widgets = {"tags": forms.CheckboxSelectMultiple}

    def clean(self):
        cleaned = super().clean()
        workspace = self.cleaned_workspace()
        if workspace is not None and cleaned.get("email") is not None:
            try:
                cleaned["email"] = clean_prospect_fields(
                    workspace,
                    email=cleaned["email"],
                    timezone_name=cleaned.get("timezone", ""),
                    exclude_pk=self.instance.pk,
                )
            except ProspectError as error:
                self.add_error(error.field if error.field in self.fields else None, error.message)
        return cleaned


class WorkspaceAdminForm(BridgeAdminForm):
    class Meta:
        model = Workspace
        fields = (
            "name",
            "slug",
            "timezone",
            "sender_name",
            "sender_email",
            "postal_address",
            "send_days",
            "send_window_start",
            "send_window_end",
            "frequency_cap_days",
            "value_steps_per_invitation",
        )

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"]
        if not is_valid_timezone(name):
            raise ValidationError(f"“{name}” is not a time zone name (try e.g. Europe/Berlin).")
        return name

    def clean_send_days(self) -> list[int]:
        days = self.cleaned_data["send_days"]
        if (
            not isinstance(days, list)
            or not days
            or not all(type(day) is int and 1 <= day <= 7 for day in days)
        ):
            raise ValidationError("ISO weekdays, 1 (Monday) to 7 (Sunday), e.g. [2, 3, 4].")
        return sorted(set(days))


class TagAdminForm(WorkspaceBoundForm):
    class Meta:
        model = Tag
        fields = ("workspace", "name")

    def clean(self):
        cleaned = super().clean()
        workspace, name = self.cleaned_workspace(), cleaned.get("name", "").strip()
        if workspace is not None and name:
            taken = Tag.objects.filter(workspace=workspace, name__iexact=name)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("name", f"{workspace} already has a tag “{name}”.")
        return cleaned


class MembershipAdminForm(WorkspaceBoundForm):
    # The user is who joins: they need not be a member yet.
    exempt_fields = ("user",)

    class Meta:
        model = Membership
        fields = ("user", "workspace", "role")


class MoveToStageForm(forms.Form):
    """The "Move to stage…" action: one stage of one workspace, one reason for all."""

    stage = forms.ModelChoiceField(queryset=Stage.objects.none(), empty_label=None)
    reason = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text="Goes into each prospect's stage history.",
    )
    revisit_on = forms.DateField(
        label="Revisit on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For Not now: when to get back in touch.",
    )

    def __init__(self, *args, workspace: Workspace, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = workspace.stages.order_by("position", "pk")
