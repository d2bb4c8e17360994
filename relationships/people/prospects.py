"""Adding prospects and keeping their details clean."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone

from relationships.errors import ProspectError
from relationships.history.changes import differences, record_change
from relationships.integrations import events
from relationships.models import (
    Actor,
    ChangeArea,
    Consent,
    EventType,
    Prospect,
    Stage,
    StageChange,
    StageKey,
    Tag,
    Workspace,
)
from relationships.nurture.enrollment import enroll_in_stage_sequences
from relationships.workspaces.timezones import is_valid_timezone


def normalize_email(email: str) -> str:
    """One spelling per address: trimmed and lower-cased, so duplicates can't hide."""
    return (email or "").strip().lower()


def clean_prospect_fields(
    workspace: Workspace, *, email: str, timezone_name: str = "", exclude_pk: int | None = None
) -> str:
    """Validate what must hold for any prospect; return the normalized email."""
    email = normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ProspectError(f"“{email}” is not a valid email address.", field="email") from None
    if timezone_name and not is_valid_timezone(timezone_name):
        raise ProspectError(
            f"“{timezone_name}” is not a time zone name (try e.g. Europe/Berlin).", field="timezone"
        )
    duplicates = Prospect.objects.filter(workspace=workspace, email__iexact=email)
    if exclude_pk is not None:
        duplicates = duplicates.exclude(pk=exclude_pk)
    if duplicates.exists():
        raise ProspectError(f"{email} is already a prospect in {workspace.name}.", field="email")
    return email


def create_prospect(
    workspace: Workspace,
    *,
    name: str,
    email: str,
    stage: Stage | None = None,
    timezone_name: str = "",
    owner: AbstractBaseUser | None = None,
    source: str = "",
    tags: Iterable[str] = (),
    consent: str = Consent.PENDING,
    consent_note: str = "",
    actor: str = Actor.COACH,
    user: AbstractBaseUser | None = None,
) -> Prospect:
    """Add a prospect at a stage (Needs help by default) and record how they arrived."""
    if not name.strip():
        raise ProspectError("Write their name.", field="name")
    email = clean_prospect_fields(workspace, email=email, timezone_name=timezone_name)
    if stage is None:
        stage = workspace.stages.get(key=StageKey.NEEDS_HELP)
    elif stage.workspace_id != workspace.pk:
        raise ProspectError("That stage belongs to another workspace.", field="stage")
    now = timezone.now()
    try:
        with transaction.atomic():
            prospect = Prospect.objects.create(
                workspace=workspace,
                name=name.strip(),
                email=email,
                timezone=timezone_name,
                stage=stage,
                stage_entered_at=now,
                owner=owner,
                source=source.strip(),
                consent=consent,
                consent_note=consent_note,
                created_at=now,
            )
            set_tags(prospect, tags)
            StageChange.objects.create(
                prospect=prospect,
                from_stage=None,
                to_stage=stage,
                actor=actor,
                user=user,
                reason=f"Added{f' from {source}' if source else ''}",
                at=now,
            )
            # Part of the same write: a prospect is never added without their sequences.
            enroll_in_stage_sequences(prospect, stage)
            events.prospect_event(EventType.PROSPECT_CREATED, prospect)
    except IntegrityError:
        # Two requests raced past the check above; the constraint had the last word.
        raise ProspectError(
            f"{email} is already a prospect in {workspace.name}.", field="email"
        ) from None
    return prospect


def set_tags(prospect: Prospect, names: Iterable[str]) -> None:
    """Replace a prospect's tags by name, creating workspace tags as needed."""
    wanted = {n.strip(): None for n in names if n and n.strip()}
    tags = []
    for name in wanted:
        tag = Tag.objects.filter(workspace=prospect.workspace_id, name__iexact=name).first()
        tags.append(tag or Tag.objects.create(workspace_id=prospect.workspace_id, name=name))
    prospect.tags.set(tags)


def touch(prospect: Prospect, at=None) -> None:
    """Record that the coach and prospect were in contact; keeps the latest time."""
    at = at or timezone.now()
    if prospect.last_touch_at is None or at > prospect.last_touch_at:
        prospect.last_touch_at = at
        prospect.save(update_fields=["last_touch_at"])


def mark_handled(prospect: Prospect) -> str:
    """The coach dealt with what put them in front of them (a reply, a request to talk, ...).

    "Diagnose next" is not cleared here: only a recorded diagnosis clears it.
    Returns the reason cleared ("" if there was none), so the coach can undo it.
    """
    reason = prospect.attention_reason if prospect.needs_attention else ""
    if prospect.needs_attention or prospect.attention_reason:
        prospect.needs_attention = False
        prospect.attention_reason = ""
        prospect.save(update_fields=["needs_attention", "attention_reason"])
    return reason


def undo_handled(prospect: Prospect, *, reason: str) -> None:
    """Put them back in front of the coach for the reason "handled" cleared (its undo)."""
    reason = reason.strip()[:200]
    if not reason:
        raise ProspectError("Nothing to undo.", field="reason")
    prospect.needs_attention = True
    prospect.attention_reason = reason
    prospect.save(update_fields=["needs_attention", "attention_reason"])


@transaction.atomic
def update_prospect(
    prospect: Prospect,
    *,
    name: str,
    email: str,
    timezone_name: str = "",
    owner=None,
    source: str = "",
    tags: Iterable[str] | None = None,
) -> Prospect:
    """Change a prospect's details under the same rules as adding them; on record."""
    before = prospect_details(prospect)
    if not name.strip():
        raise ProspectError("Write their name.", field="name")
    if owner is not None and not prospect.workspace.memberships.filter(user=owner).exists():
        raise ProspectError("The owner must be a member of this workspace.", field="owner")
    prospect.email = clean_prospect_fields(
        prospect.workspace, email=email, timezone_name=timezone_name, exclude_pk=prospect.pk
    )
    prospect.name = name.strip()
    prospect.timezone = timezone_name
    prospect.owner = owner
    prospect.source = source.strip()
    prospect.save(update_fields=["name", "email", "timezone", "owner", "source"])
    if tags is not None:
        set_tags(prospect, tags)
    changed = differences(before, prospect_details(prospect))
    if changed:
        record_change(
            prospect.workspace,
            area=ChangeArea.PROSPECT,
            prospect=prospect,
            subject=prospect.name,
            summary="Changed " + ", ".join(DETAIL_LABELS[name] for name in changed),
            fields={DETAIL_LABELS[name]: values for name, values in changed.items()},
        )
    events.prospect_event(EventType.PROSPECT_UPDATED, prospect)
    return prospect


DETAIL_LABELS = {
    "name": "name",
    "email": "email",
    "timezone": "time zone",
    "owner": "owner",
    "source": "source",
    "tags": "tags",
}


def prospect_details(prospect: Prospect) -> dict:
    """What the details form edits, as the change record shows it."""
    owner = prospect.owner
    return {
        "name": prospect.name,
        "email": prospect.email,
        "timezone": prospect.timezone,
        "owner": (owner.get_full_name() or owner.get_username()) if owner else "",
        "source": prospect.source,
        "tags": sorted(tag.name for tag in prospect.tags.all()),
    }
