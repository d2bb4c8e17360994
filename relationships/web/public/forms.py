"""The forms on the prospect pages."""

from django import forms

from relationships.selfservice import actions as self_service
from relationships.selfservice import preferences as prefs
from relationships.web.public.queries import timezone_choices


class SignupForm(forms.Form):
    name = forms.CharField(max_length=200, error_messages={"required": "Please tell us your name."})
    email = forms.EmailField(
        max_length=254,
        error_messages={
            "required": "We need your email address to send you anything.",
            "invalid": "That doesn't look like an email address. Could you check it?",
        },
    )
    help = forms.CharField(
        required=False,
        max_length=self_service.NOTE_MAX_LENGTH,
        error_messages={"max_length": "That's a lot to read: could you shorten it a little?"},
    )
    tz = forms.CharField(required=False, max_length=64)


class TalkForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=self_service.NOTE_MAX_LENGTH,
        error_messages={"max_length": "That's a lot to read: could you shorten it a little?"},
    )
    times = forms.CharField(
        required=False,
        max_length=self_service.TIMES_MAX_LENGTH,
        error_messages={"max_length": "Could you say it a little shorter?"},
    )
    timezone = forms.CharField(required=False, max_length=64)

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"]
        if name and name not in timezone_choices():
            raise forms.ValidationError("Choose your time zone from the list.")
        return name


class WhereForm(TalkForm):
    answer = forms.ChoiceField(
        choices=[(r.key, r.sentence) for r in self_service.READINESS],
        error_messages={
            "required": "Choose the sentence that fits best.",
            "invalid_choice": "Choose the sentence that fits best.",
        },
    )


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        choices=[(f, f) for f in prefs.FREQUENCIES],
        error_messages={
            "required": "Choose how often you'd like our emails.",
            "invalid_choice": "Choose how often you'd like our emails.",
        },
    )
    until = forms.DateField(
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Choose a day, like 2026-06-01."},
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("frequency") == prefs.PAUSE
            and not data.get("until")
            and "until" not in (self.errors)
        ):
            self.add_error("until", "Choose the day our emails may start again.")
        return data


class TopicsForm(forms.Form):
    topics = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, topics: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(t, t) for t in topics]
