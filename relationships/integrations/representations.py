"""How Bridge's records look to other tools: one shape each, for the API and for webhooks.

The API answers with these schemas and every event's data is built from them, so a
prospect in a `prospect.updated` webhook reads exactly like `GET /api/v1/prospects/{id}`.
Each schema reads a model instance; the callers load what it touches (the stage, the
owner, the tags) so a list costs a fixed number of queries.
"""

import datetime

from ninja import Schema
from pydantic import Field

from relationships.models import (
    Actor,
    Consent,
    DeliveryKind,
    DeliveryStatus,
    InteractionKind,
    Prospect,
)


class StageRef(Schema):
    id: int
    name: str
    key: str = Field(
        description="The built-in stage this is (needs_help, exploring, in_conversation, "
        "diagnosed, ready, client, not_now, not_a_fit); empty for a stage the workspace added."
    )


class OwnerRef(Schema):
    name: str
    email: str


class ProspectOut(Schema):
    id: int
    name: str
    email: str
    timezone: str = Field(description="IANA time zone name; empty means the workspace's.")
    stage: StageRef
    stage_entered_at: datetime.datetime
    consent: Consent
    consent_note: str
    source: str
    tags: list[str]
    owner: OwnerRef | None
    help_request: str = Field(description="What they asked help with when they signed up.")
    revisit_on: datetime.date | None = Field(description="For Not now: when to get back in touch.")
    paused_until: datetime.date | None = Field(description="They paused nurture until this day.")
    needs_attention: bool
    attention_reason: str
    diagnose_next: bool
    last_touch_at: datetime.datetime | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_tags(prospect: Prospect) -> list[str]:
        return sorted((tag.name for tag in prospect.tags.all()), key=str.lower)

    @staticmethod
    def resolve_owner(prospect: Prospect) -> dict | None:
        owner = prospect.owner
        if owner is None:
            return None
        return {"name": owner.get_full_name() or owner.get_username(), "email": owner.email}


class StageChangeOut(Schema):
    id: int
    from_stage: StageRef | None
    to_stage: StageRef
    actor: Actor
    reason: str
    at: datetime.datetime


class DiagnosisOut(Schema):
    id: int
    prospect_id: int
    current_situation: str
    desired_outcome: str
    constraints: str
    priorities: str
    own_words: str
    diagnosed_on: datetime.date
    created_at: datetime.datetime


class InteractionOut(Schema):
    id: int
    prospect_id: int
    kind: InteractionKind
    summary: str
    at: datetime.datetime


class DeliveryOut(Schema):
    id: int
    kind: DeliveryKind
    status: DeliveryStatus
    prospect_id: int
    sequence_id: int | None = Field(description="The sequence of a nurture email.")
    step_position: int | None = Field(description="Its step in the sequence.")
    content_id: int | None
    due_at: datetime.datetime
    sent_at: datetime.datetime | None
    attempts: int = Field(description="How often it was handed to the mail server.")
    claims: int = Field(
        description="How often a worker leased it (a crash or a lost task "
        "makes a claim without a send)."
    )
    reason: str = Field(description="Why it was skipped, moved or cancelled.")
    last_error: str
    opened_at: datetime.datetime | None
    clicked_at: datetime.datetime | None
    replied_at: datetime.datetime | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_attempts(delivery) -> int:
        return delivery.smtp_attempts

    @staticmethod
    def resolve_sequence_id(delivery) -> int | None:
        return delivery.enrollment.sequence_id if delivery.enrollment_id else None

    @staticmethod
    def resolve_step_position(delivery) -> int | None:
        return delivery.step.position if delivery.step_id else None

    @staticmethod
    def resolve_content_id(delivery) -> int | None:
        return delivery.step.content_id if delivery.step_id else None


def as_data(schema: type[Schema], instance) -> dict:
    """An instance in a schema's shape, as JSON-ready values (an event's data)."""
    return schema.from_orm(instance).model_dump(mode="json")
