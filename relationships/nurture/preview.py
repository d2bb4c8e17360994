"""When each step of a sequence would go out for a given person, and why."""

import dataclasses
import datetime

from relationships.models import (
    Consent,
    Content,
    Enrollment,
    Prospect,
    Sequence,
    Workspace,
)
from relationships.nurture.enrollment import OPEN, frequency_cap, taken_times, workspace_window
from relationships.nurture.messages import merge_values
from relationships.nurture.rendering import LINK_FIELDS, personalize, render_content
from relationships.nurture.scheduling import SendWindow, describe_window, due_times_for_steps
from relationships.nurture.sequences import (
    StepSpec,
)


@dataclasses.dataclass(frozen=True)
class PreviewStep:
    number: int
    title: str
    kind: str
    kind_label: str
    # On the prospect's clock, written out here: the template would show the workspace's.
    day: str
    time: str
    iso: str
    days_from_now: int
    window: str
    held_by: str  # why it goes later than its delay alone says ("" if it doesn't)


@dataclasses.dataclass(frozen=True)
class Preview:
    zone: str
    steps: list[PreviewStep]
    notes: list[str]
    error: str = ""


def step_send_window(spec: StepSpec, workspace: Workspace) -> SendWindow:
    if spec.window_days and spec.window_start and spec.window_end:
        return SendWindow(frozenset(spec.window_days), spec.window_start, spec.window_end)
    return workspace_window(workspace)


def schedule_preview(
    workspace: Workspace,
    prospect: Prospect | None,
    specs: list[StepSpec],
    *,
    sequence: Sequence | None,
    now: datetime.datetime,
) -> Preview:
    """When each step would go out if they were enrolled now: their time zone, the windows,
    the frequency cap and the email already queued or recently sent to them."""
    notes = []
    if prospect is None:
        zone = workspace.zone
        cap = datetime.timedelta(days=workspace.frequency_cap_days)
        taken, spread_key = [], None
    else:
        zone = prospect.zone
        cap = frequency_cap(prospect, workspace)
        taken = taken_times([prospect.pk], now=now, longest_cap=cap)[prospect.pk]
        spread_key = prospect.pk
        if prospect.consent != Consent.CONFIRMED:
            notes.append(
                f"{prospect.name} hasn't agreed to nurture email "
                f"(consent: {prospect.get_consent_display().lower()}), so Bridge would not "
                "enroll them; this is the schedule they would get."
            )
        if prospect.needs_attention:
            notes.append(
                f"{prospect.name} is waiting for you, so a new enrollment would wait, paused, "
                "until you resume it."
            )
        if (
            sequence is not None
            and Enrollment.objects.filter(
                prospect=prospect, sequence=sequence, state__in=OPEN
            ).exists()
        ):
            notes.append(
                f"{prospect.name} is in this sequence already; the times count the email "
                "already queued for them."
            )
        if taken:
            notes.append(
                f"Counts {len(taken)} other email{'s' if len(taken) != 1 else ''} queued or "
                f"recently sent to them, at most one every {cap.days} "
                f"day{'s' if cap.days != 1 else ''}."
            )
    windows = [step_send_window(spec, workspace) for spec in specs]
    try:
        due = due_times_for_steps(
            now,
            delays=[spec.delay for spec in specs],
            zone=zone,
            windows=windows,
            taken=taken,
            cap=cap,
            spread_key=spread_key,
        )
    except ValueError as error:
        return Preview(zone=str(zone), steps=[], notes=notes, error=str(error))
    steps, previous = [], now
    for number, (spec, window, at) in enumerate(zip(specs, windows, due, strict=True), start=1):
        earliest = previous + spec.delay
        held_by = ""
        # A few minutes' spread inside the window is not worth a word.
        if at - earliest > datetime.timedelta(hours=1):
            held_by = (
                "waits for the send window"
                if not window.contains(earliest, zone)
                else "spaced out by the frequency cap"
            )
        local = at.astimezone(zone)
        steps.append(
            PreviewStep(
                number=number,
                title=spec.content.title,
                kind=spec.content.kind,
                kind_label=spec.content.get_kind_display(),
                day=f"{local:%A} {local.day} {local:%b}",
                time=f"{local:%H:%M}",
                iso=local.isoformat(),
                days_from_now=(local.date() - now.astimezone(zone).date()).days,
                window=describe_window(window.days, window.start, window.end),
                held_by=held_by,
            )
        )
        previous = at
    return Preview(zone=str(zone), steps=steps, notes=notes)


# ---- one email, as a chosen prospect would get it ---------------------------------------------


@dataclasses.dataclass(frozen=True)
class EmailPreview:
    subject: str
    text: str
    html: str
    name: str  # whose details fill the merge fields


def email_preview(content: Content, prospect: Prospect | None) -> EmailPreview:
    """The content rendered as the send path renders it, merge fields filled for `prospect`
    (or an example person); the self-service links lead nowhere."""
    workspace = content.workspace
    rendered = render_content(subject=content.subject, body=content.body, workspace=workspace)
    person = prospect or Prospect(workspace=workspace, name="Alex Example")
    values = merge_values(person, workspace)
    values.update({field: "#" for field in LINK_FIELDS})
    subject, text, html = personalize(rendered, values)
    return EmailPreview(subject=subject, text=text, html=html, name=person.name)
