"""Parked prospects whose revisit date has come: nurture resumes, the coach is told."""

from django.utils import timezone

from relationships.models import Actor, Prospect, StageChange, StageKey, StageKind
from relationships.people.stages import move_stage


def due_revisits(now=None) -> list[Prospect]:
    """Not now prospects whose revisit date has arrived in their own time zone."""
    now = now or timezone.now()
    # The widest local date on Earth is UTC+14; nothing later than that can be due.
    horizon = (now + timezone.timedelta(hours=14)).date()
    candidates = Prospect.objects.filter(
        stage__key=StageKey.NOT_NOW, revisit_on__lte=horizon
    ).select_related("workspace", "stage")
    return [p for p in candidates if p.revisit_on <= now.astimezone(p.zone).date()]


def stage_before_not_now(prospect: Prospect):
    parked = (
        StageChange.objects.filter(prospect=prospect, to_stage__key=StageKey.NOT_NOW)
        .select_related("from_stage")
        .first()
    )
    previous = parked.from_stage if parked else None
    if previous is None or previous.kind == StageKind.OUTCOME:
        return prospect.workspace.stages.get(key=StageKey.EXPLORING)
    return previous


def resume_due_revisits(now=None) -> int:
    """Move each due prospect back to where they were; their paused nurture resumes.

    Safe to run again: a prospect moved back is no longer in Not now.
    """
    resumed = 0
    for prospect in due_revisits(now):
        back_to = stage_before_not_now(prospect)
        move_stage(prospect, to=back_to, actor=Actor.SYSTEM, reason="Revisit date reached")
        # Someone already in front of the coach keeps the reason they are there.
        Prospect.objects.filter(pk=prospect.pk, needs_attention=False).update(
            needs_attention=True, attention_reason="Revisit date reached"
        )
        resumed += 1
    return resumed
