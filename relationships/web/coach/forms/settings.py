"""The workspace's settings."""

from urllib.parse import urlsplit

from django import forms
from django.contrib.auth import get_user_model

from relationships.models import (
    Workspace,
)
from relationships.nurture.scheduling import WEEKDAY_NAMES, WEEKDAYS, window_from_workspace_fields
from relationships.web.coach.queries.choices import person_name
from relationships.workspaces.timezones import is_valid_timezone, timezone_field_choices


class TimeInput(forms.TimeInput):
    """A clock time to the minute: a send window has no use for seconds."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__({"step": 60, **(attrs or {})}, format="%H:%M")


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
    privacy_url = forms.URLField(
        label="Privacy notice",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="Your privacy notice, linked from the sign-up page and every email.",
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
            "default_owner",
            "privacy_url",
            "email_signature",
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
            "default_owner": "New sign-ups go to",
            "email_signature": "Signature",
        }
        help_texts = {
            "timezone": "Type a city to find it. Dates and times on your pages use it.",
            "sender_name": "Who nurture email is from, e.g. your name.",
            "sender_email": "The address nurture email is sent from; replies come back here.",
            "postal_address": "Shown in every email footer, as anti-spam laws require.",
            "embed_origins": "One per line, e.g. https://www.example.com. Empty: any website.",
        }
        widgets = {
            "postal_address": forms.Textarea(attrs={"rows": 3}),
            "send_window_start": TimeInput,
            "send_window_end": TimeInput,
            "accent_color": forms.TextInput(
                attrs={"placeholder": "#1d5c4a", "pattern": "#[0-9a-fA-F]{6}", "size": 8}
            ),
            "embed_origins": forms.Textarea(attrs={"rows": 2}),
            "email_signature": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("auto_id", "settings_%s")
        super().__init__(*args, **kwargs)
        self.fields["postal_address"].required = False
        self.fields["send_window_end"].help_text = ""
        owner = self.fields["default_owner"]
        owner.queryset = (
            get_user_model()
            .objects.filter(memberships__workspace_id=self.instance.pk)
            .order_by("first_name", "last_name", "username")
        )
        owner.label_from_instance = person_name
        owner.empty_label = "The workspace's first owner"
        self.fields["timezone"] = forms.ChoiceField(
            label=self.fields["timezone"].label,
            help_text=self.fields["timezone"].help_text,
            choices=timezone_field_choices(self.instance.timezone if self.instance else ""),
            error_messages={"invalid_choice": "Choose your time zone from the list."},
        )

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
