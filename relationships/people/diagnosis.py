"""Recording what a coach learned by listening."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.integrations import events
from relationships.models import Diagnosis, Prospect
from relationships.people.prospects import touch


@transaction.atomic
def record_diagnosis(
    prospect: Prospect,
    *,
    current_situation: str,
    desired_outcome: str,
    constraints: str = "",
    priorities: str = "",
    own_words: str = "",
    diagnosed_on: datetime.date | None = None,
    author: AbstractBaseUser | None = None,
) -> Diagnosis:
    """Write down a diagnosis; it becomes the one that counts and clears "diagnose next"."""
    if not current_situation.strip():
        raise BridgeError("Describe what's going on for them now.", field="current_situation")
    if not desired_outcome.strip():
        raise BridgeError(
            "Describe what would be different if it were solved.", field="desired_outcome"
        )
    diagnosis = Diagnosis.objects.create(
        prospect=prospect,
        current_situation=current_situation.strip(),
        desired_outcome=desired_outcome.strip(),
        constraints=constraints.strip(),
        priorities=priorities.strip(),
        own_words=own_words.strip(),
        diagnosed_on=diagnosed_on or timezone.localdate(),
        author=author,
    )
    diagnosis_recorded(prospect)
    events.diagnosis_recorded(diagnosis)
    return diagnosis


def diagnosis_recorded(prospect: Prospect) -> None:
    """Housekeeping after any new diagnosis, whoever wrote it (service or admin)."""
    if prospect.diagnose_next:
        prospect.diagnose_next = False
        fields = ["diagnose_next"]
        if prospect.attention_reason.endswith("diagnose next"):
            prospect.needs_attention = False
            prospect.attention_reason = ""
            fields += ["needs_attention", "attention_reason"]
        prospect.save(update_fields=fields)
    touch(prospect)


def latest_diagnosis(prospect: Prospect) -> Diagnosis | None:
    return prospect.diagnoses.order_by("-diagnosed_on", "-created_at", "-pk").first()
