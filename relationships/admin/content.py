"""Nurture content: the editor, the pitch-pressure check beside it, and approval.

Every save goes through save_content, so the check runs each time and a
merge-field mistake comes back as an error on the field it is in. Approval goes
through approve_content: flagged content is approved only with the coach's
reason, which is kept, with who and when, on the page.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html

from relationships.admin.forms import RefusalsAsFormErrorsMixin, WorkspaceBoundForm, adopt
from relationships.admin.scoping import (
    ScopedRelatedFieldListFilter,
    WorkspaceScopedAdminMixin,
    membership_in,
)
from relationships.content.check import RULES, VERDICT_LABELS, VERDICTS
from relationships.content.services import (
    ContentError,
    approve_content,
    delete_content,
    unapprove_content,
    write_content,
)
from relationships.models import Content, ContentStatus, Step

# How much of the text around a flag the page shows, on each side.
CONTEXT_CHARS = 60
# A flag can cover a whole sentence (reading level, self-focus): show its start and end.
MARKED_MAX = 240

LEVELS = {"success": messages.SUCCESS, "warning": messages.WARNING, "info": messages.INFO}
# Text on colour, readable in the admin's light and dark themes alike.
VERDICT_COLOURS = {"value-first": "#1e7d34", "needs-work": "#9a5b00", "pitch": "#b3261e"}
# The body's stats, singular and plural, in the order the panel shows them.
COUNTED_STATS = {
    "words": ("word", "words"),
    "questions": ("question", "questions"),
    "links": ("link", "links"),
    "calls_to_action": ("call to action", "calls to action"),
    "reply_requests": ("invitation to reply", "invitations to reply"),
    "exclamations": ("exclamation mark", "exclamation marks"),
}


def verdict_badge(verdict: str):
    if not verdict:
        return format_html('<span class="content-verdict">{}</span>', "Not checked")
    return format_html(
        '<span class="content-verdict" style="background:{};color:#fff;border-radius:4px;'
        'padding:1px 7px;font-weight:600;white-space:nowrap">{}</span>',
        VERDICT_COLOURS.get(verdict, "#666"),
        VERDICT_LABELS.get(verdict, verdict),
    )


def when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else ""


def person(user) -> str:
    if user is None:
        return "Bridge"
    return user.get_full_name() or user.get_username()


def _around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The flagged words and some words either side, on one line."""
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    marked = text[start:end]
    if len(marked) > MARKED_MAX:
        half = MARKED_MAX // 2
        marked = f"{marked[:half].rstrip()} … {marked[-half:].lstrip()}"
    if start > CONTEXT_CHARS:
        # Start at a word, not halfway through one.
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    if end + CONTEXT_CHARS < len(text):
        after = after.rsplit(" ", 1)[0] + "…" if " " in after else after + "…"
    return tuple(" ".join(part.split()) for part in (before, marked, after))


def flagged_excerpt(content: Content, flag: dict):
    """The flag's excerpt highlighted in its sentence, from the text the check saw."""
    text = content.subject if flag.get("field") == "subject" else content.body
    start, end = flag.get("start", 0), flag.get("end", 0)
    if not (0 <= start < end <= len(text)):
        # The text changed since the check (it is re-run on every save): show what it said.
        return format_html("<mark>{}</mark>", flag.get("excerpt", ""))
    before, marked, after = _around(text, start, end)
    space_before = " " if text[start - 1 : start].isspace() and before else ""
    space_after = " " if text[end : end + 1].isspace() and after else ""
    return format_html("{}{}<mark>{}</mark>{}{}", before, space_before, marked, space_after, after)


class ContentAdminForm(WorkspaceBoundForm):
    topics = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text="Comma-separated, e.g. time, habits, burnout.",
    )
    override_reason = forms.CharField(
        label="Why send it anyway?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text="Only needed to approve an email that still has flags. Kept with the "
        "approval, with your name and the time.",
    )

    class Meta:
        model = Content
        fields = ("workspace", "title", "subject", "body", "kind", "topics", "stages")
        widgets = {
            "title": forms.TextInput(attrs={"size": 80}),
            "subject": forms.TextInput(attrs={"size": 80}),
            "body": forms.Textarea(attrs={"rows": 22, "cols": 100, "class": "vLargeTextField"}),
            "stages": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["topics"] = ", ".join(self.instance.topics or [])
        # A reason overrides the flags the email has now; it is never carried over.
        self.initial["override_reason"] = ""

    def clean_topics(self) -> list[str]:
        return [topic.strip() for topic in self.cleaned_data["topics"].split(",") if topic.strip()]


class VerdictListFilter(admin.SimpleListFilter):
    title = "verdict"
    parameter_name = "verdict"

    def lookups(self, request, model_admin):
        return [(verdict, VERDICT_LABELS[verdict]) for verdict in VERDICTS]

    def queryset(self, request, queryset):
        return queryset.filter(check_verdict=self.value()) if self.value() else queryset


class ContentChangeList(ChangeList):
    def get_results(self, request):
        super().get_results(request)
        # Stages are a column: one query for the page, not one per row.
        self.result_list = self.result_list.prefetch_related("stages")


@admin.register(Content)
class ContentAdmin(RefusalsAsFormErrorsMixin, WorkspaceScopedAdminMixin, admin.ModelAdmin):
    form = ContentAdminForm
    list_display = ("title", "kind", "status", "verdict", "score", "stage_list", "updated")
    list_filter = (
        "kind",
        "status",
        VerdictListFilter,
        ("stages", ScopedRelatedFieldListFilter),
        ("workspace", ScopedRelatedFieldListFilter),
    )
    list_select_related = ("workspace",)
    workspace_column = 1
    search_fields = ("title", "subject", "body")
    actions = ("approve_clean", "back_to_draft")

    def get_fieldsets(self, request, obj=None):
        email = ("title", "subject", "body", "kind", "topics", "stages")
        if obj is None:
            return (
                (None, {"fields": ("workspace", *email)}),
                ("Approval", {"fields": ("override_reason",)}),
            )
        approval = ("status", "approval", "override")
        if obj.status != ContentStatus.APPROVED and self.has_change_permission(request, obj):
            approval += ("override_reason",)
        return (
            (None, {"fields": ("workspace", *email)}),
            ("Approval", {"fields": approval}),
        )

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("workspace", "status", "approval", "override")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "stages" and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            # Stages are a workspace setting, added on their own page.
            formfield.widget.can_add_related = False
        return formfield

    def get_changelist(self, request, **kwargs):
        return ContentChangeList

    @admin.display(description="verdict", ordering="check_verdict")
    def verdict(self, obj: Content):
        return verdict_badge(obj.check_verdict)

    @admin.display(description="score", ordering="check_score")
    def score(self, obj: Content):
        return obj.check_score

    @admin.display(description="updated", ordering="updated_at")
    def updated(self, obj: Content) -> str:
        return formats.date_format(timezone.localtime(obj.updated_at), "j M Y, H:i")

    @admin.display(description="stages")
    def stage_list(self, obj: Content) -> str:
        return ", ".join(stage.name for stage in obj.stages.all())

    @admin.display(description="approved")
    def approval(self, obj: Content):
        if obj.status != ContentStatus.APPROVED:
            return "Not yet: approve it to use it in sequences."
        return f"By {person(obj.approved_by)}, {when(obj.approved_at)}"

    @admin.display(description="sent despite flags")
    def override(self, obj: Content):
        if not obj.override_reason:
            return "—"
        return format_html(
            "“{}”<br><span class='quiet'>{}, {}{}</span>",
            obj.override_reason,
            person(obj.override_by),
            when(obj.override_at),
            "" if obj.status == ContentStatus.APPROVED else " (for the last approval)",
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["check"] = check_panel(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        # The service compares with what was saved before; the form already changed `obj`.
        before = Content.objects.get(pk=obj.pk) if change else None
        decision = "save"
        if "_approve" in request.POST:
            decision = "approve"
        elif "_unapprove" in request.POST:
            decision = "unapprove"
        saved = write_content(
            before.workspace if change else data["workspace"],
            content=before,
            decision=decision,
            override_reason=data.get("override_reason", ""),
            user=request.user,
            title=data["title"],
            subject=data["subject"],
            body=data["body"],
            kind=data["kind"],
            topics=data["topics"],
            stages=data["stages"],
        )
        content = saved.content
        notes = [(LEVELS[saved.level], saved.note)]
        flagged_draft = content.flags and content.status == ContentStatus.DRAFT
        if decision == "save" and saved.level == "success" and flagged_draft:
            flags = len(content.flags)
            notes.append(
                (
                    messages.INFO,
                    f"Checked: {VERDICT_LABELS.get(content.check_verdict, '')}, score "
                    f"{content.check_score}, {flags} flag{'s' if flags != 1 else ''}.",
                )
            )
        adopt(obj, content)
        # Said once the save has held: a refusal later in this save rolls it all back.
        request._content_notes = notes

    def save_related(self, request, form, formsets, change):
        # save_content set the stages; nothing else is related.
        pass

    def _tell(self, request) -> None:
        for level, text in getattr(request, "_content_notes", ()):
            self.message_user(request, text, level)

    def response_add(self, request, obj, post_url_continue=None):
        self._tell(request)
        if "_approve" in request.POST and IS_POPUP_VAR not in request.POST:
            return HttpResponseRedirect(
                reverse("admin:relationships_content_change", args=[obj.pk])
            )
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        self._tell(request)
        if "_approve" in request.POST or "_unapprove" in request.POST:
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def delete_model(self, request, obj):
        # The same rule as the coach's Delete; the admin refuses earlier with its own page.
        delete_content(obj, by=membership_in(request, obj.workspace_id))

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            # A step needs its email (PROTECT): say which sequences use it, in plain words.
            steps = (
                Step.objects.filter(content__in=objs)
                .select_related("sequence", "content")
                .order_by("content__title", "sequence__name", "position")
            )
            protected = [
                format_html(
                    "“{}” is step {} of <a href='{}'>{}</a>",
                    step.content,
                    step.position,
                    reverse("admin:relationships_sequence_change", args=[step.sequence_id]),
                    step.sequence,
                )
                for step in steps
            ] or protected
        return deleted, counts, perms_needed, protected

    @admin.action(description="Approve selected (clean only)", permissions=["change"])
    def approve_clean(self, request, queryset):
        """Approve what has no flags; flagged content needs its own page and a reason."""
        drafts = list(queryset.filter(status=ContentStatus.DRAFT).order_by("title", "pk"))
        if not drafts:
            self.message_user(request, "They are approved already.", messages.INFO)
            return
        approved, flagged = [], []
        for content in drafts:
            try:
                approve_content(content, user=request.user)
            except ContentError as refusal:
                if refusal.field == "override_reason":
                    flagged.append(content)
                else:
                    self.message_user(
                        request,
                        f"“{content.title}” not approved: {refusal.message}",
                        messages.ERROR,
                    )
            else:
                approved.append(content)
        if approved:
            self.message_user(
                request,
                f"Approved {len(approved)}: {quoted(approved)}. Sequences can use them now.",
                messages.SUCCESS,
            )
        if flagged:
            self.message_user(
                request,
                f"Not approved, they have flags: {quoted(flagged)}. Open each one to fix them, "
                "or to approve it with your reason.",
                messages.ERROR,
            )

    @admin.action(description="Back to draft", permissions=["change"])
    def back_to_draft(self, request, queryset):
        approved = list(queryset.filter(status=ContentStatus.APPROVED).order_by("title", "pk"))
        for content in approved:
            unapprove_content(content)
        self.message_user(
            request,
            f"Back to draft: {quoted(approved)}." if approved else "They are drafts already.",
            messages.SUCCESS if approved else messages.INFO,
        )


def quoted(contents) -> str:
    return ", ".join(f"“{content.title}”" for content in contents)


def check_panel(content: Content) -> dict:
    """What the check panel shows: verdict, score, stats and each flag in its sentence."""
    result = content.check_result or {}
    stats = result.get("stats", {})
    flags = [
        {
            "title": RULES[flag["rule"]].title if flag.get("rule") in RULES else flag.get("rule"),
            "rule": flag.get("rule", ""),
            "severe": RULES[flag["rule"]].severe if flag.get("rule") in RULES else False,
            "where": "subject" if flag.get("field") == "subject" else "body",
            "excerpt": flagged_excerpt(content, flag),
            "why": flag.get("why", ""),
            "suggestion": flag.get("suggestion", ""),
        }
        for flag in result.get("flags", [])
    ]
    talk = None
    if "you_words" in stats:
        you, i_we = stats.get("you_words", 0), stats.get("i_we_words", 0)
        # No share to show when the email has neither "you" nor "I/we".
        talk = {
            "you": you,
            "i_we": i_we,
            "share": round(100 * you / (you + i_we)) if you + i_we else None,
        }
    return {
        "verdict": verdict_badge(content.check_verdict),
        "score": content.check_score,
        "checked": bool(result),
        "flags": flags,
        "talk": talk,
        "stats": [
            f"{stats[key]} {one if stats[key] == 1 else many}"
            for key, (one, many) in COUNTED_STATS.items()
            if key in stats
        ]
        + ([f"reading grade {stats['reading_grade']}"] if "reading_grade" in stats else [])
        + [
            f"{key} {', '.join(stats[key]) or 'nothing'}"
            for key in ("gives", "asks")
            if key in stats
        ],
    }
