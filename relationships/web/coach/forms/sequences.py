"""The sequence builder: the sequence, its steps as rows, and the preview's person."""

import datetime
import decimal

from django import forms
from django.http import QueryDict

from relationships.models import (
    Content,
    ContentStatus,
    Prospect,
    Stage,
    StageKind,
    Step,
    Workspace,
)
from relationships.nurture.scheduling import WEEKDAYS
from relationships.nurture.sequences import SECONDS_PER_DAY, StepSpec, own_window_problem, step_spec
from relationships.web.coach.forms.base import CoachForm, id_choices
from relationships.web.coach.forms.settings import TimeInput

# A sequence longer than this is a mistake (or a forged form), not a plan.
MAX_STEPS = 40


DEFAULT_DELAY_DAYS = "3"


class SequenceForm(CoachForm):
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Give the sequence a name."},
    )
    entry_stage = forms.TypedChoiceField(
        label="Starts when someone enters",
        coerce=int,
        error_messages={"invalid_choice": "Choose one of this workspace's stages."},
    )
    active = forms.BooleanField(
        label="On: people who enter the stage are enrolled",
        required=False,
        initial=True,
    )
    exit_on_stage_leave = forms.BooleanField(
        label="Stop when they leave the stage",
        required=False,
        initial=True,
    )

    def __init__(self, *args, workspace: Workspace, stages: list[Stage], sequence=None, **kwargs):
        kwargs.setdefault("auto_id", "sequence_%s")
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        self.sequence = sequence
        # Outcome stages end nurture; a sequence starts in an active stage.
        usable = [
            s
            for s in stages
            if s.kind == StageKind.ACTIVE or (sequence and s.pk == sequence.entry_stage_id)
        ]
        self.stage_rows = {stage.pk: stage for stage in usable}
        self.fields["entry_stage"].choices = id_choices(usable)
        if usable:
            self.fields["entry_stage"].initial = usable[0].pk
        self.fields["name"].widget.attrs["autocomplete"] = "off"

    @staticmethod
    def initial_for(sequence) -> dict:
        return {
            "name": sequence.name,
            "entry_stage": sequence.entry_stage_id,
            "active": sequence.active,
            "exit_on_stage_leave": sequence.exit_on_stage_leave,
        }

    def clean_entry_stage(self) -> Stage:
        return self.stage_rows[self.cleaned_data["entry_stage"]]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = self.workspace.sequences.filter(name__iexact=name)
        if self.sequence is not None:
            taken = taken.exclude(pk=self.sequence.pk)
        if name and taken.exists():
            raise forms.ValidationError(f"There is already a sequence called “{name}”.")
        return name


def content_label(content: Content) -> str:
    label = f"{content.title} · {content.get_kind_display()}"
    return label if content.status == ContentStatus.APPROVED else f"{label} (draft)"


class StepForm(CoachForm):
    """One step: the email it sends, how long after the previous one, and an optional window."""

    content = forms.TypedChoiceField(
        label="Email",
        coerce=int,
        empty_value=None,
        error_messages={
            "required": "Choose the email this step sends.",
            "invalid_choice": "Choose one of this workspace's emails.",
        },
    )
    delay_days = forms.DecimalField(
        label="Days after the previous step",
        min_value=0,
        max_value=365,
        max_digits=5,
        decimal_places=2,
        initial=DEFAULT_DELAY_DAYS,
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
        error_messages={"required": "How many days after the previous step?"},
    )
    window_days = forms.TypedMultipleChoiceField(
        label="Days",
        coerce=int,
        choices=WEEKDAYS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    window_start = forms.TimeField(label="From", required=False, widget=TimeInput)
    window_end = forms.TimeField(label="Until", required=False, widget=TimeInput)

    def __init__(self, *args, contents: dict[int, Content], content_choices, number: int, **kw):
        super().__init__(*args, **kw)
        self.contents = contents
        self.number = number
        self.fields["content"].choices = content_choices
        if number == 1:
            self.fields["delay_days"].label = "Days after they join"

    def clean_content(self) -> Content:
        return self.contents[self.cleaned_data["content"]]

    def clean(self):
        cleaned = super().clean()
        window = [cleaned.get(name) for name in ("window_days", "window_start", "window_end")]
        if problem := own_window_problem(*window):
            self.add_error("window_end" if all(window) else None, problem)
        return cleaned

    @property
    def chosen(self) -> Content | None:
        """The content chosen in this row (also when the rest of the row is invalid)."""
        value = self["content"].value()
        try:
            return self.contents.get(int(value))
        except (TypeError, ValueError):
            return None

    @property
    def has_window(self) -> bool:
        return any(self[name].value() for name in ("window_days", "window_start", "window_end"))

    def spec(self) -> StepSpec:
        return step_spec(self.cleaned_data)


def blank_row() -> dict:
    return {
        "content": "",
        "delay_days": DEFAULT_DELAY_DAYS,
        "window_days": [],
        "window_start": "",
        "window_end": "",
    }


def days_text(delay: datetime.timedelta) -> str:
    days = decimal.Decimal(delay.total_seconds()) / SECONDS_PER_DAY
    days = days.quantize(decimal.Decimal("0.01"))
    return str(int(days)) if days == int(days) else str(days.normalize())


def rows_from_steps(steps: list[Step]) -> list[dict]:
    return [
        {
            "content": str(step.content_id),
            "delay_days": days_text(step.delay),
            "window_days": [str(day) for day in step.window_days or []],
            "window_start": TimeInput().format_value(step.window_start) or "",
            "window_end": TimeInput().format_value(step.window_end) or "",
        }
        for step in steps
    ]


def posted_rows(data: QueryDict) -> list[dict]:
    """The builder's steps as typed (raw text), in their order on the page."""
    try:
        count = int(data.get("step_count", "0"))
    except ValueError:
        count = 0
    rows = []
    for index in range(max(0, min(count, MAX_STEPS))):
        prefix = f"step-{index}-"
        rows.append(
            {
                "content": data.get(prefix + "content", ""),
                "delay_days": data.get(prefix + "delay_days", ""),
                "window_days": data.getlist(prefix + "window_days"),
                "window_start": data.get(prefix + "window_start", ""),
                "window_end": data.get(prefix + "window_end", ""),
            }
        )
    return rows


def is_blank(row: dict) -> bool:
    """A row nobody filled in (a fresh "Add a step"): left out, never an error."""
    return not row["content"] and not (
        row["window_days"] or row["window_start"] or row["window_end"]
    )


def step_forms(rows: list[dict], *, contents: dict[int, Content]) -> list[StepForm]:
    """A form per row; filled rows are bound (and checked), blank rows show their defaults."""
    choices = [("", "Choose an email…")] + [(c.pk, content_label(c)) for c in contents.values()]
    forms_ = []
    for index, row in enumerate(rows):
        prefix = f"step-{index}"
        kwargs = {"contents": contents, "content_choices": choices, "number": index + 1}
        if is_blank(row):
            form = StepForm(prefix=prefix, initial=row, **kwargs)
        else:
            data = {f"{prefix}-{name}": value for name, value in row.items()}
            form = StepForm(data, prefix=prefix, **kwargs)
        forms_.append(form)
    return forms_


class PreviewForm(forms.Form):
    """Whose schedule the builder previews: one of the workspace's prospects."""

    preview_prospect = forms.TypedChoiceField(
        label="Preview for",
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, prospects: list[Prospect], workspace: Workspace, **kwargs):
        kwargs.setdefault("auto_id", "%s")
        super().__init__(*args, **kwargs)
        self.prospects = {p.pk: p for p in prospects}
        zone = workspace.timezone
        self.fields["preview_prospect"].choices = [
            ("", f"Someone new, in the workspace's time zone ({zone})")
        ] + [(p.pk, f"{p.name} · {p.timezone or zone}") for p in prospects]

    def chosen(self) -> Prospect | None:
        if not self.is_valid():
            return None
        return self.prospects.get(self.cleaned_data.get("preview_prospect"))
