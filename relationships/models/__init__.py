"""The domain model, one module per area; import from here."""

from relationships.models.content import Content, ContentKind, ContentStatus
from relationships.models.nurture import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Enrollment,
    EnrollmentState,
    Sequence,
    Step,
)
from relationships.models.people import (
    Actor,
    Consent,
    Diagnosis,
    Interaction,
    InteractionKind,
    Prospect,
    StageChange,
)
from relationships.models.workspace import (
    Invitation,
    Membership,
    Role,
    Stage,
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
    "DeliveryKind",
    "DeliveryStatus",
    "Diagnosis",
    "Enrollment",
    "EnrollmentState",
    "Interaction",
    "InteractionKind",
    "Invitation",
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
