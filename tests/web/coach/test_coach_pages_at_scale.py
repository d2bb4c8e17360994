"""Pages that stay the same size and speed at 50,000 prospects (issue 16): Today's capped
groups, the board's per-column ranking, the list's indexed sorts and search, the source
choices. Timings are measured by `manage.py benchmark --case pages`, never asserted here."""

import datetime
import io
import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from relationships.models import (
    Delivery,
    DeliveryStatus,
    Prospect,
    StageChange,
    StageKey,
    Tag,
)
from relationships.web.coach.queries.choices import sources
from relationships.web.coach.queries.pipeline import BoardFilters, pipeline_board
from relationships.web.coach.queries.prospects import (
    ProspectFilters,
    prospect_list,
    prospect_page,
    search,
)
from relationships.web.coach.queries.today import SHOWN_PER_GROUP
from tests.support.builders import busy_workspace
from tests.support.factories import (
    ProspectFactory,
    SequenceFactory,
    WorkspaceFactory,
    stage,
)


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def waiting(workspace, count: int, reason: str, **fields) -> list[Prospect]:
    now = timezone.now()
    return [
        ProspectFactory(
            workspace=workspace,
            name=f"{reason} {n:02d}",
            needs_attention=True,
            attention_reason=reason,
            last_touch_at=now - datetime.timedelta(days=n),
            **fields,
        )
        for n in range(count)
    ]


def test_today_shows_the_first_of_a_big_group_its_count_and_a_link_to_all(signed_in, workspace):
    replied = waiting(workspace, SHOWN_PER_GROUP + 5, "Replied")
    waiting(workspace, 2, "Asked to talk")

    page = signed_in.get(reverse("coach:today")).content.decode()

    # Most recently touched first; the rest are one click away, not on the page.
    for prospect in replied[:SHOWN_PER_GROUP]:
        assert prospect.name in page
    for prospect in replied[SHOWN_PER_GROUP:]:
        assert prospect.name not in page
    assert f'Replied <span class="count">{SHOWN_PER_GROUP + 5}</span>' in page
    assert f"See all {SHOWN_PER_GROUP + 5}" in page and "(5 more)" in page
    assert f"{reverse('coach:prospects')}?why=replied" in page
    # A small group has no link; the heading counts everyone waiting.
    assert "See all 2" not in page
    assert f'<span class="count">{SHOWN_PER_GROUP + 7}<span' in page


def test_see_all_lists_exactly_that_group_of_todays_people(signed_in, workspace):
    replied = waiting(workspace, SHOWN_PER_GROUP + 1, "Replied")
    waiting(workspace, 3, "Email bounced")
    ProspectFactory(workspace=workspace, name="Diana Diagnose", diagnose_next=True)
    ProspectFactory(workspace=workspace, name="Nobody Waiting")

    page = signed_in.get(reverse("coach:prospects"), {"why": "replied"}).content.decode()

    assert f"{len(replied)} prospects match" in page
    assert "Email bounced 00" not in page and "Nobody Waiting" not in page
    assert 'name="why"' in page  # the filter in use is shown, so it can be cleared
    diagnose = signed_in.get(reverse("coach:prospects"), {"why": "diagnose_next"})
    assert "Diana Diagnose" in diagnose.content.decode()
    assert "Replied 00" not in diagnose.content.decode()


def test_an_unknown_group_is_ignored_not_an_error(signed_in, workspace):
    ProspectFactory(workspace=workspace, name="Still Listed")
    response = signed_in.get(reverse("coach:prospects"), {"why": "nonsense"})
    assert response.status_code == 200 and "Still Listed" in response.content.decode()


def test_the_board_ranks_each_column_then_reads_signals_for_its_cards(workspace):
    now = timezone.now()
    vip = Tag.objects.create(workspace=workspace, name="vip")
    needs_help, exploring = stage(workspace, StageKey.NEEDS_HELP), stage(workspace, "exploring")
    people = {}
    for name, where, days, attention in [
        ("Old", needs_help, 30, False),
        ("Older", needs_help, 60, False),
        ("Flagged", needs_help, 1, True),
        ("Newest", needs_help, 0, False),
        ("Explorer", exploring, 5, False),
    ]:
        people[name] = ProspectFactory(
            workspace=workspace,
            name=name,
            stage=where,
            stage_entered_at=now - datetime.timedelta(days=days),
            needs_attention=attention,
            attention_reason="Replied" if attention else "",
        )
        people[name].tags.add(vip)
    sequence = SequenceFactory(workspace=workspace)
    step = sequence.steps.first()
    for name in ("Older", "Newest"):
        Delivery.objects.create(
            prospect=people[name],
            workspace=workspace,
            step=step,
            due_at=now,
            status=DeliveryStatus.SENT,
            opened_at=now,
            useful=True,
        )
    ProspectFactory(workspace=WorkspaceFactory(), name="Elsewhere")

    for filters in (BoardFilters(), BoardFilters(tag=vip.pk)):
        columns = {c.stage.key: c for c in pipeline_board(workspace, filters, per_column=3)}
        first = columns[StageKey.NEEDS_HELP]
        # Whoever needs the coach, then whoever has waited longest; the count is all of them.
        assert [p.name for p in first.cards] == ["Flagged", "Older", "Old"]
        assert first.count == 4 and first.more == 1
        assert [p.name for p in columns["exploring"].cards] == ["Explorer"]
        signals = {p.name: (p.has_opened, p.useful_votes) for p in first.cards}
        assert signals == {"Flagged": (False, 0), "Older": (True, 1), "Old": (False, 0)}


def test_source_choices_come_once_each_in_order_from_this_workspace_only(workspace):
    for source in ["Website", "Referral", "", "Website", "Podcast", "Referral"]:
        ProspectFactory(workspace=workspace, source=source)
    ProspectFactory(workspace=WorkspaceFactory(), source="Elsewhere")
    assert sources(workspace) == ["Podcast", "Referral", "Website"]
    assert sources(WorkspaceFactory()) == []


def test_last_touch_sorts_put_the_never_touched_last_and_first(workspace):
    now = timezone.now()
    for name, days in [("Never", None), ("Week", 7), ("Day", 1), ("Also never", None)]:
        ProspectFactory(
            workspace=workspace,
            name=name,
            last_touch_at=None if days is None else now - datetime.timedelta(days=days),
        )

    def names(sort: str) -> list[str]:
        return [p.name for p in prospect_list(workspace, ProspectFilters(sort=sort))]

    recent = names("recent")
    assert recent[:2] == ["Day", "Week"] and set(recent[2:]) == {"Never", "Also never"}
    assert names("quiet") == list(reversed(recent))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_search_on_postgresql_can_read_the_trigram_indexes(workspace):
    ProspectFactory(workspace=workspace, name="Ada Okafor", email="ada@okafor.example")
    matches = Prospect.objects.filter(search("okaf"))
    with connection.cursor() as cursor:
        # A table this small is read whole by choice; forbid that to see the index is usable.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = matches.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "prospect_name_trgm" in plan and "prospect_email_trgm" in plan
    listed = prospect_list(workspace, ProspectFilters(q="okaf"))
    assert [p.name for p in listed] == ["Ada Okafor"]


def test_the_busy_workspace_has_the_shape_the_benchmark_promises(db):
    workspace, owner = busy_workspace("shape", 100, lambda message: None)
    prospects = workspace.prospects.count()
    assert prospects == 100
    assert StageChange.objects.filter(prospect__workspace=workspace).count() == 160
    assert workspace.deliveries.count() == 300
    assert Prospect.objects.filter(workspace=workspace, interactions__isnull=False).count() == 300
    assert workspace.prospects.filter(needs_attention=True).exists()
    assert owner.memberships.get().workspace == workspace


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_pages_benchmark_reports_every_page_at_both_sizes():
    out = io.StringIO()
    call_command(
        "benchmark", "--json", "--scale", "tiny", "--case", "pages",
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    pages = json.loads(out.getvalue())["cases"]["pages"]
    assert "error" not in pages, pages
    assert pages["queries_constant"] is True
    assert {"today", "pipeline", "prospects_search", "insights", "sequences"} <= set(pages["pages"])
    today = pages["pages"]["today"]
    # Today lists a few people per group however many wait: its HTML is bounded.
    assert today["ratio"] > 0 and today["kb_big"] < 100
    assert pages["table"].count("\n") == len(pages["pages"]) + 1


def test_sorting_by_stage_pages_through_the_stages_in_their_order(workspace):
    stages = list(workspace.stages.order_by("position"))
    # Stage ids against their order: the last stage was made first.
    stages[0].position, stages[-1].position = stages[-1].position, stages[0].position
    for moved in (stages[0], stages[-1]):
        moved.save(update_fields=["position"])
    stages = list(workspace.stages.order_by("position", "pk"))
    for number in range(60):
        ProspectFactory(workspace=workspace, name=f"P{number:02d}", stage=stages[number % 3])
    expected = sorted(
        workspace.prospects.select_related("stage"),
        key=lambda p: (p.stage.position, p.name.lower(), p.pk),
    )
    shown = []
    for number in (1, 2, 3):
        page = prospect_page(workspace, ProspectFilters(sort="stage"), number, stages=stages)
        assert page.paginator.count == 60 and page.number == number
        shown += [p.name for p in page.object_list]
    assert shown == [p.name for p in expected]
    # A page past the end shows the last one; nonsense shows the first.
    assert prospect_page(workspace, ProspectFilters(), 99, stages=stages).number == 3
    assert prospect_page(workspace, ProspectFilters(), "x", stages=stages).number == 1


def test_a_cards_move_form_carries_a_token_the_csrf_check_accepts(coach, workspace):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coach)
    prospect = ProspectFactory(workspace=workspace, name="Card Mover")
    page = client.get(reverse("coach:pipeline")).content.decode()
    form = page[page.index(f'action="{reverse("coach:board_move", args=[prospect.pk])}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    exploring = stage(workspace, "exploring")
    answer = client.post(
        reverse("coach:board_move", args=[prospect.pk]),
        {"csrfmiddlewaretoken": token, "stage": exploring.pk, "query": ""},
    )
    assert answer.status_code == 302
    prospect.refresh_from_db()
    assert prospect.stage == exploring
