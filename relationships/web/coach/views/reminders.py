"""Follow-up reminders: set one on a prospect's page, tick it off on Today or there."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from relationships.errors import BridgeError
from relationships.models import Reminder
from relationships.people.reminders import (
    add_reminder,
    complete_reminder,
    reopen_reminder,
    set_morning_digest,
)
from relationships.web.coach.access import workspace_required
from relationships.web.coach.forms.base import add_refusal
from relationships.web.coach.forms.people import ReminderForm
from relationships.web.coach.pages import get_prospect
from relationships.web.coach.views.prospects import after_action, refused_on_page


@require_POST
@workspace_required
@vary_on_headers("HX-Request")
def prospect_remind(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = get_prospect(request, pk)
    form = ReminderForm(request.POST)
    if form.is_valid():
        try:
            reminder = add_reminder(
                prospect,
                due_on=form.cleaned_data["due_on"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except BridgeError as error:
            add_refusal(form, error)
        else:
            day = f"{reminder.due_on.day} {reminder.due_on:%B}"
            return after_action(request, prospect, f"I'll remind you on {day}: {reminder.note}.")
    return refused_on_page(request, prospect, remind_form=form)


@require_POST
@workspace_required
@vary_on_headers("HX-Request")
def reminder_done(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = get_object_or_404(
        Reminder.objects.select_related("prospect"), pk=pk, workspace=request.workspace
    )
    prospect = reminder.prospect
    prospect.workspace = request.workspace
    if request.POST.get("undo") == "1":
        reopen_reminder(reminder)
        return after_action(request, prospect, f"Back on your list: {reminder.note}.")
    complete_reminder(reminder)
    return after_action(request, prospect, f"Done: {reminder.note}.")


@require_POST
@workspace_required
def morning_digest(request: HttpRequest) -> HttpResponse:
    """Switch the morning email of due reminders on or off, for the one signed in."""
    set_morning_digest(request.membership, on=request.POST.get("on") == "1")
    return redirect("coach:today")
