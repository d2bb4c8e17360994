"""Writing, checking and approving nurture content."""

import dataclasses
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from relationships.content.check import CheckResult, Thresholds, check_content
from relationships.content.merge_fields import find_merge_field_errors
from relationships.content.starter import load_starter_library
from relationships.errors import BridgeError
from relationships.history.changes import differences, record_change
from relationships.models import (
    ChangeArea,
    Content,
    ContentKind,
    ContentStatus,
    Membership,
    Stage,
    StageKey,
    Workspace,
)
from relationships.workspaces import roles


class ContentError(BridgeError):
    """Content that cannot be saved or approved as it is."""


def validate_merge_fields(*, subject: str, body: str) -> None:
    for field, text in (("subject", subject), ("body", body)):
        errors = find_merge_field_errors(text)
        if errors:
            raise ContentError(" ".join(errors), field=field)


# Stages a prospect reaches only after talking with the coach.
AFTER_CONVERSATION = frozenset(
    {StageKey.IN_CONVERSATION, StageKey.DIAGNOSED, StageKey.READY, StageKey.CLIENT}
)


def reading_context(*, opens_sequence: bool, stages: Iterable[Stage]) -> dict[str, bool]:
    """What the check can't see in the words: whether the email opens a sequence (so there is
    no earlier email or conversation to refer to), and whether every stage it serves comes
    after a conversation with the coach (so recalling it is honest)."""
    stages = list(stages)
    return {
        "is_first_email": opens_sequence,
        "after_conversation": bool(stages) and all(s.key in AFTER_CONVERSATION for s in stages),
    }


def opens_a_sequence(content: Content | None) -> bool:
    return bool(content and content.pk and content.steps.filter(position=1).exists())


def run_check(content: Content, *, stages: Iterable[Stage] | None = None) -> CheckResult:
    """Check the content as it stands and store the result on it (not saved)."""
    if stages is None:
        stages = content.stages.all() if content.pk else []
    result = check_content(
        content.subject,
        content.body,
        content_type=content.kind,
        thresholds=Thresholds.from_settings(),
        **reading_context(opens_sequence=opens_a_sequence(content), stages=stages),
    )
    content.check_result = result.as_dict()
    content.check_verdict = result.verdict
    content.check_score = result.score
    return result


@transaction.atomic
def save_content(
    workspace: Workspace,
    *,
    content: Content | None = None,
    title: str,
    subject: str,
    body: str,
    kind: str = ContentKind.VALUE,
    topics: Iterable[str] = (),
    stages: Iterable[Stage] = (),
    user: AbstractBaseUser | None = None,
) -> Content:
    """Create or edit content; the check runs on every save.

    Editing approved content that now has flags sends it back to draft: an
    override was given for the words it had, not for new ones.
    """
    if kind not in ContentKind.values:
        raise ContentError(f"Unknown content type: {kind}.", field="kind")
    if not title.strip():
        raise ContentError("Give the email a title.", field="title")
    if not subject.strip():
        raise ContentError("Write a subject line.", field="subject")
    validate_merge_fields(subject=subject, body=body)
    stages = list(stages)
    if any(stage.workspace_id != workspace.pk for stage in stages):
        raise ContentError("A stage belongs to another workspace.", field="stages")
    if content is None:
        content = Content(workspace=workspace)
    elif content.workspace_id != workspace.pk:
        raise ContentError("That content belongs to another workspace.")
    changed_words = (content.subject, content.body, content.kind) != (subject, body, kind)
    content.title = title.strip()
    content.subject = subject.strip()
    content.body = body
    content.kind = kind
    content.topics = sorted({t.strip().lower() for t in topics if t and t.strip()})
    content.updated_at = timezone.now()
    result = run_check(content, stages=stages)
    if changed_words and content.status == ContentStatus.APPROVED and result.flags:
        content.status = ContentStatus.DRAFT
        content.approved_at = content.approved_by = None
        clear_override(content)
    content.save()
    content.stages.set(stages)
    return content


def clear_override(content: Content) -> None:
    content.override_reason = ""
    content.override_by = content.override_at = None


@transaction.atomic
def approve_content(
    content: Content, *, user: AbstractBaseUser | None, override_reason: str = ""
) -> Content:
    """Approve content for sequences. Flagged content needs the coach's reason to override."""
    validate_merge_fields(subject=content.subject, body=content.body)
    result = run_check(content)
    now = timezone.now()
    if result.flags:
        if not override_reason.strip():
            rules = ", ".join(sorted({flag.rule for flag in result.flags}))
            raise ContentError(
                f"This email has {len(result.flags)} flag(s) ({rules}). Fix them, or record "
                "why you are sending it anyway.",
                field="override_reason",
            )
        content.override_reason = override_reason.strip()
        content.override_by = user
        content.override_at = now
    else:
        clear_override(content)
    content.status = ContentStatus.APPROVED
    content.approved_by = user
    content.approved_at = now
    content.save()
    return content


@transaction.atomic
def unapprove_content(content: Content) -> Content:
    content.status = ContentStatus.DRAFT
    content.approved_at = content.approved_by = None
    content.save(update_fields=["status", "approved_at", "approved_by"])
    return content


@dataclasses.dataclass(frozen=True)
class ContentSaved:
    """What the coach is told after a save: how it went and in which tone."""

    content: Content
    note: str
    level: str  # "success", "warning" or "info"


def approval_note(content: Content) -> str:
    flags = len(content.flags)
    if flags:
        return (
            f"Approved “{content.title}” despite {flags} flag{'s' if flags != 1 else ''}: "
            "your reason is kept with it."
        )
    return f"Approved “{content.title}”: sequences can use it now."


@transaction.atomic
def write_content(
    workspace: Workspace,
    *,
    content: Content | None,
    decision: str = "save",
    override_reason: str = "",
    user: AbstractBaseUser | None = None,
    **fields,
) -> ContentSaved:
    """Save from an editor (the coach's or the admin's) and then, as the coach chose,
    approve it ("approve") or send it back to draft ("unapprove"). All of it or nothing:
    a refused approval keeps none of the edit."""
    was_approved = content is not None and content.status == ContentStatus.APPROVED
    before = content_record(content) if content is not None else None
    saved = save_content(workspace, content=content, user=user, **fields)
    if decision == "approve":
        approve_content(saved, user=user, override_reason=override_reason)
        record_content_change(saved, before)
        return ContentSaved(saved, approval_note(saved), "success")
    if decision == "unapprove" and saved.status == ContentStatus.APPROVED:
        unapprove_content(saved)
        record_content_change(saved, before)
        return ContentSaved(saved, f"“{saved.title}” is back to draft.", "success")
    record_content_change(saved, before)
    if was_approved and saved.status == ContentStatus.DRAFT:
        return ContentSaved(
            saved,
            f"Saved. Your edit gave “{saved.title}” new flags, so it is back to draft: fix "
            "them, or approve it again with your reason.",
            "warning",
        )
    return ContentSaved(saved, f"Saved “{saved.title}”.", "success")


def content_record(content: Content) -> dict:
    """What an edit of content shows on record; the body by its length, not its words."""
    return {
        "title": content.title,
        "subject": content.subject,
        "body": f"{len(content.body.split())} words" if content.body else "",
        "type": content.get_kind_display(),
        "topics": list(content.topics),
        "status": content.get_status_display(),
    }


def record_content_change(content: Content, before: dict | None) -> None:
    if before is None:
        record_change(
            content.workspace,
            area=ChangeArea.CONTENT,
            subject=content.title,
            summary=f"Wrote “{content.title}”",
        )
        return
    changed = differences(before, content_record(content))
    if changed:
        record_change(
            content.workspace,
            area=ChangeArea.CONTENT,
            subject=content.title,
            summary=f"Edited “{content.title}”: " + ", ".join(changed),
            fields=changed,
        )


@transaction.atomic
def delete_content(content: Content, *, by: Membership | None) -> None:
    """Delete an email nobody's sequence uses; a step needs its email (sequences keep
    their history), so one in use is refused with the sequences named."""
    roles.require(by, roles.DELETE_CONTENT, workspace=content.workspace)
    steps = list(content.steps.select_related("sequence").order_by("sequence__name", "position"))
    if steps:
        used_in = ", ".join(dict.fromkeys(f"“{step.sequence.name}”" for step in steps))
        raise ContentError(
            f"“{content.title}” is a step of {used_in}: take it out of the sequence first."
        )
    record_change(
        content.workspace,
        area=ChangeArea.CONTENT,
        subject=content.title,
        summary=f"Deleted “{content.title}”",
    )
    content.delete()


@transaction.atomic
def copy_starter_library(workspace: Workspace) -> list[Content]:
    """Give a workspace its own approved copy of the starter library; safe to run again."""
    have = set(workspace.contents.exclude(starter_slug="").values_list("starter_slug", flat=True))
    stages = {stage.key: stage for stage in workspace.stages.exclude(key="")}
    copied = []
    for email in load_starter_library():
        if email.slug in have:
            continue
        content = save_content(
            workspace,
            title=email.title,
            subject=email.subject,
            body=email.body,
            kind=email.type,
            topics=email.topics,
            stages=[stages[key] for key in email.stages if key in stages],
        )
        content.starter_slug = email.slug
        content.save(update_fields=["starter_slug"])
        copied.append(approve_content(content, user=None))
    return copied
