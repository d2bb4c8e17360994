"""Rules for the order of Value, Question and Invitation steps in a sequence."""

import pytest

from relationships.nurture.sequence_rules import StepProblem, judge_step_types

V, Q, INV = "value", "question", "invitation"


def messages(types, **kwargs):
    return [p.message for p in judge_step_types(types, **kwargs)]


def test_an_empty_sequence_has_no_problems():
    assert judge_step_types([]) == []


@pytest.mark.parametrize(
    "types",
    [
        [V],
        [Q, V, Q],
        [V, Q, V, INV],
        [V, INV, V, Q, V],
        [V, Q, V, INV, V, Q, V, INV],
        ["Value", " Question ", "VALUE", "Invitation"],
    ],
)
def test_it_accepts_sequences_that_give_before_they_ask(types):
    assert judge_step_types(types) == []


def test_it_refuses_to_start_with_an_invitation():
    problems = judge_step_types([INV, V, V, V])
    assert problems == [
        StepProblem(
            0,
            "Step 1 is an Invitation: open with a Value or Question email so the first thing "
            "they get from you is useful.",
        )
    ]


def test_it_needs_enough_value_steps_for_each_invitation_overall():
    problems = judge_step_types([V, V, INV, V, V, V, INV, V, V, V, INV])
    assert problems[-1] == StepProblem(
        None,
        "3 invitations need at least 9 Value or Question steps; you have 8 — add 1 or turn "
        "an invitation into a Question.",
    )


def test_it_words_a_single_invitation_in_the_singular():
    assert messages([V, INV]) == [
        "1 invitation needs at least 3 Value or Question steps; you have 1 — add 2 or turn an "
        "invitation into a Question."
    ]


def test_it_spreads_invitations_out():
    problems = judge_step_types([V, Q, V, INV, V, INV, V, V, V, V, V, V])
    assert problems == [
        StepProblem(
            5,
            "Step 6 is an Invitation only 1 Value or Question step after the Invitation at "
            "step 4: put at least 3 Value or Question steps between invitations so each ask "
            "follows real help.",
        )
    ]


def test_it_flags_back_to_back_invitations():
    [problem] = judge_step_types([V, V, V, INV, INV, V, V, V, V, V, V])
    assert problem.index == 4
    assert "right after the Invitation at step 4" in problem.message


def test_it_reports_problems_in_step_order_with_the_overall_problem_last():
    problems = judge_step_types([INV, INV, INV, V, V, V, V, V])
    assert [p.index for p in problems] == [0, 1, 2, None]
    assert problems[-1].message.startswith("3 invitations need at least 9")
    assert "you have 5 — add 4" in problems[-1].message


def test_it_honours_a_different_value_per_invitation():
    assert judge_step_types([V, INV, V, INV], value_per_invitation=1) == []
    assert [p.index for p in judge_step_types([V, INV, V, INV], value_per_invitation=2)] == [
        3,
        None,
    ]


def test_it_names_unknown_step_types():
    [problem] = judge_step_types([V, "newsletter"])
    assert problem == StepProblem(
        1, "Step 2 has an unknown type 'newsletter': choose Value, Question or Invitation."
    )


def test_it_rejects_a_negative_ratio():
    with pytest.raises(ValueError):
        judge_step_types([V], value_per_invitation=-1)
