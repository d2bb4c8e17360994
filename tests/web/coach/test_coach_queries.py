"""Every coach page costs the same number of queries with 10 prospects as with 300.

Each workspace is filled the same way at both sizes: every stage, tags, owners,
sources, people needing attention, stage history, interactions, diagnoses,
enrollments and deliveries (due today, sent and opened, skipped, replied). The
prospect whose page is measured has a history that grows with the size too.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from relationships.models import (
    Actor,
    Consent,
    Delivery,
    DeliveryStatus,
    Diagnosis,
    Enrollment,
    EnrollmentState,
    Interaction,
    InteractionKind,
    Prospect,
    StageChange,
    StageKey,
    Tag,
)
from tests.support.factories import MembershipFactory, SequenceFactory, UserFactory

SIZES = [10, 300]
REASONS = ["Replied", "Asked to talk", "Revisit date reached", "Email bounced"]

# The queries each page makes, whatever the number of prospects. Every page
# starts with three: the session, the user, and the user's memberships.
EXPECTED = {
    # + the reminders due (issue 15); + each group counted apart from the few people
    # it shows (issue 16).
    "today": 9,
    "pipeline": 9,
    "pipeline_htmx": 9,
    "prospects": 11,
    "prospects_htmx": 11,
    "prospect": 14,  # 12, the changes on record (relationships/history), their open reminders
    "prospect_edit": 7,
    "prospect_new": 6,
    "diagnosis": 6,
    "prospect_move": 5,
}


def populate(workspace, owner, size: int) -> Prospect:
    """`size` prospects with everything the pages show; returns the one with a long history."""
    now = timezone.now()
    stages = list(workspace.stages.order_by("position"))
    tags = [Tag.objects.create(workspace=workspace, name=f"tag-{i}") for i in range(3)]
    sequence = SequenceFactory(workspace=workspace)
    steps = list(sequence.steps.order_by("position"))
    prospects = Prospect.objects.bulk_create(
        [
            Prospect(
                workspace=workspace,
                name=f"Person {i:03d}",
                email=f"person{i}@example.org",
                stage=stages[i % len(stages)],
                stage_entered_at=now - datetime.timedelta(days=i % 40),
                owner=owner if i % 3 else None,
                source=["Referral", "Website", "Workshop"][i % 3],
                consent=[Consent.CONFIRMED, Consent.PENDING, Consent.BOUNCED][i % 3],
                needs_attention=i % 4 == 0,
                attention_reason=REASONS[(i // 4) % 4] if i % 4 == 0 else "",
                diagnose_next=i % 7 == 0,
                last_touch_at=now - datetime.timedelta(days=i % 90) if i % 5 else None,
                revisit_on=(now + datetime.timedelta(days=30)).date()
                if stages[i % len(stages)].key == StageKey.NOT_NOW
                else None,
            )
            for i in range(size)
        ]
    )
    Prospect.tags.through.objects.bulk_create(
        [
            Prospect.tags.through(prospect=p, tag=tags[i % 3])
            for i, p in enumerate(prospects)
            if i % 2
        ]
    )
    StageChange.objects.bulk_create(
        [StageChange(prospect=p, to_stage=p.stage, actor=Actor.COACH, at=now) for p in prospects]
    )
    Interaction.objects.bulk_create(
        [
            Interaction(
                prospect=p,
                kind=InteractionKind.EMAIL_IN if i % 2 else InteractionKind.CALL,
                summary=f"Talked with {p.name}.",
                author=owner,
            )
            for i, p in enumerate(prospects)
        ]
    )
    Diagnosis.objects.bulk_create(
        [
            Diagnosis(prospect=p, current_situation="Busy.", desired_outcome="Calm.", author=owner)
            for i, p in enumerate(prospects)
            if i % 3 == 0
        ]
    )
    enrollments = Enrollment.objects.bulk_create(
        [
            Enrollment(
                prospect=p,
                sequence=sequence,
                state=EnrollmentState.PAUSED if i % 4 == 0 else EnrollmentState.ACTIVE,
            )
            for i, p in enumerate(prospects)
        ]
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                enrollment=enrollment,
                step=step,
                prospect=enrollment.prospect,
                workspace=workspace,
                due_at=now + datetime.timedelta(minutes=5),
                status=status,
                sent_at=now - datetime.timedelta(hours=1) if status == "sent" else None,
                opened_at=now if status == "sent" and n % 2 else None,
                replied_at=now if status == "sent" and n % 5 == 0 else None,
                useful=True if status == "sent" and n % 3 == 0 else None,
                useful_at=now if status == "sent" and n % 3 == 0 else None,
                reason="Outside the send window" if status == "skipped" else "",
            )
            for n, enrollment in enumerate(enrollments)
            for step, status in zip(
                steps,
                [DeliveryStatus.SENT, DeliveryStatus.SKIPPED, DeliveryStatus.SCHEDULED],
                strict=True,
            )
        ]
    )
    busy = prospects[1]
    Interaction.objects.bulk_create(
        [
            Interaction(prospect=busy, kind=InteractionKind.NOTE, summary=f"Note {i}", author=owner)
            for i in range(size)
        ]
    )
    StageChange.objects.bulk_create(
        [
            StageChange(
                prospect=busy,
                from_stage=stages[i % 3],
                to_stage=stages[(i + 1) % 3],
                actor=Actor.COACH,
                user=owner,
            )
            for i in range(size)
        ]
    )
    Diagnosis.objects.bulk_create(
        [
            Diagnosis(prospect=busy, current_situation="Busy.", desired_outcome="Calm.")
            for _ in range(size // 10)
        ]
    )
    return busy


@pytest.fixture(params=SIZES, ids=[f"{size}-prospects" for size in SIZES])
def filled(request, workspace, coach):
    # Another member, so owners and the switcher have more than one person.
    MembershipFactory(user=UserFactory(), workspace=workspace)
    busy = populate(workspace, coach, request.param)
    return busy


@pytest.fixture
def signed_in(client, coach):
    client.force_login(coach)
    return client


def pages(busy: Prospect) -> dict[str, tuple[str, dict]]:
    htmx = {"HTTP_HX_REQUEST": "true"}
    return {
        "today": (reverse("coach:today"), {}),
        "pipeline": (reverse("coach:pipeline"), {}),
        "pipeline_htmx": (reverse("coach:pipeline") + "?source=Website", htmx),
        "prospects": (reverse("coach:prospects") + "?page=2", {}),
        "prospects_htmx": (reverse("coach:prospects") + "?q=person&sort=recent", htmx),
        "prospect": (reverse("coach:prospect", args=[busy.pk]), {}),
        "prospect_edit": (reverse("coach:prospect_edit", args=[busy.pk]), {}),
        "prospect_new": (reverse("coach:prospect_new"), {}),
        "diagnosis": (reverse("coach:diagnosis", args=[busy.pk]), {}),
        "prospect_move": (reverse("coach:prospect_move", args=[busy.pk]), {}),
    }


@pytest.mark.parametrize("name", list(EXPECTED))
def test_each_page_costs_the_same_queries_at_any_size(
    name, filled, signed_in, django_assert_num_queries
):
    url, headers = pages(filled)[name]
    with django_assert_num_queries(EXPECTED[name]):
        response = signed_in.get(url, **headers)
    assert response.status_code == 200


def test_the_filled_pages_show_what_was_loaded(filled, signed_in):
    """The measured pages are not empty: the numbers above count real work."""
    today = signed_in.get(reverse("coach:today")).content.decode()
    assert "Replied" in today and "Asked to talk" in today and "Bridge sends today" in today
    board = signed_in.get(reverse("coach:pipeline")).content.decode()
    assert "Person 0" in board and "Opened" in board and "Found 1 useful" in board
    page = signed_in.get(reverse("coach:prospect", args=[filled.pk])).content.decode()
    for shown in ("Skipped", "Diagnosis recorded", "Moved from"):
        assert shown in page, shown


def test_the_sign_in_page_makes_no_queries(client, django_assert_num_queries, db):
    with django_assert_num_queries(0):
        assert client.get(reverse("login")).status_code == 200
