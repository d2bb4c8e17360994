"""The first run's one form: the practice, its sender, its footer, its clock and window."""

from relationships.web.coach.forms.settings import WorkspaceSettingsForm


class FirstRunForm(WorkspaceSettingsForm):
    # Only what a new practice needs; the rest keeps its defaults until Settings.
    frequency_cap_days = None
    value_steps_per_invitation = None
    logo_url = None

    class Meta(WorkspaceSettingsForm.Meta):
        fields = (
            "name",
            "sender_name",
            "sender_email",
            "postal_address",
            "timezone",
            "send_days",
            "send_window_start",
            "send_window_end",
            "booking_url",
        )
        labels = {
            **WorkspaceSettingsForm.Meta.labels,
            "name": "Your practice's name",
            "sender_name": "Your name, as people see it on your emails",
            "sender_email": "The address your emails come from",
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "welcome_%s")
        super().__init__(*args, **kwargs)
        for name in ("name", "sender_name", "sender_email", "postal_address"):
            self.fields[name].required = True
        self.fields["postal_address"].error_messages["required"] = (
            "Anti-spam laws ask for a postal address in every email."
        )
        self.fields[
            "timezone"
        ].help_text = (
            "Start typing a city or region (e.g. London, New York) and pick from the list."
        )
