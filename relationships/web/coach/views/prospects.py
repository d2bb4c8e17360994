"""The prospects list, a prospect's page, and what a coach does there; every write is a service."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from relationships.errors import BridgeError, StageRuleError
from relationships.models import Actor, Consent, EnrollmentState, Prospect
from relationships.nurture.enrollment import pause_enrollments, resume_enrollments
from relationships.people.bulk import run_bulk
from relationships.people.consent import FINAL, confirm_consent
from relationships.people.interactions import log_interaction
from relationships.people.prospects import (
    create_prospect,
    mark_handled,
    undo_handled,
    update_prospect,
)
from relationships.people.reminders import open_reminders
from relationships.people.replies import record_reply
from relationships.people.stages import MoveRefusal, move_stage
from relationships.web.coach.access import workspace_required
from relationships.web.coach.forms.base import add_refusal
from relationships.web.coach.forms.people import (
    AddProspectForm,
    BulkActionForm,
    ConsentForm,
    LogForm,
    MoveForm,
    ProspectDetailsForm,
    ProspectFilterForm,
    ReminderForm,
    default_revisit_date,
)
from relationships.web.coach.pages import (
    get_prospect,
    go,
    page,
    posted_query,
    safe_next,
    wants_partial,
)
from relationships.web.coach.queries.cards import decorate
from relationships.web.coach.queries.choices import (
    filter_options,
    members,
    ordered_stages,
    sources,
)
from relationships.web.coach.queries.prospects import (
    ProspectFilters,
    prospect_list,
    prospect_page,
    sequences_to_enroll_in,
)
from relationships.web.coach.queries.timeline import (
    TIMELINE_EVENTS_SHOWN,
    latest_diagnoses,
    prospect_enrollments,
    prospect_timeline,
)
from relationships.web.coach.views.today import today_context

LIST = "coach/people/prospects.html"
DETAIL = "coach/people/prospect.html"
FORM = "coach/people/prospect_form.html"
TODAY = "coach/people/today.html"
# "Select all N matching" acts in one transaction: past this many, narrow the filters.
BULK_MATCHING_LIMIT = 2000


# ---- the list ----------------------------------------------------------------------------------


def list_context(request: HttpRequest, query: QueryDict, *, bulk_form=None, **extra) -> dict:
    workspace = request.workspace
    options = filter_options(workspace)
    form = ProspectFilterForm(query, options=options)
    chosen = form.values()
    filters = ProspectFilters(**chosen)
    page_obj = prospect_page(workspace, filters, query.get("page"), stages=options.stages)
    decorate(page_obj.object_list)
    sequences = sequences_to_enroll_in(workspace)
    if bulk_form is None:
        bulk_form = BulkActionForm(stages=options.stages, sequences=sequences)
    filters_query = urlencode(chosen)
    page_query = urlencode({**chosen, "page": page_obj.number}) if page_obj.number > 1 else ""
    query_string = page_query or filters_query
    return {
        "section": "prospects",
        "filter_form": form,
        "filtering": filters.active,
        "page_obj": page_obj,
        "filters_query": filters_query,
        "query": query_string,
        "list_url": reverse("coach:prospects") + (f"?{query_string}" if query_string else ""),
        "bulk_form": bulk_form,
        "selected": {int(pk) for pk in request.POST.getlist("prospects") if pk.isdigit()},
        "revisit_default": default_revisit_date(),
        **extra,
    }


@require_safe
@workspace_required
@vary_on_headers("HX-Request")
def prospects(request: HttpRequest) -> HttpResponse:
    context = list_context(request, request.GET)
    response = page(request, LIST, context, partial="results")
    if wants_partial(request):
        # The address bar shows the filters in use, not every empty field of the form.
        push_url(response, context["list_url"])
    return response


@require_POST
@workspace_required
@vary_on_headers("HX-Request")
def prospects_bulk(request: HttpRequest) -> HttpResponse:
    """Move, tag, enroll or pause the selected prospects: all of them, or none."""
    workspace = request.workspace
    query = posted_query(request)
    everyone = request.POST.get("everyone") == "1"
    ids = request.POST.getlist("prospects")
    if not all(pk.isdigit() for pk in ids):
        raise Http404("No such prospect.")
    too_many = ""
    if everyone:
        # "All N matching": the filters the list was showing, not only this page.
        options = filter_options(workspace)
        filters = ProspectFilters(**ProspectFilterForm(query, options=options).values())
        ids = [str(pk) for pk in prospect_list(workspace, filters).values_list("pk", flat=True)]
        if len(ids) > BULK_MATCHING_LIMIT:
            too_many = (
                f"That's {len(ids)} people: narrow the filters to {BULK_MATCHING_LIMIT} "
                "or fewer, so all or none of them can change in one go."
            )
            ids = []
    chosen = list(
        workspace.prospects.filter(pk__in=ids).prefetch_related("tags").order_by("name", "pk")
    )
    if len(chosen) != len(set(ids)):
        # Another workspace's id answers like an id that never existed.
        raise Http404("No such prospect.")
    for prospect in chosen:
        prospect.workspace = workspace
    form = BulkActionForm(
        request.POST, stages=ordered_stages(workspace), sequences=sequences_to_enroll_in(workspace)
    )
    outcome = None
    if too_many:
        form.add_error(None, too_many)
    elif not chosen:
        form.add_error(None, "Select at least one prospect first.")
    elif form.is_valid():
        data = form.cleaned_data
        outcome = run_bulk(
            data["action"],
            chosen,
            user=request.user,
            stage=data.get("stage"),
            revisit_on=data.get("revisit_on"),
            tag=data.get("tag", ""),
            sequence=data.get("sequence"),
        )
        if outcome.form_error:
            form.add_error(*outcome.form_error)
        elif outcome.notice:
            if not wants_partial(request):
                messages.success(request, outcome.notice)
                url = reverse("coach:prospects")
                return redirect(f"{url}?{query.urlencode()}" if query else url)
            return page(
                request,
                LIST,
                list_context(request, query, notice=outcome.notice, keep_selection=False),
                partial="results",
            )
    context = list_context(
        request,
        query,
        bulk_form=form,
        refusals=outcome.refusals if outcome else [],
        keep_selection=True,
    )
    return page(request, LIST, context, partial="results")


# ---- adding and editing ------------------------------------------------------------------------


def details_context(request: HttpRequest, form, **extra) -> dict:
    return {
        "section": "prospects",
        "form": form,
        "sources": sources(request.workspace),
        **extra,
    }


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def prospect_new(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    form = AddProspectForm(
        request.POST or None,
        workspace=workspace,
        people=members(workspace),
        stages=ordered_stages(workspace),
        initial={"owner": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                prospect = create_prospect(
                    workspace,
                    name=data["name"],
                    email=data["email"],
                    stage=data["stage"],
                    timezone_name=data["timezone"],
                    owner=data.get("owner"),
                    source=data.get("source", ""),
                    tags=data["tag_names"],
                    actor=Actor.COACH,
                    user=request.user,
                )
                if data["consent_how"].strip():
                    confirm_consent(prospect, how=data["consent_how"], user=request.user)
        except BridgeError as error:
            add_refusal(form, error)
        else:
            messages.success(request, f"Added {prospect.name}.")
            return go(request, reverse("coach:prospect", args=[prospect.pk]))
    return render(
        request, "coach/people/prospect_form.html", details_context(request, form, adding=True)
    )


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def prospect_edit(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = get_prospect(request, pk)
    form = ProspectDetailsForm(
        request.POST or None,
        workspace=request.workspace,
        people=members(request.workspace),
        prospect=prospect,
        initial=ProspectDetailsForm.initial_for(prospect),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_prospect(prospect, **form.details())
        except BridgeError as error:
            add_refusal(form, error)
        else:
            messages.success(request, f"Saved {prospect.name}'s details.")
            return go(request, reverse("coach:prospect", args=[prospect.pk]))
    return render(
        request,
        "coach/people/prospect_form.html",
        details_context(request, form, prospect=prospect),
    )


# ---- a prospect's page -------------------------------------------------------------------------


def detail_context(request: HttpRequest, prospect: Prospect, **extra) -> dict:
    workspace = request.workspace
    diagnoses = latest_diagnoses(prospect, limit=1)
    enrollments = prospect_enrollments(prospect)
    timeline = prospect_timeline(prospect)
    decorate([prospect])
    context = {
        "section": "prospects",
        "prospect": prospect,
        "timeline": timeline,
        "timeline_cut": len(timeline) >= TIMELINE_EVENTS_SHOWN,
        "enrollments": enrollments,
        "active_count": sum(e.state == EnrollmentState.ACTIVE for e in enrollments),
        "diagnosis": diagnoses[0] if diagnoses else None,
        "consent_final": prospect.consent in FINAL,
        "consent_confirmed": prospect.consent == Consent.CONFIRMED,
        "log_form": LogForm(),
        "consent_form": ConsentForm(),
        "move_form": MoveForm(workspace=workspace),
        "revisit_default": default_revisit_date(),
        "remind_form": ReminderForm(),
        "reminders": open_reminders(prospect),
    }
    context.update(extra)
    return context


def load_for_page(request: HttpRequest, pk: int) -> Prospect:
    prospect = get_prospect(request, pk, "owner")
    # Tags are shown in the header: one query, read once.
    prospect.tag_list = list(prospect.tags.all())
    return prospect


@require_safe
@workspace_required
@vary_on_headers("HX-Request")
def prospect_detail(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = load_for_page(request, pk)
    extra = {}
    kind = request.GET.get("log")
    if kind in dict(LogForm.KINDS):
        # "Log the call" on Today opens the page with that kind chosen, ready to type.
        extra["log_form"] = LogForm(initial={"kind": kind}, focus_summary=True)
    if request.GET.get("remind"):
        extra["remind_form"] = ReminderForm(focus=True)
    if request.GET.get("handled") and not prospect.needs_attention:
        extra["undo_handled"] = request.GET["handled"]
    return page(request, DETAIL, detail_context(request, prospect, **extra), partial="prospect")


def after_action(
    request: HttpRequest, prospect: Prospect, notice: str, *, undo_handled: str = ""
) -> HttpResponse:
    """A quick action worked: show the page it came from (Today or the prospect's), told why.

    `undo_handled`: the reason that took them off Today, offered back as an undo.
    """
    undo = f"?{urlencode({'handled': undo_handled, 'who': prospect.pk})}" if undo_handled else ""
    if request.POST.get("back") == "today":
        if wants_partial(request):
            return page(
                request,
                "coach/people/today.html",
                today_context(request, notice=notice, undo=undo_for(prospect, undo_handled)),
                partial="today",
            )
        messages.success(request, notice)
        return redirect(reverse("coach:today") + undo)
    if wants_partial(request):
        fresh = load_for_page(request, prospect.pk)
        return page(
            request,
            DETAIL,
            detail_context(request, fresh, notice=notice, undo_handled=undo_handled),
            partial="prospect",
        )
    messages.success(request, notice)
    return redirect(reverse("coach:prospect", args=[prospect.pk]) + undo)


def undo_for(prospect: Prospect, reason: str) -> dict | None:
    return {"prospect": prospect, "reason": reason} if reason else None


def refused_on_page(request: HttpRequest, prospect: Prospect, **forms) -> HttpResponse:
    """A form on the prospect's page was refused: show it again with why, and what was typed."""
    fresh = load_for_page(request, prospect.pk)
    return page(request, DETAIL, detail_context(request, fresh, **forms), partial="prospect")


@require_POST
@workspace_required
@vary_on_headers("HX-Request")
def prospect_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a call, a meeting, a note, an email, or their reply (which pauses nurture at once)."""
    prospect = get_prospect(request, pk)
    form = LogForm(request.POST)
    if form.is_valid():
        kind, summary, at = (form.cleaned_data[k] for k in ("kind", "summary", "at"))
        answered = ""
        try:
            if kind == LogForm.REPLY:
                record_reply(prospect, summary=summary, at=at, user=request.user)
                notice = f"Logged {prospect.name}'s reply; their nurture email is paused."
            else:
                logged = log_interaction(
                    prospect, kind=kind, summary=summary, at=at, author=request.user
                )
                label = dict(LogForm.KINDS)[kind].lower()
                notice = f"Logged the {label} with {prospect.name}."
                answered = logged.answered
                if answered:
                    notice += " Their request to talk is handled: they're off Today."
        except BridgeError as error:
            add_refusal(form, error)
        else:
            return after_action(request, prospect, notice, undo_handled=answered)
    return refused_on_page(request, prospect, log_form=form)


@require_POST
@workspace_required
@vary_on_headers("HX-Request")
def prospect_consent(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = get_prospect(request, pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            confirm_consent(prospect, how=form.cleaned_data["how"], user=request.user)
        except BridgeError as error:
            add_refusal(form, error)
        else:
            return after_action(
                request, prospect, f"Consent confirmed: {prospect.name} can receive nurture email."
            )
    return refused_on_page(request, prospect, consent_form=form)


@require_POST
@workspace_required
@vary_on_headers("HX-Request")
def prospect_pause(request: HttpRequest, pk: int) -> HttpResponse:
    """Hold their nurture email: one sequence (`enrollment`), or all of them."""
    prospect = get_prospect(request, pk)
    enrollments = chosen_enrollments(request, prospect)
    paused = pause_enrollments(prospect, reason="Paused by the coach", enrollments=enrollments)
    notice = (
        f"Paused {prospect.name}'s nurture email."
        if paused
        else f"{prospect.name} had no active nurture email to pause."
    )
    return after_action(request, prospect, notice)


def chosen_enrollments(request: HttpRequest, prospect: Prospect) -> list | None:
    """The one enrollment a button names (404 if it is not theirs), or None for all."""
    only = request.POST.get("enrollment")
    if not only:
        return None
    enrollments = list(prospect.enrollments.filter(pk=only if only.isdigit() else 0))
    if not enrollments:
        raise Http404("No such enrollment.")
    return enrollments


@require_POST
@workspace_required
@vary_on_headers("HX-Request")
def prospect_resume(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = get_prospect(request, pk)
    enrollments = chosen_enrollments(request, prospect)
    if prospect.consent != Consent.CONFIRMED:
        notice = (
            f"{prospect.name} has not agreed to nurture email "
            f"(consent: {prospect.get_consent_display().lower()}), so nothing was resumed."
        )
    elif resume_enrollments(prospect, enrollments=enrollments):
        notice = f"Resumed {prospect.name}'s nurture email; unsent steps are scheduled from now."
    else:
        notice = f"{prospect.name} had no paused nurture email to resume."
    return after_action(request, prospect, notice)


@require_POST
@workspace_required
@vary_on_headers("HX-Request")
def prospect_handled(request: HttpRequest, pk: int) -> HttpResponse:
    prospect = get_prospect(request, pk)
    reason = mark_handled(prospect)
    return after_action(
        request, prospect, f"Marked {prospect.name} as handled.", undo_handled=reason
    )


@require_POST
@workspace_required
@vary_on_headers("HX-Request")
def prospect_handled_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo "handled": they are back on Today for the reason that had put them there."""
    prospect = get_prospect(request, pk)
    try:
        undo_handled(prospect, reason=request.POST.get("reason", ""))
    except BridgeError as error:
        return after_action(request, prospect, error.message)
    return after_action(request, prospect, f"{prospect.name} is back on Today.")


# ---- moving from a prospect's page -------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
@vary_on_headers("HX-Request")
def prospect_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move one prospect. As a page of its own, it is where "Record diagnosis" returns to."""
    prospect = get_prospect(request, pk)
    back = reverse("coach:prospect", args=[prospect.pk])
    next_url = safe_next(request, back)
    initial = {}
    if request.method != "POST" and request.GET.get("to", "").isdigit():
        initial["stage"] = int(request.GET["to"])
    form = MoveForm(request.POST or None, workspace=request.workspace, initial=initial)
    if form.revisit_applies:
        form.initial["revisit_on"] = default_revisit_date()
    refusal = None
    if request.method == "POST" and form.is_valid():
        stage = form.cleaned_data["stage"]
        try:
            move_stage(
                prospect,
                to=stage,
                actor=Actor.COACH,
                user=request.user,
                reason=form.cleaned_data["reason"],
                revisit_on=form.cleaned_data["revisit_on"],
            )
        except StageRuleError as error:
            refusal = MoveRefusal(prospect, stage, error.message, field=error.field)
            if not refusal.needs_diagnosis:
                # A missing revisit date or the like: said beside the field it is about.
                add_refusal(form, error)
                refusal = None
        else:
            notice = f"Moved {prospect.name} to {stage.name}."
            if request.POST.get("back") == "prospect" and wants_partial(request):
                return after_action(request, prospect, notice)
            messages.success(request, notice)
            return go(request, next_url)
    if request.method == "POST" and request.POST.get("back") == "prospect":
        return refused_on_page(request, prospect, move_form=form, move_refusal=refusal)
    return render(
        request,
        "coach/people/move.html",
        {
            "section": "prospects",
            "prospect": prospect,
            "form": form,
            "refusal": refusal,
            "next": next_url,
            "revisit_default": default_revisit_date(),
        },
    )
