"""Content: the library of nurture emails, and the editor whose value-first check runs as
the coach types.

Every save goes through save_content (the check runs, merge fields are
validated); approval goes through approve_content, so flagged content is
approved only with the coach's reason, kept with who and when.
"""

import dataclasses
import itertools

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from relationships.content.check import RULES, Thresholds, check_content
from relationships.content.merge_fields import MERGE_FIELDS, find_merge_field_errors
from relationships.content.services import (
    ContentError,
    delete_content,
    opens_a_sequence,
    reading_context,
    write_content,
)
from relationships.models import Content, Step
from relationships.web.coach.access import has_role, role_required, workspace_required
from relationships.web.coach.forms.base import add_refusal
from relationships.web.coach.forms.content import (
    VERDICT_LABELS,
    CheckForm,
    ContentFilterForm,
    ContentForm,
)
from relationships.web.coach.pages import go, page
from relationships.web.coach.queries.choices import ordered_stages, person_name
from relationships.workspaces import roles

LIBRARY = "coach/content/library.html"
EDITOR = "coach/content/editor.html"
CONTENT_PER_PAGE = 50


# ---- the library ---------------------------------------------------------------------------


def library(workspace, filters: dict) -> QuerySet:
    contents = (
        workspace.contents.annotate(step_count=Count("steps"))
        .prefetch_related("stages")
        .order_by("title", "pk")
    )
    if filters.get("q"):
        q = filters["q"]
        contents = contents.filter(
            Q(title__icontains=q) | Q(subject__icontains=q) | Q(body__icontains=q)
        )
    for name, lookup in (("kind", "kind"), ("status", "status"), ("verdict", "check_verdict")):
        if filters.get(name):
            contents = contents.filter(**{lookup: filters[name]})
    if filters.get("stage"):
        contents = contents.filter(stages=filters["stage"])
    return contents


def library_context(request: HttpRequest, **extra) -> dict:
    workspace = request.workspace
    stages = ordered_stages(workspace)
    form = ContentFilterForm(request.GET, stages=stages)
    chosen = form.values()
    paginator = Paginator(library(workspace, chosen), CONTENT_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    for content in page_obj.object_list:
        content.verdict_label = VERDICT_LABELS.get(content.check_verdict, "")
    return {
        "section": "content",
        "filter_form": form,
        "filtering": bool(chosen),
        "page_obj": page_obj,
        "filters_query": urlencode(chosen),
        **extra,
    }


@require_safe
@workspace_required
@vary_on_headers("HX-Request")
def content_list(request: HttpRequest) -> HttpResponse:
    return page(request, LIBRARY, library_context(request), partial="results")


# ---- the check, highlighted ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class ShownFlag:
    number: int
    rule: str
    title: str
    severe: bool
    field: str
    start: int
    end: int
    excerpt: str
    why: str
    suggestion: str


def highlight(text: str, flags: list[ShownFlag]) -> SafeString:
    """The text, escaped, with each flagged span in <mark> and its number after it.

    Flags may overlap (a pressure phrase inside a long self-focused sentence):
    the text is cut at every flag boundary and each piece is marked by the flags
    covering it, so nothing is marked twice or out of order.
    """
    spans = [f for f in flags if 0 <= f.start < f.end <= len(text)]
    cuts = sorted({0, len(text), *(f.start for f in spans), *(f.end for f in spans)})
    pieces = []
    for start, end in itertools.pairwise(cuts):
        covering = [f for f in spans if f.start <= start and end <= f.end]
        piece = escape(text[start:end])
        if covering:
            kind = "flag-severe" if any(f.severe for f in covering) else "flag-soft"
            titles = "; ".join(dict.fromkeys(f.title for f in covering))
            pieces.append(f'<mark class="{kind}" title="{escape(titles)}">{piece}</mark>')
        else:
            pieces.append(piece)
        for flag in spans:
            if flag.end == end:
                pieces.append(
                    f'<sup class="flag-ref"><a href="#flag-{flag.number}" '
                    f'aria-label="flag {flag.number}: {escape(flag.title)}">{flag.number}</a></sup>'
                )
    return mark_safe("".join(pieces))


def check_context(subject: str, body: str, kind: str, reading: dict[str, bool]) -> dict:
    """The value-first check of the words as they are now: verdict, score, flags in place.
    `reading` is what the sequence and the chosen stages tell the check (services)."""
    written = bool(subject.strip() or body.strip())
    result = check_content(
        subject, body, content_type=kind, thresholds=Thresholds.from_settings(), **reading
    )
    flags = [
        ShownFlag(
            number=number,
            rule=flag.rule,
            title=RULES[flag.rule].title,
            severe=RULES[flag.rule].severe,
            field=flag.field,
            start=flag.start,
            end=flag.end,
            excerpt=flag.excerpt,
            why=flag.why,
            suggestion=flag.suggestion,
        )
        for number, flag in enumerate(result.flags, start=1)
    ]
    merge_errors = find_merge_field_errors(subject) + find_merge_field_errors(body)
    label = VERDICT_LABELS[result.verdict]
    summary = (
        f"{label}, score {result.score}"
        + (f", {len(flags)} flag{'s' if len(flags) != 1 else ''}" if flags else "")
        if written
        else ""
    )
    return {
        "written": written,
        "verdict": result.verdict,
        "verdict_label": label,
        "score": result.score,
        "flags": flags,
        "severe_count": sum(1 for f in flags if f.severe),
        "stats": result.stats,
        "subject_marked": highlight(subject, [f for f in flags if f.field == "subject"]),
        "body_marked": highlight(body, [f for f in flags if f.field == "body"]),
        "merge_errors": merge_errors,
        "summary": summary,
    }


@require_POST
@workspace_required
def content_check(request: HttpRequest) -> HttpResponse:
    """The live check (htmx, as the coach types): the result partial; nothing is saved."""
    form = CheckForm(request.POST, workspace=request.workspace)
    subject, body, kind = form.text()
    reading = reading_context(
        opens_sequence=opens_a_sequence(form.edited_content()), stages=form.chosen_stages()
    )
    check = check_context(subject, body, kind, reading)
    status = request.POST.get("status", "")
    # Say it aloud only when it changed, not after every pause in typing.
    announce = "" if check["summary"] == request.POST.get("checked", "") else check["summary"]
    return render(
        request,
        f"{EDITOR}#check",
        {"check": check, "status": status, "announce": announce and f"Check: {announce}."},
    )


# ---- the editor ----------------------------------------------------------------------------


def get_content(request: HttpRequest, pk: int) -> Content:
    content = get_object_or_404(
        Content.objects.select_related("approved_by", "override_by"),
        pk=pk,
        workspace=request.workspace,
    )
    content.workspace = request.workspace
    return content


def approver(content: Content | None) -> str:
    if content is None:
        return ""
    if content.approved_by is None and content.starter_slug:
        return "Bridge (from the starter library)"
    return person_name(content.approved_by)


LEVELS = {"success": messages.SUCCESS, "warning": messages.WARNING, "info": messages.INFO}


def decision(request: HttpRequest) -> str:
    """Which button saved the editor: Save, Approve or Back to draft."""
    if "_approve" in request.POST:
        return "approve"
    return "unapprove" if "_unapprove" in request.POST else "save"


def editor_context(request: HttpRequest, form: ContentForm, content: Content | None, **extra):
    if form.is_bound:
        check_form = CheckForm(request.POST, workspace=request.workspace)
        subject, body, kind = check_form.text()
        stages = check_form.chosen_stages()
    else:
        subject, body = form.initial.get("subject", ""), form.initial.get("body", "")
        kind = form.initial.get("kind") or form.fields["kind"].initial
        stages = [form.stage_rows[pk] for pk in form.initial.get("stages", [])]
    uses = []
    if content is not None:
        uses = list(
            Step.objects.filter(content=content)
            .select_related("sequence")
            .order_by("sequence__name", "position")
        )
    reading = reading_context(
        opens_sequence=any(step.position == 1 for step in uses), stages=stages
    )
    check = check_context(subject, body, kind, reading)
    return {
        "section": "content",
        "form": form,
        "content": content,
        "check": check,
        "status": content.status if content else "new",
        "uses": uses,
        "merge_fields": MERGE_FIELDS,
        "may_delete": content is not None and has_role(request, roles.DELETE_CONTENT),
        # Approved by the starter library's copy, or by a person.
        "approved_by": approver(content),
        "override_by": person_name(content.override_by) if content else "",
        **extra,
    }


def editor(request: HttpRequest, content: Content | None) -> HttpResponse:
    workspace = request.workspace
    stages = ordered_stages(workspace)
    initial = ContentForm.initial_for(content) if content else {}
    form = ContentForm(request.POST or None, stages=stages, initial=initial)
    checking = "_check" in request.POST
    if request.method == "POST" and not checking and form.is_valid():
        data = form.cleaned_data
        try:
            saved = write_content(
                workspace,
                content=content,
                decision=decision(request),
                override_reason=data["override_reason"],
                user=request.user,
                title=data["title"],
                subject=data["subject"],
                body=data["body"],
                kind=data["kind"],
                topics=data["topics"],
                stages=data["stages"],
            )
        except ContentError as error:
            # Nothing was kept; the page shows why, with everything as typed.
            if content is not None:
                content.refresh_from_db()
            add_refusal(form, error)
        else:
            messages.add_message(request, LEVELS[saved.level], saved.note)
            return go(request, reverse("coach:content_edit", args=[saved.content.pk]))
    return render(request, EDITOR, editor_context(request, form, content, checking=checking))


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def content_new(request: HttpRequest) -> HttpResponse:
    return editor(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def content_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return editor(request, get_content(request, pk))


@require_POST
@workspace_required
@role_required(roles.DELETE_CONTENT, what="delete content")
def content_delete(request: HttpRequest, pk: int) -> HttpResponse:
    content = get_content(request, pk)
    try:
        delete_content(content, by=request.membership)
    except ContentError as error:
        messages.error(request, error.message)
        return go(request, reverse("coach:content_edit", args=[content.pk]))
    messages.success(request, f"Deleted “{content.title}”.")
    return go(request, reverse("coach:content"))
