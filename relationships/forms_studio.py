"""The forms of the coach's studio: content, sequences, workspace settings and the team.

As in forms.py, forms read and check what was typed; the services (save_content,
save_sequence, team.py) decide and save, and their refusals come back on the
field they are about (add_refusal).
"""

import datetime
import decimal
from urllib.parse import urlsplit

from django import forms
from django.http import QueryDict

from .content_check import VERDICTS
from .forms import CoachForm, id_choices
from .models import (
    Content,
    ContentKind,
    ContentStatus,
    Prospect,
    Role,
    Stage,
    StageKind,
    Step,
    Workspace,
)
from .nurture.scheduling import window_from_workspace_fields
from .sequences import StepSpec
from .timezones import is_valid_timezone

WEEKDAYS = [(1, "Mon"), (2, "Tue"), (3, "Wed"), (4, "Thu"), (5, "Fri"), (6, "Sat"), (7, "Sun")]
WEEKDAY_NAMES = {
    1: "Monday",
    2: "Tuesday",
    3: "Wednesday",
    4: "Thursday",
    5: "Friday",
    6: "Saturday",
    7: "Sunday",
}
VERDICT_LABELS = {"value-first": "Value-first", "needs-work": "Needs work", "pitch": "Pitch"}
SECONDS_PER_DAY = 86400
# A sequence longer than this is a mistake (or a forged form), not a plan.
MAX_STEPS = 40
DEFAULT_DELAY_DAYS = "3"


class TimeInput(forms.TimeInput):
    """A clock time; seconds only when the time has them (the demo window ends 23:59:59)."""

    input_type = "time"

    def format_value(self, value):
        if isinstance(value, datetime.time):
            return value.strftime("%H:%M:%S" if value.second else "%H:%M")
        return value


def describe_days(days) -> str:
    """ "Tue–Thu", "Mon, Wed, Fri", "every day"."""
    days = sorted(set(days))
    if len(days) == 7:
        return "every day"
    short = dict(WEEKDAYS)
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{short[days[0]]}–{short[days[-1]]}"
    return ", ".join(short[day] for day in days)


def describe_window(days, start: datetime.time, end: datetime.time) -> str:
    return f"{describe_days(days)}, {start:%H:%M}–{end:%H:%M}"


class FilterValuesMixin:
    def values(self) -> dict:
        """The valid filters; a stale or tampered value is dropped, never an error page."""
        self.is_valid()
        return {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if name not in self.errors and self.cleaned_data.get(name) not in (None, "", False)
        }


# ---- content -------------------------------------------------------------------------------


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
    """What the live check reads while the coach types: nothing is saved."""

    subject = forms.CharField(required=False, max_length=1000, strip=False)
    body = forms.CharField(required=False, max_length=100_000, strip=False)
    kind = forms.ChoiceField(required=False, choices=ContentKind.choices)

    def text(self) -> tuple[str, str, str]:
        self.is_valid()
        data = self.cleaned_data
        return (
            data.get("subject", "") or "",
            data.get("body", "") or "",
            data.get("kind") or ContentKind.VALUE,
        )


# ---- sequences -----------------------------------------------------------------------------


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
        if any(window) and not all(window):
            self.add_error(
                None,
                "A send window of its own needs days, a start and an end; clear all three to "
                "use the workspace's.",
            )
        elif all(window):
            try:
                window_from_workspace_fields(*window)
            except ValueError as error:
                self.add_error("window_end", str(error))
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
        data = self.cleaned_data
        return StepSpec(
            content=data["content"],
            delay=datetime.timedelta(seconds=int(data["delay_days"] * SECONDS_PER_DAY)),
            window_days=sorted(data["window_days"]) or None,
            window_start=data.get("window_start"),
            window_end=data.get("window_end"),
        )


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


# ---- workspace settings --------------------------------------------------------------------


class WorkspaceSettingsForm(forms.ModelForm):
    send_days = forms.TypedMultipleChoiceField(
        label="Days",
        coerce=int,
        choices=[(day, WEEKDAY_NAMES[day]) for day, _ in WEEKDAYS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one day for sending."},
    )
    frequency_cap_days = forms.IntegerField(
        label="At most one email per prospect every",
        min_value=0,
        max_value=90,
        help_text="Days, across all sequences. 0: no limit.",
    )
    logo_url = forms.URLField(
        label="Logo address",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Shown at the top of your prospect pages (https://…).",
    )
    booking_url = forms.URLField(
        label="Booking link",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Your online calendar (Calendly, Cal.com, …), offered to people who ask to talk.",
    )
    value_steps_per_invitation = forms.IntegerField(
        label="Helpful emails per invitation",
        min_value=0,
        max_value=20,
        help_text="A sequence needs at least this many Value or Question steps per "
        "Invitation, and as many between two invitations.",
    )

    class Meta:
        model = Workspace
        fields = (
            "name",
            "timezone",
            "sender_name",
            "sender_email",
            "postal_address",
            "send_days",
            "send_window_start",
            "send_window_end",
            "frequency_cap_days",
            "value_steps_per_invitation",
            "logo_url",
            "accent_color",
            "booking_url",
            "embed_origins",
        )
        labels = {
            "name": "Workspace name",
            "timezone": "Time zone",
            "sender_name": "Sender name",
            "sender_email": "Sender address",
            "postal_address": "Postal address",
            "send_window_start": "From",
            "send_window_end": "Until",
            "logo_url": "Logo address",
            "accent_color": "Accent colour",
            "booking_url": "Booking link",
            "embed_origins": "Websites that may show your sign-up form",
        }
        help_texts = {
            "timezone": "An IANA name, e.g. Europe/London. Dates and times on your pages use it.",
            "sender_name": "Who nurture email is from, e.g. your name.",
            "sender_email": "The address nurture email is sent from; replies come back here.",
            "postal_address": "Shown in every email footer, as anti-spam laws require.",
            "embed_origins": "One per line, e.g. https://www.example.com. Empty: any website.",
        }
        widgets = {
            "timezone": forms.TextInput(attrs={"list": "timezones", "autocomplete": "off"}),
            "postal_address": forms.Textarea(attrs={"rows": 3}),
            "send_window_start": TimeInput,
            "send_window_end": TimeInput,
            "accent_color": forms.TextInput(
                attrs={"placeholder": "#1d5c4a", "pattern": "#[0-9a-fA-F]{6}", "size": 8}
            ),
            "embed_origins": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", "settings_%s")
        super().__init__(*args, **kwargs)
        self.fields["postal_address"].required = False
        self.fields["send_window_end"].help_text = ""

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"].strip()
        if not is_valid_timezone(name):
            raise forms.ValidationError(
                f"“{name}” is not a time zone name (try e.g. Europe/London)."
            )
        return name

    def clean_send_days(self) -> list[int]:
        return sorted(set(self.cleaned_data["send_days"]))

    def clean_embed_origins(self) -> str:
        lines = self.cleaned_data["embed_origins"].split()
        for line in lines:
            parts = urlsplit(line)
            if parts.scheme not in {"http", "https"} or not parts.netloc:
                raise forms.ValidationError(
                    f"“{line}” is not a website address like https://www.example.com."
                )
        return "\n".join(lines)

    def clean(self):
        cleaned = super().clean()
        days, start, end = (
            cleaned.get(name) for name in ("send_days", "send_window_start", "send_window_end")
        )
        if days and start and end:
            try:
                window_from_workspace_fields(days, start, end)
            except ValueError as error:
                self.add_error("send_window_end", str(error))
        return cleaned


# ---- the team ------------------------------------------------------------------------------

ROLE_HELP = {
    Role.OWNER: "Everything, including who works here.",
    Role.COACH: "Prospects, content, sequences and settings.",
    Role.ASSISTANT: "Prospects, content and sequences; can't change settings or delete.",
}


class InviteForm(CoachForm):
    email = forms.EmailField(
        label="Their email",
        max_length=254,
        error_messages={
            "required": "Enter the email address they use.",
            "invalid": "Enter the email address they use.",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        initial=Role.COACH,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "invite_%s")
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (value, f"{label}: {ROLE_HELP[value]}") for value, label in Role.choices
        ]
        self.fields["email"].widget.attrs["autocomplete"] = "off"


class RoleForm(CoachForm):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class JoinForm(CoachForm):
    """A new account for someone accepting an invitation; their email is their sign-in name."""

    first_name = forms.CharField(
        label="Your first name", max_length=150, error_messages={"required": "Tell us your name."}
    )
    last_name = forms.CharField(label="Last name", max_length=150, required=False)
    password = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Choose a password."},
    )
    password_again = forms.CharField(
        label="The password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password once more."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "join_%s")
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("password")
            and cleaned.get("password_again")
            and cleaned["password"] != cleaned["password_again"]
        ):
            self.add_error("password_again", "The two passwords are not the same.")
        return cleaned
