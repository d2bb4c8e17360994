"""Nurture: sequences and their steps, who is enrolled, and the outbox of deliveries.

A sequence and its steps are saved together through save_sequence, which
judges the whole thing (the step-type rule, approved content only, send
windows): every problem it finds is shown on the form, and nothing is kept
unless all of it is valid. Enrollments change only through the enrollment
services; deliveries are the outbox's record and are never edited here.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db import transaction
from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from relationships.admin.forms import RefusalsAsFormErrorsMixin, WorkspaceBoundForm, adopt
from relationships.admin.read_only import ReadOnlyAdminMixin, ReadOnlyInlineMixin
from relationships.admin.scoping import (
    ScopedRelatedFieldListFilter,
    WorkspaceScopedAdminMixin,
    WorkspaceScopedInlineMixin,
    membership_in,
    scoped,
    spans_workspaces,
)
from relationships.models import (
    Delivery,
    DeliveryStatus,
    Enrollment,
    EnrollmentState,
    Sequence,
    Step,
    Workspace,
)
from relationships.nurture.backlog import lease_grace, outbox_backlog
from relationships.nurture.enrollment import OPEN, pause_enrollments, resume_enrollments
from relationships.nurture.sequences import (
    SECONDS_PER_DAY,
    SequenceError,
    StepSpec,
    delete_sequence,
    own_window_problem,
    save_sequence,
    step_spec,
)

WEEKDAYS = [(1, "Mon"), (2, "Tue"), (3, "Wed"), (4, "Thu"), (5, "Fri"), (6, "Sat"), (7, "Sun")]
HELD_BY_THE_COACH = "Held by the coach"
LINE_BREAK = mark_safe("<br>")


def step_rule(workspace: Workspace) -> str:
    """The step-type rule save_sequence applies, in the words of the sequence page."""
    needed = workspace.value_steps_per_invitation
    steps = f"{needed} Value or Question step{'s' if needed != 1 else ''}"
    return (
        f"Open with a Value or Question email, never an Invitation. {workspace} asks for at least "
        f"{steps} per Invitation, and {steps} between one Invitation and the next. Only approved "
        "content can be used."
    )


def content_label(content) -> str:
    return f"{content.title} ({content.get_kind_display()}, {content.get_status_display().lower()})"


def content_label_with_workspace(content) -> str:
    return f"{content_label(content)} — {content.workspace}"


def short_time(moment: datetime.datetime | None, zone=None, *, same_day_as=None):
    """A compact time for a crowded list, the full one on hover; the hour alone on the same day."""
    if moment is None:
        return None
    local = timezone.localtime(moment, zone)
    same_day = same_day_as is not None and timezone.localtime(same_day_as).date() == local.date()
    return format_html(
        '<time datetime="{}" title="{}" style="white-space:nowrap">{}</time>',
        moment.isoformat(),
        formats.date_format(local, "DATETIME_FORMAT"),
        f"{local:%H:%M}" if same_day else f"{local:%a} {local.day} {local:%b %H:%M}",
    )


# --- sequences and their steps -------------------------------------------------------------


class SequenceAdminForm(WorkspaceBoundForm):
    class Meta:
        model = Sequence
        fields = ("workspace", "name", "entry_stage", "active", "exit_on_stage_leave")
        widgets = {"name": forms.TextInput(attrs={"size": 60})}

    def clean(self):
        refusal = self.refusal
        if not isinstance(refusal, SequenceError):
            return super().clean()
        # save_sequence lists every problem: show each one, not a paragraph of them.
        self.refusal = None
        cleaned = super().clean()
        for problem in refusal.problems:
            self.add_error(None, problem)
        return cleaned


class StepForm(forms.ModelForm):
    position = forms.IntegerField(
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"style": "width: 4em"}),
        help_text="Blank: after the others.",
    )
    delay_days = forms.DecimalField(
        label="Delay (days)",
        min_value=0,
        max_digits=6,
        decimal_places=2,
        initial=3,
        widget=forms.NumberInput(attrs={"style": "width: 5em", "step": "0.5"}),
        help_text="After the previous step (or enrolling).",
    )
    window_days = forms.TypedMultipleChoiceField(
        label="Send on",
        coerce=int,
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Days and hours of this step's own send window; all blank: the workspace's.",
    )
    window_start = forms.TimeField(
        label="From", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    window_end = forms.TimeField(
        label="Until", required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )

    class Meta:
        model = Step
        fields = ("position", "content", "window_days", "window_start", "window_end")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            seconds = Decimal(self.instance.delay.total_seconds())
            days = (seconds / SECONDS_PER_DAY).quantize(Decimal("0.01"))
            self.initial["delay_days"] = int(days) if days == int(days) else days
            self.initial["window_days"] = self.instance.window_days or []
        else:
            # A new step goes after the others unless given a place.
            self.initial["position"] = None

    def clean(self):
        cleaned = super().clean()
        window = [cleaned.get(name) for name in ("window_days", "window_start", "window_end")]
        if problem := own_window_problem(*window):
            raise forms.ValidationError(problem)
        return cleaned

    def spec(self) -> StepSpec:
        return step_spec(self.cleaned_data)


class StepInline(WorkspaceScopedInlineMixin, admin.TabularInline):
    model = Step
    form = StepForm
    fields = ("position", "content", "delay_days", "window_days", "window_start", "window_end")
    ordering = ("position", "pk")
    extra = 1
    verbose_name_plural = "steps (each sends one email)"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "content" and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            # Write or open an email from here; deleting one is not a step's business.
            formfield.widget.can_delete_related = False
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("content")
        if field is None:
            # Read only for this user: nothing to choose.
            return formset
        queryset = field.queryset.order_by("title", "pk")
        label = content_label
        if obj is not None and obj.pk:
            queryset = queryset.filter(workspace=obj.workspace_id)
        elif spans_workspaces(request):
            queryset = queryset.select_related("workspace")
            label = content_label_with_workspace
        field.queryset = queryset
        field.label_from_instance = label
        # Read the choices once for the page, not once per step.
        field.choices = list(field.choices)
        return formset


@admin.register(Sequence)
class SequenceAdmin(RefusalsAsFormErrorsMixin, WorkspaceScopedAdminMixin, admin.ModelAdmin):
    form = SequenceAdminForm
    inlines = (StepInline,)
    list_display = ("name", "entry_stage", "active", "step_count", "open_enrollments")
    list_filter = (
        "active",
        ("entry_stage", ScopedRelatedFieldListFilter),
        ("workspace", ScopedRelatedFieldListFilter),
    )
    list_select_related = ("entry_stage", "workspace")
    workspace_column = 1
    search_fields = ("name",)
    fields = ("workspace", "name", "entry_stage", "active", "exit_on_stage_leave")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("workspace",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "entry_stage" and isinstance(
            formfield.widget, RelatedFieldWidgetWrapper
        ):
            # Stages are edited on their own page, not from a sequence.
            widget = formfield.widget
            widget.can_add_related = widget.can_change_related = widget.can_delete_related = False
            widget.can_view_related = False
        return formfield

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                step_count=Count("steps", distinct=True),
                open_enrollment_count=Count(
                    "enrollments", filter=Q(enrollments__state__in=OPEN), distinct=True
                ),
            )
        )

    @admin.display(description="steps", ordering="step_count")
    def step_count(self, obj: Sequence) -> int:
        return obj.step_count

    @admin.display(description="enrolled now", ordering="open_enrollment_count")
    def open_enrollments(self, obj: Sequence) -> int:
        return obj.open_enrollment_count

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            workspaces = [obj.workspace]
        else:
            workspaces = scoped(Workspace.objects.all(), request, "pk", roles=self.change_roles)
        context["step_rules"] = [step_rule(workspace) for workspace in workspaces]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        # Saved in save_related with its steps, through save_sequence: all of it or none.
        pass

    def delete_model(self, request, obj):
        # The same rule as the coach's Delete; the confirmation page already explains it.
        delete_sequence(obj, by=membership_in(request, obj.workspace_id))

    def save_related(self, request, form, formsets, change):
        specs = []
        for formset in formsets:
            # Only for the admin's change message: save_sequence writes the steps.
            formset.save(commit=False)
            if formset.model is Step:
                specs = step_specs(formset)
        data = form.cleaned_data
        sequence = save_sequence(
            form.instance.workspace if change else data["workspace"],
            sequence=form.instance if change else None,
            name=data["name"],
            entry_stage=data["entry_stage"],
            steps=specs,
            active=data["active"],
            exit_on_stage_leave=data["exit_on_stage_leave"],
        )
        adopt(form.instance, sequence)


def step_specs(formset) -> list[StepSpec]:
    """The steps as posted, in the order of their positions (blank ones last)."""
    kept = [
        (form.cleaned_data.get("position"), index, form)
        for index, form in enumerate(formset.forms)
        if form.cleaned_data.get("content") and not form.cleaned_data.get("DELETE")
    ]
    kept.sort(key=lambda item: (item[0] is None, item[0] or 0, item[1]))
    return [form.spec() for _, _, form in kept]


# --- enrollments ---------------------------------------------------------------------------


class DeliveryInline(ReadOnlyInlineMixin, admin.TabularInline):
    """What this enrollment queued and sent: the outbox's record, read only."""

    model = Delivery
    fields = ("step", "due_at", "status", "reason", "smtp_attempts", "sent_at", "opened_at")
    readonly_fields = fields
    ordering = ("step__position", "pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("step__sequence", "step__content")


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdminMixin, WorkspaceScopedAdminMixin, admin.ModelAdmin):
    """Who is in which sequence, and why it stopped: history, changed only by Pause and Resume."""

    workspace_path = "prospect__workspace"
    inlines = (DeliveryInline,)
    list_display = ("prospect_name", "sequence", "state", "reason", "enrolled", "updated")
    list_filter = (
        "state",
        ("sequence", ScopedRelatedFieldListFilter),
        ("prospect__workspace", ScopedRelatedFieldListFilter),
    )
    list_select_related = ("prospect", "sequence")
    search_fields = ("prospect__name", "prospect__email")
    fields = (
        "prospect",
        "sequence",
        "state",
        "reason",
        "paused_until",
        "enrolled_at",
        "updated_at",
        "ended_at",
    )
    readonly_fields = fields
    actions = ("pause", "resume")

    @admin.display(description="prospect", ordering="prospect__name")
    def prospect_name(self, obj: Enrollment) -> str:
        return obj.prospect.name

    @admin.display(description="enrolled", ordering="enrolled_at")
    def enrolled(self, obj: Enrollment):
        return short_time(obj.enrolled_at)

    @admin.display(description="updated", ordering="updated_at")
    def updated(self, obj: Enrollment):
        return short_time(obj.updated_at)

    def has_nurture_permission(self, request) -> bool:
        # Pause and Resume ask what editing would, were enrollments editable: Django's
        # change permission and a role in the workspace. So, past the read-only rule.
        return super(ReadOnlyAdminMixin, self).has_change_permission(request)

    @admin.action(description="Pause", permissions=["nurture"])
    def pause(self, request, queryset):
        """Hold the selected enrollments; the prospects' other sequences keep running."""
        selected = list(queryset.select_related("prospect"))
        with transaction.atomic():
            paused = sum(
                pause_enrollments(e.prospect, reason=HELD_BY_THE_COACH, enrollments=[e])
                for e in selected
            )
        if not paused:
            self.message_user(request, "Nothing to pause: none of them is active.", messages.INFO)
            return
        self.message_user(
            request,
            f"Paused {paused} enrollment{'s' if paused != 1 else ''}: their queued emails are "
            "cancelled until you resume.",
            messages.SUCCESS,
        )

    @admin.action(description="Resume", permissions=["nurture"])
    def resume(self, request, queryset):
        chosen = defaultdict(list)
        paused = queryset.filter(state=EnrollmentState.PAUSED)
        for enrollment in paused.select_related("prospect__workspace"):
            chosen[enrollment.prospect].append(enrollment)
        if not chosen:
            self.message_user(request, "Nothing to resume: none of them is paused.", messages.INFO)
            return
        resumed, refused = 0, []
        with transaction.atomic():
            for prospect, enrollments in chosen.items():
                count = resume_enrollments(prospect, enrollments=enrollments)
                if count:
                    resumed += count
                else:
                    refused.append(prospect)
        if resumed:
            self.message_user(
                request,
                f"Resumed {resumed} enrollment{'s' if resumed != 1 else ''}: their unsent "
                "emails are scheduled again from now.",
                messages.SUCCESS,
            )
        for prospect in refused:
            self.message_user(
                request,
                f"{prospect.name} was not resumed: their consent is "
                f"{prospect.get_consent_display().lower()}, so no nurture email may go out.",
                messages.ERROR,
            )


# --- the outbox ----------------------------------------------------------------------------


class LeaseFilter(admin.SimpleListFilter):
    """Claimed rows by the state of their lease: a row past its lease was claimed by a
    worker that died or a task the broker lost, and waits for the dispatcher."""

    title = "lease"
    parameter_name = "lease"

    def lookups(self, request, model_admin):
        return [("live", "In flight"), ("expired", "Claimed past its lease")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "live":
            return queryset.filter(status=DeliveryStatus.CLAIMED, lease_until__gte=now)
        if self.value() == "expired":
            return queryset.filter(
                status=DeliveryStatus.CLAIMED, lease_until__lt=now - lease_grace()
            )
        return queryset


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdminMixin, WorkspaceScopedAdminMixin, admin.ModelAdmin):
    """The outbox: one row per email, written by the nurture engine and read here."""

    list_display = (
        "due",
        "status",
        "prospect_name",
        "email",
        "tries",
        "claims",
        "why",
        "message",
        "engagement",
    )
    list_filter = (
        "status",
        LeaseFilter,
        "kind",
        ("workspace", ScopedRelatedFieldListFilter),
    )
    list_select_related = ("prospect__workspace", "step__sequence", "step__content")
    search_fields = ("prospect__name", "prospect__email", "message_id")
    date_hierarchy = "due_at"
    fields = (
        "kind",
        "prospect",
        "enrollment",
        "step",
        "due_at",
        "status",
        "smtp_attempts",
        "claims",
        "reason",
        "last_error",
        "message_id",
        "lease_until",
        "sent_at",
        "opened_at",
        "clicked_at",
        "replied_at",
        "useful",
        "created_at",
    )
    readonly_fields = fields

    @admin.display(description="due", ordering="due_at")
    def due(self, obj: Delivery):
        # The send window is the prospect's wall clock: show theirs under ours.
        zone = obj.prospect.zone
        return format_html(
            '{}<br><span class="quiet">{} {}</span>',
            short_time(obj.due_at),
            short_time(obj.due_at, zone, same_day_as=obj.due_at),
            zone.key.replace("_", " "),
        )

    @admin.display(description="prospect", ordering="prospect__name")
    def prospect_name(self, obj: Delivery) -> str:
        return obj.prospect.name

    @admin.display(description="email")
    def email(self, obj: Delivery):
        if obj.step is None:
            # Transactional mail (a sign-up confirmation) belongs to no sequence.
            return obj.get_kind_display()
        return format_html(
            '{}. {}<br><span class="quiet">{}</span>',
            obj.step.position,
            obj.step.content.title,
            obj.step.sequence,
        )

    def changelist_view(self, request, extra_context=None):
        # The same figures as /health/, for the deliveries this user may see.
        backlog = outbox_backlog(self.get_queryset(request))
        return super().changelist_view(
            request,
            {
                **(extra_context or {}),
                "backlog": backlog,
                "lease_grace": int(lease_grace().total_seconds()),
            },
        )

    @admin.display(description="SMTP tries", ordering="smtp_attempts")
    def tries(self, obj: Delivery) -> int:
        return obj.smtp_attempts

    @admin.display(description="reason · last error")
    def why(self, obj: Delivery):
        if not obj.reason and not obj.last_error:
            return None
        error = ""
        if obj.last_error:
            error = format_html(
                '<span class="errornote-inline" style="color:var(--error-fg)" title="{}">{}</span>',
                obj.last_error,
                Truncator(obj.last_error).chars(50),
            )
        return format_html("{}{}{}", obj.reason, LINE_BREAK if obj.reason and error else "", error)

    @admin.display(description="Message-ID", ordering="message_id")
    def message(self, obj: Delivery):
        if not obj.message_id:
            return None
        return format_html(
            '<code title="{}">{}</code>', obj.message_id, Truncator(obj.message_id).chars(24)
        )

    @admin.display(description="sent", ordering="sent_at")
    def engagement(self, obj: Delivery):
        moments = [
            (label, moment)
            for label, moment in (
                ("sent", obj.sent_at),
                ("opened", obj.opened_at),
                ("replied", obj.replied_at),
            )
            if moment is not None
        ]
        if not moments:
            return None
        return format_html_join(
            LINE_BREAK,
            '<span style="white-space:nowrap">{} {}</span>',
            ((label, short_time(moment)) for label, moment in moments),
        )
