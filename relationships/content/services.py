"""Writing, checking and approving nurture content."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from relationships.content.check import CheckResult, Thresholds, check_content
from relationships.content.merge_fields import find_merge_field_errors
from relationships.errors import BridgeError
from relationships.models import Content, ContentKind, ContentStatus, Stage, Workspace


class ContentError(BridgeError):
    """Content that cannot be saved or approved as it is."""


def validate_merge_fields(*, subject: str, body: str) -> None:
    for field, text in (("subject", subject), ("body", body)):
        errors = find_merge_field_errors(text)
        if errors:
            raise ContentError(" ".join(errors), field=field)


def run_check(content: Content) -> CheckResult:
    """Check the content as it stands and store the result on it (not saved)."""
    result = check_content(
        content.subject,
        content.body,
        content_type=content.kind,
        thresholds=Thresholds.from_settings(),
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
    result = run_check(content)
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


@transaction.atomic
def copy_starter_library(workspace: Workspace) -> list[Content]:
    """Give a workspace its own approved copy of the starter library; safe to run again."""
    from relationships.content.starter import load_starter_library

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
