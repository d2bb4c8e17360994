"""Everything held about one prospect, as one JSON document they can be handed
(GDPR Art. 15, access, and Art. 20, portability).

Records read as the API shows them (relationships/integrations/representations.py), so
the document is the same shape a tool would see; the emails add their subject.
"""

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from relationships.integrations.representations import (
    DeliveryOut,
    DiagnosisOut,
    InteractionOut,
    ProspectOut,
    StageChangeOut,
    as_data,
)
from relationships.models import Prospect

FORMAT_VERSION = 1


def subject_access(prospect: Prospect, *, now: datetime.datetime | None = None) -> dict:
    """One dict with the prospect and every record about them, oldest first."""
    prospect = (
        Prospect.objects.select_related("stage", "owner", "workspace")
        .prefetch_related("tags")
        .get(pk=prospect.pk)
    )
    changes = prospect.stage_changes.select_related("from_stage", "to_stage").order_by("at", "pk")
    deliveries = prospect.deliveries.select_related("step__content", "enrollment").order_by(
        "due_at", "pk"
    )
    enrollments = prospect.enrollments.select_related("sequence").order_by("enrolled_at", "pk")
    emails = []
    for delivery in deliveries:
        shown = as_data(DeliveryOut, delivery)
        shown["subject"] = delivery.step.content.subject if delivery.step_id else ""
        emails.append(shown)
    return {
        "format": "bridge.subject_access",
        "version": FORMAT_VERSION,
        "generated_at": (now or timezone.now()).isoformat(),
        "held_by": {
            "name": prospect.workspace.name,
            "sender": prospect.workspace.sender_name,
            "email": prospect.workspace.sender_email,
            "postal_address": prospect.workspace.postal_address,
        },
        "prospect": {
            **as_data(ProspectOut, prospect),
            "muted_topics": prospect.muted_topics,
            "nurture_spacing": prospect.nurture_spacing,
        },
        "stage_history": [as_data(StageChangeOut, change) for change in changes],
        "diagnoses": [
            as_data(DiagnosisOut, d) for d in prospect.diagnoses.order_by("diagnosed_on", "pk")
        ],
        "interactions": [
            as_data(InteractionOut, i) for i in prospect.interactions.order_by("at", "pk")
        ],
        "sequences": [
            {
                "sequence": enrollment.sequence.name,
                "state": enrollment.state,
                "reason": enrollment.reason,
                "enrolled_at": enrollment.enrolled_at,
                "ended_at": enrollment.ended_at,
            }
            for enrollment in enrollments
        ],
        "emails": emails,
    }


def subject_access_json(prospect: Prospect) -> str:
    return json.dumps(subject_access(prospect), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)


def subject_access_filename(prospect: Prospect) -> str:
    return f"bridge-data-prospect-{prospect.pk}-{timezone.localdate():%Y-%m-%d}.json"
