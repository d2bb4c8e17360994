"""What every coach form shares."""

from django import forms

from relationships.errors import BridgeError

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CoachForm(forms.Form):
    """Labels without a trailing colon, as everywhere else in the coach's pages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def add_refusal(form: forms.Form, error: BridgeError) -> None:
    """Show a service's refusal on the field it is about (or on the whole form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def id_choices(rows, label=str, empty: str | None = None) -> list[tuple[str, str]]:
    choices = [] if empty is None else [("", empty)]
    return choices + [(str(row.pk), label(row)) for row in rows]


def optional_int(value: str) -> int | None:
    return int(value) if value not in ("", None) else None
