"""Inviting people and changing their roles."""

from django import forms

from relationships.models import (
    Role,
)
from relationships.web.coach.forms.base import CoachForm

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
