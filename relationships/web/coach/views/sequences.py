"""Sequences: the list, and a builder that judges the steps and previews the real schedule.

The builder keeps its steps in the form itself: adding, moving and removing a
step posts the form and answers with the steps re-drawn (htmx swaps the builder
partial; without JavaScript the whole page comes back), and nothing is saved
until "Save sequence", which goes through save_sequence: every problem listed,
nothing half-saved.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from relationships.models import (
    ContentKind,
    ContentStatus,
    Prospect,
    Sequence,
    Workspace,
)
from relationships.nurture.preview import schedule_preview
from relationships.nurture.scheduling import describe_window
from relationships.nurture.sequences import (
    SequenceError,
    StepSpec,
    delete_sequence,
    save_sequence,
    sequence_problems,
)
from relationships.web.coach.access import has_role, role_required, workspace_required
from relationships.web.coach.forms.sequences import (
    MAX_STEPS,
    PreviewForm,
    SequenceForm,
    StepForm,
    blank_row,
    posted_rows,
    rows_from_steps,
    step_forms,
)
from relationships.web.coach.pages import go, page, wants_partial
from relationships.web.coach.queries.sequences import preview_prospects, sequences_for_list
from relationships.workspaces import roles

LIST = "coach/nurture/sequences.html"


BUILDER = "coach/nurture/sequence_builder.html"


SEQUENCES_PER_PAGE = 50


@require_safe
@workspace_required
@vary_on_headers("HX-Request")
def sequence_list(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace
    page_obj = Paginator(sequences_for_list(workspace), SEQUENCES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for sequence in page_obj:
        sequence.workspace = workspace
        specs = [StepSpec(content=s.content, delay=s.delay) for s in sequence.steps.all()]
        sequence.problems = sequence_problems(workspace, specs)
    return page(
        request,
        LIST,
        {"section": "sequences", "page_obj": page_obj, "rule": step_rule(workspace)},
        partial="results",
    )


def step_rule(workspace: Workspace) -> str:
    needed = workspace.value_steps_per_invitation
    steps = f"{needed} Value or Question step{'s' if needed != 1 else ''}"
    return (
        f"Open with a Value or Question email. Each Invitation needs {steps} before it, "
        f"and {steps} between one Invitation and the next. Only approved content is sent."
    )


def apply_op(rows: list[dict], op: str) -> tuple[list[dict], tuple[int, str] | None, str]:
    """Add, move or remove a step.

    Returns the rows, the control to focus afterwards (row index and "content", "up",
    "down" or "remove"; index -1 for "Add a step"), and what happened, to announce.
    """
    rows = list(rows)
    if op == "add":
        if len(rows) >= MAX_STEPS:
            return rows, (-1, "add"), f"A sequence has at most {MAX_STEPS} steps."
        rows.append(blank_row())
        return rows, (len(rows) - 1, "content"), f"Added step {len(rows)}."
    action, _, index = op.partition("-")
    if not index.isdigit() or int(index) >= len(rows):
        return rows, None, ""
    index = int(index)
    if action == "remove":
        rows.pop(index)
        if not rows:
            rows.append(blank_row())
            return rows, (0, "content"), f"Removed step {index + 1}."
        return rows, (min(index, len(rows) - 1), "remove"), f"Removed step {index + 1}."
    if action in ("up", "down"):
        to = index - 1 if action == "up" else index + 1
        if not 0 <= to < len(rows):
            return rows, (index, action), ""
        rows[index], rows[to] = rows[to], rows[index]
        # Keep the focus on the moved step; at an end, on its other arrow (this one is off).
        at_end = to == 0 if action == "up" else to == len(rows) - 1
        other = "down" if action == "up" else "up"
        focus = (to, other if at_end else action)
        return rows, focus, f"Moved step {index + 1} {action}: it is now step {to + 1}."
    return rows, None, ""


def get_sequence(request: HttpRequest, pk: int) -> Sequence:
    sequence = get_object_or_404(
        Sequence.objects.select_related("entry_stage"), pk=pk, workspace=request.workspace
    )
    sequence.workspace = request.workspace
    return sequence


def builder_context(request: HttpRequest, sequence: Sequence | None, **extra) -> dict:
    """The builder for the posted state (or the saved one on GET), judged and previewed."""
    workspace = request.workspace
    posted = request.method == "POST"
    stages = list(workspace.stages.order_by("position", "pk"))
    contents = {c.pk: c for c in workspace.contents.order_by("title", "pk")}
    if posted:
        rows = posted_rows(request.POST)
    elif sequence is not None:
        rows = rows_from_steps(list(sequence.steps.order_by("position", "pk")))
    else:
        rows = []
    rows = rows or [blank_row()]
    focus, announce = None, ""
    op = request.POST.get("op", "")
    if op:
        rows, focus, announce = apply_op(rows, op)
    forms = step_forms(rows, contents=contents)
    if focus and focus[1] == "content":
        forms[focus[0]].fields["content"].widget.attrs["autofocus"] = True
    form = SequenceForm(
        request.POST if posted else None,
        workspace=workspace,
        stages=stages,
        sequence=sequence,
        initial=SequenceForm.initial_for(sequence) if sequence else {},
    )
    entry_stage = form["entry_stage"].value()
    entry_stage_id = int(entry_stage) if str(entry_stage).isdigit() else None
    prospects = preview_prospects(workspace, entry_stage_id)
    # The list of people was built for the stage in `preview_stage`: when the starting
    # stage changes, the preview moves on to someone in the new stage.
    stage_changed = posted and request.POST.get("preview_stage", str(entry_stage_id or "")) != str(
        entry_stage_id or ""
    )
    preview_form = PreviewForm(
        request.POST
        if posted and not stage_changed
        else {"preview_prospect": prospects[0].pk if prospects else ""},
        prospects=prospects,
        workspace=workspace,
    )
    return {
        "section": "sequences",
        "sequence": sequence,
        "form": form,
        "step_forms": forms,
        "step_count": len(forms),
        "preview_form": preview_form,
        "preview_stage": entry_stage_id or "",
        "preview_for_oob": stage_changed and wants_partial(request),
        "focus_row": focus[0] if focus else None,
        "focus_control": focus[1] if focus else "",
        "announce": announce,
        "rule": step_rule(workspace),
        "workspace_window": describe_window(
            workspace.send_days, workspace.send_window_start, workspace.send_window_end
        ),
        "preview_url": reverse("coach:sequence_preview", args=[sequence.pk])
        if sequence
        else reverse("coach:sequence_new_preview"),
        "may_delete": sequence is not None and has_role(request, roles.DELETE_SEQUENCE),
        **judge(workspace, forms, preview_form.chosen(), sequence),
        **extra,
    }


def judge(workspace: Workspace, forms: list[StepForm], prospect: Prospect | None, sequence) -> dict:
    """The step-type rule and the other problems, live, and the schedule they would make."""
    filled = [form for form in forms if form.is_bound]
    valid = [form for form in filled if form.is_valid()]
    specs = [form.spec() for form in valid]
    incomplete = [
        (form.number, next(error for errors in form.errors.values() for error in errors))
        for form in filled
        if not form.is_valid()
    ]
    problems = sequence_problems(workspace, specs) if specs else []
    strip = [
        {"number": form.number, "kind": form.chosen.kind, "label": form.chosen.get_kind_display()}
        for form in forms
        if form.chosen is not None
    ]
    kinds = [item["kind"] for item in strip]
    preview = (
        schedule_preview(workspace, prospect, specs, sequence=sequence, now=timezone.now())
        if specs
        else None
    )
    return {
        "problems": problems,
        "incomplete": incomplete,
        "strip": strip,
        "helpful_count": kinds.count(ContentKind.VALUE) + kinds.count(ContentKind.QUESTION),
        "invitation_count": kinds.count(ContentKind.INVITATION),
        "draft_count": sum(1 for s in specs if s.content.status != ContentStatus.APPROVED),
        "preview": preview,
        "preview_prospect": prospect,
    }


def builder(request: HttpRequest, sequence: Sequence | None) -> HttpResponse:
    context = builder_context(request, sequence)
    saving = request.method == "POST" and not request.POST.get("op")
    if saving:
        form, forms = context["form"], context["step_forms"]
        rows_ok = all(f.is_valid() for f in forms if f.is_bound)
        if form.is_valid() and rows_ok:
            data = form.cleaned_data
            try:
                saved = save_sequence(
                    request.workspace,
                    sequence=sequence,
                    name=data["name"],
                    entry_stage=data["entry_stage"],
                    steps=[f.spec() for f in forms if f.is_bound],
                    active=data["active"],
                    exit_on_stage_leave=data["exit_on_stage_leave"],
                )
            except SequenceError as refusal:
                context["refusal"] = refusal.problems
            except IntegrityError:
                form.add_error("name", "There is already a sequence with this name.")
            else:
                messages.success(request, f"Saved “{saved.name}”.")
                return go(request, reverse("coach:sequence_edit", args=[saved.pk]))
        context["save_failed"] = True
    return render(request, BUILDER, context)


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def sequence_new(request: HttpRequest) -> HttpResponse:
    return builder(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def sequence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return builder(request, get_sequence(request, pk))


@require_POST
@workspace_required
@vary_on_headers("HX-Request")
def sequence_preview(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """htmx, as the steps change: a step added, moved or removed answers with the whole builder;
    any other change with the judgement and the schedule. Nothing is saved."""
    sequence = get_sequence(request, pk) if pk is not None else None
    context = builder_context(request, sequence)
    if not wants_partial(request):
        return render(request, BUILDER, context)
    if request.POST.get("op"):
        # The steps changed: the whole builder, and the judgement out of band.
        return render(request, f"{BUILDER}#builder", {**context, "oob": True})
    # A field changed: the judgement, and each step's type out of band.
    return render(request, f"{BUILDER}#check", {**context, "type_oob": True})


@require_POST
@workspace_required
@role_required(roles.DELETE_SEQUENCE, what="delete a sequence")
def sequence_delete(request: HttpRequest, pk: int) -> HttpResponse:
    sequence = get_sequence(request, pk)
    try:
        delete_sequence(sequence, by=request.membership)
    except SequenceError as refusal:
        messages.error(request, refusal.message)
        return go(request, reverse("coach:sequence_edit", args=[sequence.pk]))
    messages.success(request, f"Deleted “{sequence.name}”.")
    return go(request, reverse("coach:sequences"))
