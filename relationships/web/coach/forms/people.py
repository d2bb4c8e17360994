"""Forms of the pages about people: the board, the list, a prospect, a diagnosis."""

import datetime

from django import forms
from django.utils import timezone

from relationships.errors import ProspectError
from relationships.models import Consent, InteractionKind, Prospect, Stage, StageKey, Tag, Workspace
from relationships.people.prospects import clean_prospect_fields
from relationships.selfservice.actions import add_months
from relationships.web.coach.forms.base import DATE_INPUT, CoachForm, add_refusal, id_choices
from relationships.web.coach.queries.choices import FilterOptions, person_name
from relationships.web.coach.queries.prospects import DEFAULT_SORT, SORTS
from relationships.web.coach.queries.today import ATTENTION_KINDS
from relationships.workspaces.timezones import timezone_field_choices

TAG_MAX_LENGTH = Tag._meta.get_field("name").max_length


class MoveForm(CoachForm):
    """Move one prospect: the stage, a revisit date for Not now, and why."""

    stage = forms.TypedChoiceField(
        label="Move to",
        coerce=int,
        empty_value=None,
        error_messages={
            "required": "Choose the stage to move them to.",
            "invalid_choice": "Choose one of this workspace's stages.",
        },
    )
    revisit_on = forms.DateField(
        label="Revisit on",
        required=False,
        widget=DATE_INPUT,
        help_text="For Not now: when to get back in touch.",
    )
    reason = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=500,
        help_text="Goes into their stage history.",
    )

    def __init__(self, *args, workspace: Workspace, **kwargs):
        kwargs.setdefault("auto_id", "move_%s")
        super().__init__(*args, **kwargs)
        # One query for the choices and for knowing which one is Not now.
        self.stages = {s.pk: s for s in workspace.stages.order_by("position", "pk")}
        self.fields["stage"].choices = id_choices(self.stages.values(), empty="Choose a stage…")
        self.not_now = next((s for s in self.stages.values() if s.key == StageKey.NOT_NOW), None)

    def clean_stage(self):
        return self.stages[self.cleaned_data["stage"]]

    @property
    def revisit_applies(self) -> bool:
        """The revisit date only means something for Not now: show it only then."""
        if self.is_bound and "revisit_on" in self.errors:
            return True
        chosen = self["stage"].value()
        return self.not_now is not None and str(chosen) == str(self.not_now.pk)


def default_revisit_date() -> datetime.date:
    """Three months from today: the same default a prospect's "Not now" link uses."""
    return add_months(timezone.localdate(), 3)


class BoardFilterForm(CoachForm):
    owner = forms.TypedChoiceField(label="Owner", required=False, coerce=int, empty_value=None)
    tag = forms.TypedChoiceField(label="Tag", required=False, coerce=int, empty_value=None)
    source = forms.ChoiceField(label="Source", required=False)

    def __init__(self, *args, options: FilterOptions, **kwargs):
        kwargs.setdefault("auto_id", "filter_%s")
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = id_choices(options.members, person_name, "Anyone")
        self.fields["tag"].choices = id_choices(options.tags, empty="Any tag")
        self.fields["source"].choices = [("", "Any source")] + [(s, s) for s in options.sources]

    def values(self) -> dict:
        """The valid filters; a stale or tampered value is dropped, never an error page."""
        self.is_valid()
        return {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if name not in self.errors and self.cleaned_data.get(name) not in (None, "", False)
        }


class ProspectFilterForm(BoardFilterForm):
    q = forms.CharField(label="Search", required=False, max_length=200)
    stage = forms.TypedChoiceField(label="Stage", required=False, coerce=int, empty_value=None)
    consent = forms.ChoiceField(
        label="Consent", required=False, choices=[("", "Any consent"), *Consent.choices]
    )
    attention = forms.BooleanField(label="Needs attention", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
        initial=DEFAULT_SORT,
    )
    # Set by Today's "See all" links: one group of the people waiting for the coach.
    why = forms.ChoiceField(
        label="Needs you because",
        required=False,
        choices=[("", "Any reason"), *((kind.key, kind.title) for kind in ATTENTION_KINDS)],
    )
    field_order = ["q", "stage", "consent", "owner", "tag", "source", "attention", "why", "sort"]

    def __init__(self, *args, options: FilterOptions, **kwargs):
        super().__init__(*args, options=options, **kwargs)
        self.fields["stage"].choices = id_choices(options.stages, empty="Any stage")
        self.fields["q"].widget.attrs.update(
            {"type": "search", "placeholder": "Name or email", "autocomplete": "off"}
        )

    def values(self) -> dict:
        chosen = super().values()
        if chosen.get("sort") == DEFAULT_SORT:
            del chosen["sort"]
        return chosen


class BulkActionForm(CoachForm):
    """One action for the selected prospects; they all happen, or none does."""

    ACTIONS = {
        "move": "Move",
        "tag": "Add tag",
        "enroll": "Enroll",
        "pause": "Pause nurture",
    }
    action = forms.ChoiceField(choices=list(ACTIONS.items()))
    stage = forms.TypedChoiceField(label="Stage", required=False, coerce=int, empty_value=None)
    revisit_on = forms.DateField(
        label="Revisit on", required=False, widget=DATE_INPUT, help_text="For Not now."
    )
    tag = forms.CharField(label="Tag", required=False, max_length=TAG_MAX_LENGTH)
    sequence = forms.TypedChoiceField(
        label="Sequence", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, stages, sequences, **kwargs):
        kwargs.setdefault("auto_id", "bulk_%s")
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = id_choices(stages, empty="Choose a stage…")
        self.fields["sequence"].choices = id_choices(sequences, empty="Choose a sequence…")
        self.stages = {stage.pk: stage for stage in stages}
        self.sequences = {sequence.pk: sequence for sequence in sequences}
        self.not_now = next((s for s in stages if s.key == StageKey.NOT_NOW), None)

    @property
    def revisit_applies(self) -> bool:
        """The revisit date only means something for Not now: show it only then."""
        if self.is_bound and "revisit_on" in self.errors:
            return True
        return self.not_now is not None and str(self["stage"].value()) == str(self.not_now.pk)

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        needed = {"move": "stage", "tag": "tag", "enroll": "sequence"}.get(action)
        if needed and not cleaned.get(needed):
            self.add_error(
                needed,
                {
                    "stage": "Choose the stage to move them to.",
                    "tag": "Type the tag to add.",
                    "sequence": "Choose the sequence to enroll them in.",
                }[needed],
            )
        if cleaned.get("stage"):
            cleaned["stage"] = self.stages[cleaned["stage"]]
        if cleaned.get("sequence"):
            cleaned["sequence"] = self.sequences[cleaned["sequence"]]
        return cleaned


class ProspectDetailsForm(CoachForm):
    """Name, email, time zone, owner, source and tags, checked by the prospect services."""

    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Write their name."}
    )
    email = forms.CharField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput,
        error_messages={"required": "Write their email address."},
    )
    timezone = forms.ChoiceField(
        label="Time zone",
        required=False,
        help_text="Where they live: type a city to find it. Dates in their email follow it.",
        error_messages={"invalid_choice": "Choose their time zone from the list."},
    )
    owner = forms.TypedChoiceField(label="Owner", required=False, coerce=int, empty_value=None)
    source = forms.CharField(
        label="Source",
        required=False,
        max_length=100,
        help_text="Where they came from: referral, event, website…",
        widget=forms.TextInput(attrs={"list": "sources"}),
    )
    tags = forms.CharField(
        label="Tags",
        required=False,
        max_length=500,
        help_text="Separated by commas, e.g. founder, workshop.",
    )

    def __init__(self, *args, workspace: Workspace, people, prospect: Prospect | None = None, **kw):
        super().__init__(*args, **kw)
        self.workspace = workspace
        self.prospect = prospect
        self.people = {person.pk: person for person in people}
        self.fields["owner"].choices = id_choices(people, person_name, "Nobody yet")
        self.fields["name"].widget.attrs["autocomplete"] = "off"
        self.fields["timezone"].choices = timezone_field_choices(
            prospect.timezone if prospect else "",
            empty=f"The workspace's ({workspace.timezone})",
        )

    @staticmethod
    def initial_for(prospect: Prospect) -> dict:
        return {
            "name": prospect.name,
            "email": prospect.email,
            "timezone": prospect.timezone,
            "owner": prospect.owner_id,
            "source": prospect.source,
            "tags": ", ".join(tag.name for tag in prospect.tags.all()),
        }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("owner") is not None:
            cleaned["owner"] = self.people.get(cleaned["owner"])
        cleaned["tag_names"] = [t.strip() for t in cleaned.get("tags", "").split(",") if t.strip()]
        too_long = [name for name in cleaned["tag_names"] if len(name) > TAG_MAX_LENGTH]
        if too_long:
            self.add_error("tags", f"Keep each tag under {TAG_MAX_LENGTH} characters.")
        if "email" in cleaned:
            try:
                cleaned["email"] = clean_prospect_fields(
                    self.workspace,
                    email=cleaned["email"],
                    timezone_name=cleaned.get("timezone", "").strip(),
                    exclude_pk=self.prospect.pk if self.prospect else None,
                )
            except ProspectError as error:
                add_refusal(self, error)
        cleaned["timezone"] = cleaned.get("timezone", "").strip()
        return cleaned

    def details(self) -> dict:
        """The checked details, as update_prospect and create_prospect take them."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "timezone_name": data["timezone"],
            "owner": data.get("owner"),
            "source": data.get("source", ""),
            "tags": data["tag_names"],
        }


class AddProspectForm(ProspectDetailsForm):
    stage = forms.TypedChoiceField(label="Stage", coerce=int)
    consent_how = forms.CharField(
        label="Already agreed to email? Say how",
        required=False,
        max_length=200,
        help_text="e.g. “signed up at the March workshop”. Empty: they have not agreed yet, "
        "so no nurture email goes to them.",
    )

    def __init__(self, *args, stages: list[Stage], **kwargs):
        super().__init__(*args, **kwargs)
        self.stages = {stage.pk: stage for stage in stages}
        self.fields["stage"].choices = id_choices(stages)
        entry = next((s for s in stages if s.key == StageKey.NEEDS_HELP), None)
        if entry is not None:
            self.fields["stage"].initial = entry.pk

    def clean_stage(self) -> Stage:
        return self.stages[self.cleaned_data["stage"]]


class LogForm(CoachForm):
    """A call, a note, their reply: what happened, in a line or two."""

    REPLY = "reply"
    KINDS = [
        (InteractionKind.CALL.value, "Call"),
        (REPLY, "Their reply"),
        (InteractionKind.NOTE.value, "Note"),
        (InteractionKind.MEETING.value, "Meeting"),
        (InteractionKind.EMAIL_OUT.value, "Email to them"),
    ]
    kind = forms.ChoiceField(
        label="What happened", choices=KINDS, initial="call", widget=forms.RadioSelect
    )
    summary = forms.CharField(
        label="What was said",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write a line about what happened."},
    )
    at = forms.DateTimeField(
        label="When",
        required=False,
        help_text="Empty: now.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, focus_summary: bool = False, **kwargs):
        kwargs.setdefault("auto_id", "log_%s")
        super().__init__(*args, **kwargs)
        if focus_summary:
            # Arriving to log a call: the cursor waits in the text box, not on the page.
            self.fields["summary"].widget.attrs["autofocus"] = True

    def clean_at(self):
        at = self.cleaned_data.get("at")
        if at is not None and at > timezone.now() + datetime.timedelta(minutes=5):
            raise forms.ValidationError("That is in the future: log what already happened.")
        return at


class ConsentForm(CoachForm):
    how = forms.CharField(
        label="How did they agree?",
        max_length=200,
        help_text="e.g. “asked for the newsletter on our call”.",
        error_messages={"required": "Say how they gave consent."},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "consent_%s")
        super().__init__(*args, **kwargs)


class DiagnosisForm(CoachForm):
    """Listening, written down: where they are, where they want to be, in their words."""

    current_situation = forms.CharField(
        label="What's going on for them now?",
        help_text="Describe their situation as they told it: what a week looks like, what hurts.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe what's going on for them now."},
    )
    desired_outcome = forms.CharField(
        label="What would be different if it were solved?",
        help_text="The picture they paint of the other side, not your offer.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Describe what would be different if it were solved."},
    )
    constraints = forms.CharField(
        label="What's in the way?",
        required=False,
        help_text="Time, money, people, beliefs: what has stopped them so far.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    priorities = forms.CharField(
        label="What matters most to them right now?",
        required=False,
        help_text="If they could change one thing first, what would it be?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    own_words = forms.CharField(
        label="In their own words",
        required=False,
        help_text="A sentence they said that you want to remember, quoted as said.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    diagnosed_on = forms.DateField(label="Date of the conversation", widget=DATE_INPUT)

    def clean_diagnosed_on(self) -> datetime.date:
        day = self.cleaned_data["diagnosed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("That date is in the future.")
        return day


class ReminderForm(CoachForm):
    """ "Remind me to check in with Ana on 12 March"."""

    due_on = forms.DateField(
        label="Remind me on",
        widget=DATE_INPUT,
        error_messages={"required": "Choose the day to be reminded."},
    )
    note = forms.CharField(
        label="About",
        required=False,
        max_length=300,
        help_text="Empty: “Check in with them”.",
    )

    def __init__(self, *args, focus: bool = False, **kwargs):
        kwargs.setdefault("auto_id", "remind_%s")
        kwargs.setdefault("initial", {"due_on": timezone.localdate() + datetime.timedelta(days=7)})
        super().__init__(*args, **kwargs)
        if focus:
            # Arriving from Today's "Remind me": ready to pick the day.
            self.fields["due_on"].widget.attrs["autofocus"] = True
