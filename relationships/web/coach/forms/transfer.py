"""Forms of the import steps, the exports and the two things that can't be undone."""

from django import forms

from relationships.models import ImportConsent, ImportDuplicates
from relationships.transfer.columns import FIELDS, IGNORE
from relationships.web.coach.forms.base import CoachForm


class UploadForm(CoachForm):
    file = forms.FileField(
        label="Your list",
        # An empty file is refused by the import with its own words.
        allow_empty_file=True,
        help_text="A CSV or Excel (.xlsx) file, as Mailchimp, Kit, HubSpot or a spreadsheet "
        "exports it. The first row names the columns.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.tsv,.txt,.xlsx"}),
    )


class MappingForm(CoachForm):
    """One choice per column of the file, then consent and duplicates."""

    consent = forms.ChoiceField(
        label="How did they agree to hear from you?",
        choices=[
            (ImportConsent.TRACK, "Don't email them, just keep track"),
            (ImportConsent.OPTED_IN, "They opted in on my site"),
            (ImportConsent.CONFIRM, "Ask them to confirm: send each a double opt-in email"),
        ],
        widget=forms.RadioSelect,
        initial=ImportConsent.TRACK,
    )
    consent_note = forms.CharField(
        label="When and where they opted in",
        required=False,
        max_length=300,
        help_text="E.g. “sign-up form on my website, 2023–2024”. Or choose a column with the "
        "opt-in date above.",
    )
    duplicates = forms.ChoiceField(
        label="People you already have (same email)",
        choices=ImportDuplicates.choices,
        widget=forms.RadioSelect,
        initial=ImportDuplicates.SKIP,
    )

    def __init__(self, *args, headers: list[str], samples: list[list[str]], mapping: dict, **kw):
        super().__init__(*args, **kw)
        choices = [(IGNORE, "Don't import"), *FIELDS.items()]
        self.columns = []
        for index, header in enumerate(headers):
            name = f"column_{index}"
            self.fields[name] = forms.ChoiceField(
                label=header or f"Column {index + 1}",
                choices=choices,
                required=False,
                initial=mapping.get(str(index), IGNORE),
            )
            example = next((row[index] for row in samples if index < len(row) and row[index]), "")
            self.columns.append((self[name], example[:60]))
        # Step 2 keeps the order: columns, then the questions.
        self.order_fields([f"column_{i}" for i in range(len(headers))])

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("column_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("column_") and value
        }


class DeleteWorkspaceForm(CoachForm):
    confirm_name = forms.CharField(label="Type the workspace's name to confirm", max_length=200)


class EraseForm(CoachForm):
    confirm = forms.BooleanField(
        label="I understand this erases them for good: it can't be undone.", required=True
    )
