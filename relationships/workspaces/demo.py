"""The demo workspace `make run` shows: a coach, her prospects at every stage, their stories.

Idempotent: everything is looked up by a natural key first, so loading twice
changes nothing.
"""

import dataclasses
import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from relationships.content.services import copy_starter_library
from relationships.models import (
    Actor,
    Consent,
    InteractionKind,
    Membership,
    Role,
    StageKey,
    Workspace,
)
from relationships.nurture.sequences import StepSpec, save_sequence
from relationships.people.diagnosis import record_diagnosis
from relationships.people.interactions import log_interaction
from relationships.people.prospects import create_prospect
from relationships.people.replies import record_reply
from relationships.people.stages import move_stage
from relationships.selfservice.actions import ask_to_talk
from relationships.workspaces.admin_access import ensure_coach_group
from relationships.workspaces.services import create_workspace

DEMO_SLUG = "demo"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "bridge-demo"

# name, email, timezone, source, tags, stage path, diagnosis?, interactions
PROSPECTS = [
    (
        "Amara Okafor",
        "amara@example.org",
        "Africa/Lagos",
        "Referral",
        ["founder"],
        [],
        False,
        [("note", "Referred by Tom. Runs a two-person design studio, wants evenings back.")],
    ),
    (
        "Ben Hartley",
        "ben.hartley@example.org",
        "Europe/London",
        "Workshop",
        ["manager"],
        [StageKey.EXPLORING],
        False,
        [("note", "Downloaded the weekly-review worksheet after the March workshop.")],
    ),
    (
        "Chloé Martin",
        "chloe@example.org",
        "Europe/Paris",
        "Website",
        ["founder", "burnout"],
        [StageKey.EXPLORING],
        False,
        [],
    ),
    (
        "Diego Alvarez",
        "diego@example.org",
        "America/Mexico_City",
        "Podcast",
        ["career-change"],
        [StageKey.EXPLORING, StageKey.IN_CONVERSATION],
        False,
        [
            ("email_in", "Replied to the priorities email: “I keep saying yes to everything.”"),
            ("call", "20-minute chat. Leaving corporate law, scared of the income gap."),
        ],
    ),
    (
        "Emily Chen",
        "emily.chen@example.org",
        "America/Los_Angeles",
        "Referral",
        ["manager"],
        [StageKey.EXPLORING, StageKey.IN_CONVERSATION, StageKey.DIAGNOSED],
        True,
        [("call", "Discovery call: new team lead, 14 reports, no time to think.")],
    ),
    (
        "Farid Haddad",
        "farid@example.org",
        "Asia/Dubai",
        "LinkedIn",
        ["founder"],
        [StageKey.IN_CONVERSATION, StageKey.DIAGNOSED, StageKey.READY],
        True,
        [
            ("meeting", "Coffee in town. Wants to start in the new quarter."),
            ("email_in", "“Let's do it — send me what starting looks like.”"),
        ],
    ),
    (
        "Grace Kim",
        "grace@example.org",
        "Asia/Seoul",
        "Event",
        ["burnout"],
        [StageKey.IN_CONVERSATION, StageKey.DIAGNOSED, StageKey.READY, StageKey.CLIENT],
        True,
        [("call", "Kick-off call. Twelve sessions agreed.")],
    ),
    (
        "Hannah Schulz",
        "hannah@example.org",
        "Europe/Berlin",
        "Website",
        ["career-change"],
        [StageKey.EXPLORING, StageKey.NOT_NOW],
        False,
        [("email_in", "“Not now — new baby in May. Ask me again in the autumn?”")],
    ),
    (
        "Ivan Petrov",
        "ivan@example.org",
        "Europe/Sofia",
        "Cold list",
        [],
        [StageKey.NOT_A_FIT],
        False,
        [("note", "Looking for a therapist, not a coach. Sent referrals.")],
    ),
    (
        "Julia Souza",
        "julia@example.org",
        "America/Sao_Paulo",
        "Referral",
        ["founder"],
        [],
        False,
        [],
    ),
]

# name, entry stage, [(starter email slug, days after the previous step)]
SEQUENCES = [
    (
        "Welcome: first useful ideas",
        StageKey.NEEDS_HELP,
        [
            ("two-list-reset", 0),
            ("energy-self-assessment", 4),
            ("biggest-priority", 5),
            ("saying-no-kindly", 6),
        ],
    ),
    (
        "Exploring: tools to try",
        StageKey.EXPLORING,
        [
            ("weekly-review", 0),
            ("what-have-you-tried", 5),
            ("minimum-habit", 6),
            ("client-story-evenings", 7),
            ("would-a-conversation-help", 10),
        ],
    ),
    (
        "In conversation: preparing well",
        StageKey.IN_CONVERSATION,
        [("prepare-for-a-call", 0), ("what-would-change", 5)],
    ),
]

DIAGNOSIS = {
    "current_situation": "Doing everything herself; work spills into every evening.",
    "desired_outcome": "A week with two protected deep-work mornings and no work after 7pm.",
    "constraints": "Cash flow is tight until the spring contract lands.",
    "priorities": "Time with her kids; hiring her first assistant.",
    "own_words": "“I built a job, not a business.”",
}


@dataclasses.dataclass(frozen=True)
class SamplePerson:
    name: str
    source: str
    note: str


def sample_board() -> list[tuple[str, list[SamplePerson]]]:
    """The demo's people by readiness, in memory only: what "Show me around" shows a new
    coach without putting anyone in their workspace."""
    columns: dict[str, list[SamplePerson]] = {
        key.label: [] for key in (StageKey.NEEDS_HELP, *ACTIVE_AFTER_NEEDS_HELP)
    }
    for name, _email, _zone, source, _tags, path, _diagnosed, notes in PROSPECTS:
        stage = (path[-1] if path else StageKey.NEEDS_HELP).label
        if stage in columns:
            columns[stage].append(SamplePerson(name, source, notes[-1][1] if notes else ""))
    return list(columns.items())


ACTIVE_AFTER_NEEDS_HELP = (
    StageKey.EXPLORING,
    StageKey.IN_CONVERSATION,
    StageKey.DIAGNOSED,
    StageKey.READY,
)


@dataclasses.dataclass
class DemoSummary:
    workspace: Workspace
    created_prospects: int
    username: str = DEMO_USERNAME
    password: str = DEMO_PASSWORD


@transaction.atomic
def load_demo() -> DemoSummary:
    User = get_user_model()
    user, made_user = User.objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={"email": "coach@northstar.example", "first_name": "Sam", "is_staff": True},
    )
    if made_user:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(ensure_coach_group())

    workspace = Workspace.objects.filter(slug=DEMO_SLUG).first()
    if workspace is None:
        workspace = create_workspace(
            "Northstar Coaching",
            slug=DEMO_SLUG,
            owner=user,
            timezone="Europe/London",
            sender_name="Sam Rivers",
            sender_email="sam@northstar.example",
            postal_address="Northstar Coaching, 12 Harbour Road, Bristol BS1 5TT, United Kingdom",
        )
    Membership.objects.get_or_create(user=user, workspace=workspace, defaults={"role": Role.OWNER})
    ensure_demo_sequences(workspace)

    stages = {s.key: s for s in workspace.stages.exclude(key="")}
    known = set(workspace.prospects.values_list("email", flat=True))
    created = 0
    for name, email, tz, source, tags, path, diagnosed, interactions in PROSPECTS:
        if email in known:
            continue
        created += 1
        prospect = create_prospect(
            workspace,
            name=name,
            email=email,
            timezone_name=tz,
            source=source,
            tags=tags,
            owner=user,
            consent=Consent.CONFIRMED,
            consent_note="Demo data: opted in at a workshop sign-up sheet.",
            user=user,
        )
        for kind, summary in interactions:
            log_interaction(prospect, kind=InteractionKind(kind), summary=summary, author=user)
        for key in path:
            if key == StageKey.READY and diagnosed:
                record_diagnosis(prospect, author=user, **DIAGNOSIS)
                diagnosed = False
            revisit = (
                timezone.localdate() + datetime.timedelta(days=120)
                if key == StageKey.NOT_NOW
                else None
            )
            move_stage(
                prospect,
                to=stages[key],
                actor=Actor.COACH,
                user=user,
                reason="Demo history",
                revisit_on=revisit,
            )
        if diagnosed:
            record_diagnosis(prospect, author=user, **DIAGNOSIS)
    # Someone on the coach's Today from the start: a reply, and a request to talk
    # (only on the load that added them, so loading again changes nothing).
    if "diego@example.org" not in known:
        record_reply(
            workspace.prospects.get(email="diego@example.org"),
            summary="“Could we find 30 minutes next week? I'd like to talk about the income gap.”",
        )
    if "julia@example.org" not in known:
        ask_to_talk(
            workspace.prospects.get(email="julia@example.org"),
            note="I run a small bakery and I'm working every evening.",
        )
    return DemoSummary(workspace=workspace, created_prospects=created)


DEMO_SEND_DAYS = [1, 2, 3, 4, 5]
DEMO_SEND_WINDOW = (datetime.time(9, 0), datetime.time(17, 0))


def ensure_demo_sequences(workspace: Workspace) -> None:
    """Starter content and three sequences, sent in a window a coach would choose."""
    copy_starter_library(workspace)
    if workspace.sequences.exists():
        return
    # Weekdays in working hours, on each prospect's clock: never mail at 3 a.m.
    workspace.send_days = DEMO_SEND_DAYS
    workspace.send_window_start = DEMO_SEND_WINDOW[0]
    workspace.send_window_end = DEMO_SEND_WINDOW[1]
    workspace.accent_color = "#1c6e7d"
    workspace.booking_url = "https://calendar.example.com/sam-rivers/discovery"
    workspace.save(
        update_fields=[
            "send_days",
            "send_window_start",
            "send_window_end",
            "accent_color",
            "booking_url",
        ]
    )
    add_starter_sequences(workspace)


def add_starter_sequences(workspace: Workspace) -> None:
    """The starter library's three sequences (welcome, exploring, in conversation); the demo
    and a new coach's first run both start with them."""
    if workspace.sequences.exists():
        return
    contents = {c.starter_slug: c for c in workspace.contents.exclude(starter_slug="")}
    stages = {s.key: s for s in workspace.stages.exclude(key="")}
    for name, key, steps in SEQUENCES:
        save_sequence(
            workspace,
            name=name,
            entry_stage=stages[key],
            steps=[
                StepSpec(content=contents[slug], delay=datetime.timedelta(days=days))
                for slug, days in steps
            ],
        )
