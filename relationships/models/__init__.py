"""The domain model, one module per area; import from here."""

from .content import Content, ContentKind, ContentStatus
from .nurture import Delivery, DeliveryStatus, Enrollment, EnrollmentState, Sequence, Step
from .people import (
    Actor,
    Consent,
    Diagnosis,
    Interaction,
    InteractionKind,
    Membership,
    Prospect,
    Role,
    Stage,
    StageChange,
    StageKey,
    StageKind,
    Tag,
    Workspace,
    default_send_days,
)

__all__ = [
    "Actor",
    "Consent",
    "Content",
    "ContentKind",
    "ContentStatus",
    "Delivery",
    "DeliveryStatus",
    "Diagnosis",
    "Enrollment",
    "EnrollmentState",
    "Interaction",
    "InteractionKind",
    "Membership",
    "Prospect",
    "Role",
    "Sequence",
    "Stage",
    "StageChange",
    "StageKey",
    "StageKind",
    "Step",
    "Tag",
    "Workspace",
    "default_send_days",
]
