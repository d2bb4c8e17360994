"""API keys and webhook endpoints, in Settings."""

import datetime

from django import forms
from django.utils import timezone

from relationships.integrations.events import SUBSCRIBABLE
from relationships.integrations.webhooks import DESCRIPTION_MAX, URL_MAX
from relationships.models import ApiKeyAccess
from relationships.web.coach.forms.base import DATE_INPUT, CoachForm

ACCESS_HELP = {
    ApiKeyAccess.READ_ONLY: "Reads prospects, content, sequences and events; changes nothing.",
    ApiKeyAccess.READ_WRITE: "Also adds, changes and moves prospects, as a coach would.",
}


class ApiKeyForm(CoachForm):
    name = forms.CharField(
        label="What will use it",
        max_length=100,
        help_text="E.g. “Zapier” or “Booking calendar”, so you know which key to revoke.",
        error_messages={"required": "Name the key after what will use it."},
    )
    access = forms.ChoiceField(
        label="Access",
        choices=[(value, f"{name}: {ACCESS_HELP[value]}") for value, name in ApiKeyAccess.choices],
        initial=ApiKeyAccess.READ_ONLY,
        widget=forms.RadioSelect,
    )
    expires_on = forms.DateField(
        label="Stops working after (optional)",
        required=False,
        widget=DATE_INPUT,
        help_text="Empty: until you revoke it.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "key_%s")
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "off"

    def expires_at(self) -> datetime.datetime | None:
        """The end of the chosen day, in the workspace's time zone (the page's)."""
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
        return timezone.make_aware(end)


class WebhookForm(CoachForm):
    url = forms.CharField(
        label="Endpoint URL",
        max_length=URL_MAX,
        help_text="Where Bridge POSTs each event, e.g. a Zapier or Make webhook URL.",
        error_messages={"required": "Enter the URL that should receive the events."},
        widget=forms.URLInput,
    )
    events = forms.MultipleChoiceField(
        label="Events to send",
        choices=[(event.value, f"{event.value}: {event.label}") for event in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one event to send."},
    )
    description = forms.CharField(
        label="Note (optional)", max_length=DESCRIPTION_MAX, required=False
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "webhook_%s")
        super().__init__(*args, **kwargs)
        self.fields["url"].widget.attrs.update(autocomplete="off", placeholder="https://")
