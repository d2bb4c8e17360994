"""The diagnosis form: listening written down, earlier diagnoses beside it, back to the move."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from relationships.errors import StageRuleError
from relationships.models import Actor, Diagnosis, InteractionKind, StageKey
from relationships.people.stages import move_stage
from tests.support.factories import (
    DiagnosisFactory,
    InteractionFactory,
    ProspectFactory,
    WorkspaceFactory,
    stage,
)

ANSWERS = {
    "current_situation": "Doing everything herself; work spills into every evening.",
    "desired_outcome": "Two protected deep-work mornings and no work after 7pm.",
    "constraints": "Cash flow until spring.",
    "priorities": "Time with her kids.",
    "own_words": "I built a job, not a business.",
}


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


@pytest.fixture
def prospect(workspace):
    return ProspectFactory(workspace=workspace, name="Farid Haddad")


def test_the_form_asks_the_listening_questions_beside_earlier_diagnoses(signed_in, prospect):
    DiagnosisFactory(prospect=prospect, desired_outcome="Earlier: a calmer quarter.")
    InteractionFactory(prospect=prospect, kind=InteractionKind.EMAIL_IN, summary="“Let's do it.”")
    page = signed_in.get(reverse("coach:diagnosis", args=[prospect.pk])).content.decode()
    for question in (
        "What&#x27;s going on for them now?",
        "What would be different if it were solved?",
        "What&#x27;s in the way?",
        "What matters most to them right now?",
        "In their own words",
    ):
        assert question in page
    assert "Earlier: a calmer quarter." in page
    assert "“Let&#x27;s do it.”" in page
    assert f'value="{timezone.localdate().isoformat()}"' in page


def test_saving_records_the_diagnosis_through_the_service(signed_in, prospect, coach):
    prospect.diagnose_next = prospect.needs_attention = True
    prospect.attention_reason = "Said they are ready to invest: diagnose next"
    prospect.save()
    response = signed_in.post(
        reverse("coach:diagnosis", args=[prospect.pk]),
        {**ANSWERS, "diagnosed_on": timezone.localdate().isoformat()},
    )
    assert response["Location"] == reverse("coach:prospect", args=[prospect.pk])
    diagnosis = Diagnosis.objects.get(prospect=prospect)
    assert diagnosis.own_words == ANSWERS["own_words"] and diagnosis.author == coach
    prospect.refresh_from_db()
    assert not prospect.diagnose_next and not prospect.needs_attention


def test_missing_answers_keep_everything_written(signed_in, prospect):
    response = signed_in.post(
        reverse("coach:diagnosis", args=[prospect.pk]),
        {
            "current_situation": "   ",
            "desired_outcome": "",
            "own_words": "Keep this sentence.",
            "diagnosed_on": "not a date",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Describe what&#x27;s going on for them now." in page
    assert "Describe what would be different if it were solved." in page
    assert "Enter a valid date." in page
    assert "Keep this sentence." in page
    assert not Diagnosis.objects.exists()


def test_a_diagnosis_dated_in_the_future_is_refused(signed_in, prospect):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = signed_in.post(
        reverse("coach:diagnosis", args=[prospect.pk]),
        {**ANSWERS, "diagnosed_on": tomorrow.isoformat()},
    )
    assert b"That date is in the future." in response.content


def test_after_a_refused_move_the_form_returns_the_coach_to_the_move(
    signed_in, workspace, prospect
):
    ready = stage(workspace, StageKey.READY)
    url = reverse("coach:diagnosis", args=[prospect.pk])
    query = urlencode({"move_to": ready.pk, "next": "/pipeline/?source=LinkedIn"})

    form = signed_in.get(f"{url}?{query}").content.decode()
    assert "you'll be back at moving Farid Haddad to Ready to invest" in form
    assert f'name="move_to" value="{ready.pk}"' in form

    saved = signed_in.post(
        url,
        {
            **ANSWERS,
            "diagnosed_on": timezone.localdate().isoformat(),
            "move_to": ready.pk,
            "next": "/pipeline/?source=LinkedIn",
        },
    )
    move_url = saved["Location"]
    assert move_url.startswith(reverse("coach:prospect_move", args=[prospect.pk]))

    move_page = signed_in.get(move_url).content.decode()
    assert f'<option value="{ready.pk}" selected>' in move_page
    assert "Saved the diagnosis of Farid Haddad." in move_page
    moved = signed_in.post(
        move_url.split("?")[0], {"stage": ready.pk, "next": "/pipeline/?source=LinkedIn"}
    )
    assert moved["Location"] == "/pipeline/?source=LinkedIn"
    prospect.refresh_from_db()
    assert prospect.stage == ready


def test_a_move_to_of_another_workspace_is_ignored(signed_in, prospect):
    foreign = stage(WorkspaceFactory(), StageKey.READY)
    page = signed_in.get(
        reverse("coach:diagnosis", args=[prospect.pk]), {"move_to": foreign.pk}
    ).content.decode()
    assert "be back at moving" not in page


def test_the_diagnosis_counts_for_a_move_the_service_refused_before(signed_in, workspace, prospect):
    ready = stage(workspace, StageKey.READY)
    with pytest.raises(StageRuleError, match="diagnose before you prescribe"):
        move_stage(prospect, to=ready, actor=Actor.COACH)
    signed_in.post(
        reverse("coach:diagnosis", args=[prospect.pk]),
        {**ANSWERS, "diagnosed_on": timezone.localdate().isoformat()},
    )
    move_stage(prospect, to=ready, actor=Actor.COACH)
    assert prospect.stage == ready
