"""Prospects: list, add (with how they consented), read, change, move, log, diagnose.

Every write is the service the coach's pages call (relationships/people/), so the
same rules answer with the same words, here as a 422 with the field they are about.
"""

from typing import Literal

from django.db.models import Q
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from relationships.api import queries
from relationships.api.auth import acting
from relationships.api.types import Day, Id, Limit, Moment, Text, decode_cursor
from relationships.integrations.representations import (
    DiagnosisOut,
    InteractionOut,
    ProspectOut,
    StageChangeOut,
)
from relationships.models import Actor, Consent, ErasureRequest, StageKey
from relationships.people.consent import confirm_consent
from relationships.people.diagnosis import record_diagnosis
from relationships.people.erasure import erase_prospect
from relationships.people.interactions import log_interaction
from relationships.people.prospects import create_prospect, update_prospect
from relationships.people.replies import record_reply
from relationships.people.stages import move_stage
from relationships.people.subject_access import subject_access

router = Router()

CONSENT_BASIS = (
    "How they agreed to nurture email, in a sentence (“asked at the spring workshop”). "
    "With it their consent is confirmed and they are enrolled in their stage's sequences; "
    "without it they get no nurture email until they confirm."
)


class ProspectFilters(Schema):
    q: Text(200) | None = Field(None, description="Part of their name or email.")
    stage_id: Id | None = None
    stage_key: StageKey | None = None
    consent: Consent | None = None
    tag: Text(60) | None = Field(None, description="A tag's name.")
    source: Text(100) | None = None
    needs_attention: bool | None = Field(
        None, description="true: those waiting for the coach (a reply, “I'd like to talk”…)."
    )
    cursor: Text(200) | None = None
    limit: Limit = 50


class ProspectPage(Schema):
    items: list[ProspectOut]
    next_cursor: str | None


class ProspectIn(Schema):
    name: Text(200, min_length=1)
    email: Text(254, min_length=1)
    stage_id: Id | None = Field(None, description="Where they start; default Needs help.")
    timezone: Text(64) = Field("", description="IANA name, e.g. Europe/Berlin.")
    source: Text(100) = Field("", description="Where they came from: referral, event…")
    tags: list[Text(60)] = Field(default_factory=list, max_length=50)
    consent_basis: Text(300) = Field("", description=CONSENT_BASIS)


class ProspectPatch(Schema):
    name: Text(200, min_length=1) = None
    email: Text(254, min_length=1) = None
    timezone: Text(64) = None
    source: Text(100) = None
    tags: list[Text(60)] = Field(None, max_length=50, description="Replaces their tags.")
    consent_basis: Text(300) = Field(None, description=CONSENT_BASIS)


class MoveIn(Schema):
    stage_id: Id
    reason: Text(500) = Field("", description="Goes into their stage history.")
    revisit_on: Day | None = Field(None, description="Needed for Not now: a future date.")


class MoveOut(Schema):
    prospect: ProspectOut
    stage_change: StageChangeOut


class InteractionIn(Schema):
    kind: Literal["call", "meeting", "note", "email_out", "reply"] = Field(
        description="reply: their reply, which pauses all their nurture email at once."
    )
    summary: Text(5000, min_length=1)
    at: Moment | None = Field(None, description="When it happened; default now.")


class DiagnosisIn(Schema):
    current_situation: Text(10000, min_length=1)
    desired_outcome: Text(10000, min_length=1)
    constraints: Text(10000) = ""
    priorities: Text(10000) = ""
    own_words: Text(10000) = Field("", description="Their own words, quoted.")
    diagnosed_on: Day | None = Field(None, description="Default today.")


def through_api(request: HttpRequest, reason: str = "") -> str:
    return reason.strip() or f"Through the API ({request.api_key.name})"


def fresh(request: HttpRequest, pk: int):
    return queries.prospect(request.workspace, pk)


@router.get("", response=ProspectPage, summary="List prospects")
def list_prospects(request: HttpRequest, filters: Query[ProspectFilters]):
    """The workspace's prospects, oldest first, filtered; a page at a time."""
    workspace = request.workspace
    rows = queries.prospects(workspace)
    if filters.q:
        rows = rows.filter(Q(name__icontains=filters.q) | Q(email__icontains=filters.q))
    if filters.stage_id is not None:
        rows = rows.filter(stage=queries.stage(workspace, filters.stage_id))
    if filters.stage_key is not None:
        rows = rows.filter(stage__key=filters.stage_key)
    if filters.consent is not None:
        rows = rows.filter(consent=filters.consent)
    if filters.tag:
        rows = rows.filter(tags__name__iexact=filters.tag)
    if filters.source:
        rows = rows.filter(source=filters.source)
    if filters.needs_attention is not None:
        rows = rows.filter(needs_attention=filters.needs_attention)
    return queries.page_of(rows, after=decode_cursor(filters.cursor), limit=filters.limit)


@router.post("", response={201: ProspectOut}, summary="Add a prospect")
def create(request: HttpRequest, payload: ProspectIn):
    """Add a prospect, like Prospects → Add on the pages; `consent_basis` records how they
    agreed to nurture email."""
    workspace = request.workspace
    stage = queries.stage(workspace, payload.stage_id) if payload.stage_id else None
    prospect = create_prospect(
        workspace,
        name=payload.name,
        email=payload.email,
        stage=stage,
        timezone_name=payload.timezone,
        source=payload.source,
        tags=payload.tags,
        actor=Actor.COACH,
    )
    if payload.consent_basis.strip():
        confirm_consent(prospect, how=payload.consent_basis)
    return Status(201, fresh(request, prospect.pk))


@router.get("/{prospect_id}", response=ProspectOut, summary="Read a prospect")
def read(request: HttpRequest, prospect_id: Id):
    return fresh(request, prospect_id)


@router.patch("/{prospect_id}", response=ProspectOut, summary="Change a prospect")
def update(request: HttpRequest, prospect_id: Id, payload: ProspectPatch):
    """Change what is given and keep the rest; `consent_basis` confirms their consent."""
    prospect = fresh(request, prospect_id)
    given = payload.model_dump(exclude_unset=True)
    update_prospect(
        prospect,
        name=given.get("name", prospect.name),
        email=given.get("email", prospect.email),
        timezone_name=given.get("timezone", prospect.timezone),
        owner=prospect.owner,
        source=given.get("source", prospect.source),
        tags=given.get("tags"),
    )
    if given.get("consent_basis", "").strip():
        confirm_consent(prospect, how=given["consent_basis"])
    return fresh(request, prospect_id)


@router.post("/{prospect_id}/move", response=MoveOut, summary="Move a prospect to a stage")
def move(request: HttpRequest, prospect_id: Id, payload: MoveIn):
    """The board's move, with its rules: Ready to invest and Client need a diagnosis first,
    Not now needs a future `revisit_on`. A refusal is a 422 with code `stage_rule`."""
    prospect = fresh(request, prospect_id)
    stage = queries.stage(request.workspace, payload.stage_id)
    change = move_stage(
        prospect,
        to=stage,
        actor=Actor.COACH,
        reason=through_api(request, payload.reason),
        revisit_on=payload.revisit_on,
    )
    return {"prospect": fresh(request, prospect_id), "stage_change": change}


@router.post(
    "/{prospect_id}/interactions",
    response={201: InteractionOut},
    summary="Log a call, meeting, note, email or their reply",
)
def log(request: HttpRequest, prospect_id: Id, payload: InteractionIn):
    prospect = fresh(request, prospect_id)
    if payload.kind == "reply":
        interaction = record_reply(prospect, summary=payload.summary, at=payload.at)
    else:
        interaction = log_interaction(
            prospect, kind=payload.kind, summary=payload.summary, at=payload.at
        )
    return Status(201, interaction)


@router.post("/{prospect_id}/diagnoses", response={201: DiagnosisOut}, summary="Record a diagnosis")
def diagnose(request: HttpRequest, prospect_id: Id, payload: DiagnosisIn):
    """What the coach learned by listening; the latest diagnosis is the one that counts."""
    prospect = fresh(request, prospect_id)
    diagnosis = record_diagnosis(
        prospect,
        current_situation=payload.current_situation,
        desired_outcome=payload.desired_outcome,
        constraints=payload.constraints,
        priorities=payload.priorities,
        own_words=payload.own_words,
        diagnosed_on=payload.diagnosed_on,
    )
    return Status(201, diagnosis)


class ErasedOut(Schema):
    id: int = Field(description="The id they had; nothing else about them is kept.")
    erased_at: Moment


@router.get("/{prospect_id}/export", response=dict, summary="Everything held about a prospect")
def export(request: HttpRequest, prospect_id: Id):
    """One JSON of everything held about them, to hand them (GDPR Art. 15 and 20): their
    details, stage history, diagnoses, interactions, sequences and emails."""
    return subject_access(fresh(request, prospect_id))


@router.post("/{prospect_id}/erase", response=ErasedOut, summary="Erase a prospect")
def erase(request: HttpRequest, prospect_id: Id):
    """Remove everything held about them, everywhere, for good (GDPR Art. 17). Only a keyed
    hash of their address is kept, so no import adds them again; a `prospect.erased` event
    carries their id alone. Their id answers 404 from now on."""
    prospect = fresh(request, prospect_id)
    erasure = erase_prospect(prospect, by=acting(request), via=ErasureRequest.API)
    return {"id": erasure.prospect_ref, "erased_at": erasure.at}
