"""Two actions on the prospect list, each asking on its own page first.

"Confirm consent…" records how a coach knows someone agreed to nurture email
(confirm_consent); "Record a reply…" writes down what someone answered and
stops their automation (record_reply). ProspectAdmin lists them in `actions`.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse

from relationships.errors import BridgeError
from relationships.people import bulk, replies


class ConfirmConsentForm(forms.Form):
    how = forms.CharField(
        label="How did they give consent?",
        max_length=200,
        widget=forms.TextInput(attrs={"size": 70}),
        help_text="E.g. “ticked the box on the workshop sign-up sheet”. Kept in their consent "
        "note and history.",
    )


class RecordReplyForm(forms.Form):
    summary = forms.CharField(
        label="What did they say?",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text="In their words where you can: it goes into their history.",
    )


def intermediate_page(modeladmin, request, *, action, title, template, prospects, form, **extra):
    """The page a prospect action asks on first (action_form.html), Move to stage's too."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "opts": modeladmin.opts,
        "prospects": prospects,
        "form": form,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": modeladmin.media + form.media,
        **extra,
    }
    return TemplateResponse(request, f"admin/relationships/prospect/{template}", context)


@admin.action(description="Confirm consent…", permissions=["change"])
def confirm_consent(modeladmin, request, queryset):
    """One reason for all; they are all confirmed or, if one is refused, none is."""
    prospects = list(queryset.select_related("workspace", "stage").order_by("name", "pk"))
    form = ConfirmConsentForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        outcome = bulk.confirm_consent_together(
            prospects, how=form.cleaned_data["how"], user=request.user
        )
        if outcome.done:
            level = messages.SUCCESS if outcome.notice.startswith("Consent") else messages.INFO
            modeladmin.message_user(request, outcome.notice, level)
            return None
        for refusal in outcome.refusals:
            modeladmin.message_user(request, refusal.message, messages.ERROR)
        modeladmin.message_user(request, "Nobody's consent was changed.", messages.WARNING)
        # Read again: the batch was rolled back, the objects in memory were not.
        prospects = list(queryset.select_related("workspace", "stage").order_by("name", "pk"))
    return intermediate_page(
        modeladmin,
        request,
        action="confirm_consent",
        title="Confirm consent",
        template="confirm_consent.html",
        prospects=prospects,
        form=form,
    )


@admin.action(description="Record a reply…", permissions=["change"])
def record_reply(modeladmin, request, queryset):
    """A reply stops all automation for that prospect and puts them in front of the coach."""
    prospects = list(queryset.select_related("workspace", "stage")[:2])
    if len(prospects) != 1:
        modeladmin.message_user(
            request, "Select exactly one prospect to record their reply.", messages.ERROR
        )
        return None
    prospect = prospects[0]
    form = RecordReplyForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        try:
            replies.record_reply(prospect, summary=form.cleaned_data["summary"], user=request.user)
        except BridgeError as refusal:
            modeladmin.message_user(request, refusal.message, messages.ERROR)
        else:
            modeladmin.message_user(
                request,
                f"Recorded {prospect.name}'s reply. Their nurture is paused and they are marked "
                "as needing your attention: it's your turn to answer.",
                messages.SUCCESS,
            )
            return None
    return intermediate_page(
        modeladmin,
        request,
        action="record_reply",
        title=f"Record a reply from {prospect.name}",
        template="record_reply.html",
        prospects=prospects,
        form=form,
        prospect=prospect,
    )
