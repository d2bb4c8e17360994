"""The content library's filters and editor."""

from django import forms

from relationships.content.check import VERDICT_LABELS, VERDICTS
from relationships.models import (
    Content,
    ContentKind,
    ContentStatus,
    Stage,
)
from relationships.web.coach.forms.base import CoachForm, id_choices


class FilterValuesMixin:
    def values(self) -> dict:
        """The valid filters; a stale or tampered value is dropped, never an error page."""
        self.is_valid()
        return {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if name not in self.errors and self.cleaned_data.get(name) not in (None, "", False)
        }


class ContentFilterForm(FilterValuesMixin, CoachForm):
    q = forms.CharField(label="Search", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *ContentKind.choices]
    )
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *ContentStatus.choices]
    )
    verdict = forms.ChoiceField(
        label="Check",
        required=False,
        choices=[("", "Any verdict"), *((v, VERDICT_LABELS[v]) for v in VERDICTS)],
    )
    stage = forms.TypedChoiceField(label="Stage", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, stages: list[Stage], **kwargs):
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = id_choices(stages, empty="Any stage")
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": "Title, subject or words", "autocomplete": "off"}
        )


class ContentForm(CoachForm):
    """An email's words and where it belongs; approval reasons ride along on the same form."""

    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For you: how the email is listed. Prospects never see it.",
        error_messages={"required": "Give the email a title."},
    )
    subject = forms.CharField(
        label="Subject line",
        max_length=200,
        error_messages={"required": "Write a subject line."},
    )
    body = forms.CharField(
        label="Email",
        widget=forms.Textarea(attrs={"rows": 16, "spellcheck": "true"}),
        help_text="Markdown. Merge fields: {{ first_name }}, {{ name }}, {{ coach_name }}, "
        "{{ workspace_name }}, {{ sender_name }}.",
        error_messages={"required": "Write the email."},
        strip=False,
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=ContentKind.choices,
        initial=ContentKind.VALUE,
        help_text="Value gives, Question asks and listens, Invitation offers to talk or buy.",
    )
    topics = forms.CharField(
        label="Topics",
        required=False,
        max_length=500,
        help_text="Separated by commas, e.g. time, habits. People can mute a topic.",
    )
    stages = forms.TypedMultipleChoiceField(
        label="Stages it serves",
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    override_reason = forms.CharField(
        label="Why send it with its flags?",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only needed to approve an email that still has flags. Kept with the "
        "approval, with your name and the time.",
    )

    def __init__(self, *args, stages: list[Stage], **kwargs):
        kwargs.setdefault("auto_id", "content_%s")
        super().__init__(*args, **kwargs)
        self.stage_rows = {stage.pk: stage for stage in stages}
        self.fields["stages"].choices = id_choices(stages)
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        self.fields["subject"].widget.attrs["autocomplete"] = "off"

    @staticmethod
    def initial_for(content: Content) -> dict:
        return {
            "title": content.title,
            "subject": content.subject,
            "body": content.body,
            "kind": content.kind,
            "topics": ", ".join(content.topics or []),
            "stages": [stage.pk for stage in content.stages.all()],
        }

    def clean_topics(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["topics"].split(",") if t.strip()]

    def clean_stages(self) -> list[Stage]:
        return [self.stage_rows[pk] for pk in self.cleaned_data["stages"]]


class CheckForm(forms.Form):
    """What the live check reads while the coach types: nothing is saved. The email being
    edited and its ticked stages tell the check whether it opens a sequence and whether its
    readers have talked with the coach; ids from another workspace are ignored."""

    subject = forms.CharField(required=False, max_length=1000, strip=False)
    body = forms.CharField(required=False, max_length=100_000, strip=False)
    kind = forms.ChoiceField(required=False, choices=ContentKind.choices)
    content = forms.IntegerField(required=False, min_value=1)
    stages = forms.TypedMultipleChoiceField(required=False, coerce=int, choices=())

    def __init__(self, *args, workspace, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.fields["stages"].valid_value = lambda value: str(value).isdigit()

    def edited_content(self) -> Content | None:
        self.is_valid()
        pk = self.cleaned_data.get("content")
        return self.workspace.contents.filter(pk=pk).first() if pk else None

    def chosen_stages(self) -> list[Stage]:
        self.is_valid()
        pks = self.cleaned_data.get("stages") or []
        return list(self.workspace.stages.filter(pk__in=pks)) if pks else []

    def text(self) -> tuple[str, str, str]:
        self.is_valid()
        data = self.cleaned_data
        return (
            data.get("subject", "") or "",
            data.get("body", "") or "",
            data.get("kind") or ContentKind.VALUE,
        )
