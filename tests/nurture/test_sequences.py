import datetime

import pytest

from relationships.models import ContentKind, ContentStatus, DeliveryStatus, StageKey
from relationships.nurture.sequences import SequenceError, StepSpec, save_sequence
from tests.support.factories import ContentFactory, ProspectFactory, WorkspaceFactory, stage

DAY = datetime.timedelta(days=1)


def steps(workspace, kinds, **content):
    return [
        StepSpec(content=ContentFactory(workspace=workspace, kind=kind, **content), delay=DAY * 3)
        for kind in kinds
    ]


def build(workspace, specs, **fields):
    return save_sequence(
        workspace,
        name=fields.pop("name", "Welcome"),
        entry_stage=fields.pop("entry_stage", stage(workspace, StageKey.NEEDS_HELP)),
        steps=specs,
        **fields,
    )


V, Q, INV = ContentKind.VALUE, ContentKind.QUESTION, ContentKind.INVITATION


@pytest.mark.django_db
def test_a_valid_sequence_saves_its_steps_in_order(workspace):
    specs = steps(workspace, [V, Q, V, INV])
    sequence = build(workspace, specs)
    saved = list(sequence.steps.order_by("position"))
    assert [s.position for s in saved] == [1, 2, 3, 4]
    assert [s.content for s in saved] == [spec.content for spec in specs]


@pytest.mark.django_db
def test_it_refuses_a_sequence_that_opens_with_an_invitation(workspace):
    with pytest.raises(SequenceError) as refusal:
        build(workspace, steps(workspace, [INV, V, V, V]))
    assert any("Step 1" in p for p in refusal.value.problems)
    assert not workspace.sequences.exists()


@pytest.mark.django_db
def test_it_refuses_too_many_invitations_for_the_workspace_ratio(workspace):
    with pytest.raises(SequenceError):
        build(workspace, steps(workspace, [V, Q, INV, V, INV]))
    workspace.value_steps_per_invitation = 1
    workspace.save()
    assert build(workspace, steps(workspace, [V, INV, Q, INV])).steps.count() == 4


@pytest.mark.django_db
def test_it_refuses_draft_content_and_foreign_content(workspace):
    drafts = steps(workspace, [V], status=ContentStatus.DRAFT)
    foreign = steps(WorkspaceFactory(), [V])
    with pytest.raises(SequenceError) as refusal:
        build(workspace, drafts + foreign)
    text = " ".join(refusal.value.problems)
    assert "draft" in text and "another workspace" in text


@pytest.mark.django_db
def test_a_first_email_may_not_pretend_to_be_a_reply(workspace):
    specs = steps(workspace, [V], subject="Re: our chat")
    with pytest.raises(SequenceError, match="a reply, a follow-up or an alarm"):
        build(workspace, specs)


@pytest.mark.django_db
def test_a_first_email_may_not_follow_up_on_nothing_but_a_later_one_may(workspace):
    body = "Hi {{ first_name }},\n\nAs I mentioned, here is the worksheet for your week.\n"
    with pytest.raises(SequenceError, match="As I mentioned"):
        build(workspace, steps(workspace, [V], body=body))
    later = steps(workspace, [V]) + steps(workspace, [V], body=body)
    assert build(workspace, later, name="Later").steps.count() == 2


@pytest.mark.django_db
def test_a_bad_window_override_is_explained(workspace):
    spec = StepSpec(
        content=ContentFactory(workspace=workspace),
        delay=DAY,
        window_days=[2],
        window_start=datetime.time(11),
        window_end=datetime.time(9),
    )
    with pytest.raises(SequenceError, match="Step 1"):
        build(workspace, [spec])


@pytest.mark.django_db
def test_a_step_already_sent_cannot_be_removed(workspace):
    from relationships.nurture.enrollment import enroll

    sequence = build(workspace, steps(workspace, [V, Q]))
    enroll(ProspectFactory(workspace=workspace), sequence)
    last = sequence.steps.get(position=2)
    last.deliveries.update(status=DeliveryStatus.SENT)
    with pytest.raises(SequenceError, match="already been sent"):
        build(workspace, steps(workspace, [V]), sequence=sequence, name="Welcome")
    assert sequence.steps.count() == 2


@pytest.mark.django_db
def test_a_half_given_window_override_is_explained_not_a_crash(workspace):
    spec = StepSpec(content=ContentFactory(workspace=workspace), delay=DAY, window_days=[2, 3])
    with pytest.raises(SequenceError, match="needs days, a start and an end"):
        build(workspace, [spec])


@pytest.mark.django_db
def test_a_sequence_someone_has_been_in_is_kept_for_their_history(workspace):
    from relationships.nurture.enrollment import enroll
    from relationships.nurture.sequences import delete_sequence

    unused = build(workspace, steps(workspace, [V]), name="Unused")
    delete_sequence(unused, by=None)
    assert not workspace.sequences.filter(name="Unused").exists()
    used = build(workspace, steps(workspace, [V]), name="Used")
    enroll(ProspectFactory(workspace=workspace), used)
    with pytest.raises(SequenceError, match="switch it off instead"):
        delete_sequence(used, by=None)
    assert workspace.sequences.filter(name="Used").exists()
