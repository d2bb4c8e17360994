"""The pipeline board: a column per readiness stage; cards move through move_stage."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from relationships.errors import StageRuleError
from relationships.models import Actor, Stage
from relationships.people.stages import MoveRefusal, move_stage
from relationships.web.coach.access import workspace_required
from relationships.web.coach.forms.people import BoardFilterForm, MoveForm, default_revisit_date
from relationships.web.coach.pages import (
    get_prospect,
    page,
    posted_query,
    url_for,
    wants_partial,
)
from relationships.web.coach.queries.choices import filter_options, ordered_stages
from relationships.web.coach.queries.pipeline import BoardColumn, BoardFilters, pipeline_board

TEMPLATE = "coach/people/pipeline.html"


def board_context(request: HttpRequest, query: QueryDict, **extra) -> dict:
    workspace = request.workspace
    stages = ordered_stages(workspace)
    options = filter_options(workspace, stages)
    form = BoardFilterForm(query, options=options)
    chosen = form.values()
    columns = pipeline_board(workspace, BoardFilters(**chosen), stages=stages)
    with_card_links(columns, stages)
    query_string = urlencode(chosen)
    return {
        "section": "pipeline",
        "columns": columns,
        "stages": stages,
        "filter_form": form,
        "filtering": bool(chosen),
        "total": sum(column.count for column in columns),
        "query": query_string,
        "board_url": reverse("coach:pipeline") + (f"?{query_string}" if query_string else ""),
        "revisit_default": default_revisit_date(),
        # One masked token for every card's form: {% csrf_token %} masks anew each time.
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        ),
        **extra,
    }


def with_card_links(columns: list[BoardColumn], stages: list[Stage]) -> None:
    """What each card links to and the stages its "Move to" menu offers, made once per
    board: a column's cards share the menu, and `{% url %}` per card costs more than the
    rest of the card (issue 16)."""
    page_url, move_url = url_for("coach:prospect"), url_for("coach:board_move")
    for column in columns:
        column.move_options = format_html_join(
            "",
            '<option value="{}">{}</option>',
            ((stage.pk, stage.name) for stage in stages if stage.pk != column.stage.pk),
        )
        for card in column.cards:
            card.page_url, card.move_url = page_url(card.pk), move_url(card.pk)


@require_safe
@workspace_required
@vary_on_headers("HX-Request")
def pipeline(request: HttpRequest) -> HttpResponse:
    context = board_context(request, request.GET)
    response = page(request, TEMPLATE, context, partial="board")
    if wants_partial(request):
        # The address bar shows the filters in use, not every empty field of the form.
        push_url(response, context["board_url"])
    return response


@require_POST
@workspace_required
@vary_on_headers("HX-Request")
def board_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a card (dragged, or chosen in its "Move to" menu); a refusal says why, on the board."""
    prospect = get_prospect(request, pk)
    query = posted_query(request)
    form = MoveForm(request.POST, workspace=request.workspace)
    if not form.is_valid():
        message = next(iter(form.errors.values()))[0]
        refusal = MoveRefusal(prospect, None, message)
        return page(
            request, TEMPLATE, board_context(request, query, refusal=refusal), partial="board"
        )
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
        return page(
            request, TEMPLATE, board_context(request, query, refusal=refusal), partial="board"
        )
    notice = f"Moved {prospect.name} to {stage.name}."
    if wants_partial(request):
        return page(
            request, TEMPLATE, board_context(request, query, notice=notice), partial="board"
        )
    messages.success(request, notice)
    return redirect(board_context_url(query))


def board_context_url(query: QueryDict) -> str:
    url = reverse("coach:pipeline")
    return f"{url}?{query.urlencode()}" if query else url
