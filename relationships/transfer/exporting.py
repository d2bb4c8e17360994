"""Moving out: the prospects list as CSV (the columns the import reads, so a round trip is
exact), and "Export everything": a zip with a CSV per table and one JSON of the whole
workspace, built in the background and offered by a signed, expiring link.

Both stream: rows are read in chunks and written as they come, so memory stays flat
whatever the workspace's size.
"""

import csv
import datetime
import io
import json
import tempfile
import zipfile
from collections.abc import Iterator

from celery import current_app
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core import signing
from django.core.files import File
from django.core.mail import EmailMultiAlternatives
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from relationships.errors import BridgeError
from relationships.models import (
    Content,
    Delivery,
    Diagnosis,
    Enrollment,
    Erasure,
    ExportRun,
    ExportStatus,
    ImportRun,
    ImportStatus,
    Interaction,
    InteractionKind,
    Membership,
    Prospect,
    Sequence,
    Stage,
    StageChange,
    Step,
    Tag,
    Workspace,
)
from relationships.nurture.rendering import render_email
from relationships.transfer.columns import EXPORT_HEADERS, spreadsheet_safe
from relationships.workspaces import roles

BUILD_TASK = "relationships.tasks.build_export"
ROWS_PER_QUERY = 2000
LINK_SALT = "bridge.transfer.export"


class ExportError(BridgeError):
    """A download link that is wrong, out of date or for someone else."""


class Echo:
    """A file-like object whose write returns the line, for a streaming response."""

    def write(self, value: str) -> str:
        return value


# ---- the prospects list -------------------------------------------------------------------


def prospects_csv(prospects: QuerySet[Prospect]) -> Iterator[str]:
    """The given prospects (already filtered to one workspace) as CSV lines."""
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow([label for _, label in EXPORT_HEADERS])
    notes = Prefetch(
        "interactions",
        queryset=Interaction.objects.filter(kind=InteractionKind.NOTE).order_by("at", "pk"),
        to_attr="notes",
    )
    rows = (
        prospects.select_related("stage")
        .prefetch_related("tags", notes)
        .order_by("pk")
        .iterator(chunk_size=ROWS_PER_QUERY)
    )
    for prospect in rows:
        yield writer.writerow(
            spreadsheet_safe(value)
            for value in [
                prospect.email,
                prospect.name,
                prospect.stage.name,
                ", ".join(sorted((t.name for t in prospect.tags.all()), key=str.lower)),
                prospect.timezone,
                prospect.source,
                prospect.phone,
                "\n\n".join(note.summary for note in prospect.notes),
                prospect.created_at.isoformat(),
            ]
        )


def prospects_filename(workspace: Workspace) -> str:
    return f"{workspace.slug}-prospects-{timezone.localdate():%Y-%m-%d}.csv"


# ---- export everything --------------------------------------------------------------------


@transaction.atomic
def request_export(
    workspace: Workspace, *, by: Membership | None, user: AbstractBaseUser | None
) -> ExportRun:
    roles.require(by, roles.EXPORT_WORKSPACE, workspace=workspace)
    export = ExportRun.objects.create(workspace=workspace, requested_by=user)
    transaction.on_commit(lambda: current_app.send_task(BUILD_TASK, args=[export.pk]), robust=True)
    return export


def tables(workspace: Workspace) -> list[tuple[str, QuerySet]]:
    """Every table that holds the workspace's records, each scoped to it."""
    return [
        ("stages", Stage.objects.filter(workspace=workspace)),
        ("tags", Tag.objects.filter(workspace=workspace)),
        ("prospects", Prospect.objects.filter(workspace=workspace)),
        ("prospect_tags", Prospect.tags.through.objects.filter(prospect__workspace=workspace)),
        ("stage_changes", StageChange.objects.filter(prospect__workspace=workspace)),
        ("diagnoses", Diagnosis.objects.filter(prospect__workspace=workspace)),
        ("interactions", Interaction.objects.filter(prospect__workspace=workspace)),
        ("content", Content.objects.filter(workspace=workspace)),
        ("sequences", Sequence.objects.filter(workspace=workspace)),
        ("steps", Step.objects.filter(sequence__workspace=workspace)),
        ("enrollments", Enrollment.objects.filter(prospect__workspace=workspace)),
        ("deliveries", Delivery.objects.filter(workspace=workspace)),
        ("erasures", Erasure.objects.filter(workspace=workspace)),
    ]


def record(instance: models.Model, fields: list) -> list:
    return [field.value_from_object(instance) for field in fields]


def csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(int(value.total_seconds()))
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def write_workspace_zip(workspace: Workspace, target) -> None:
    """The zip: one CSV per table, and workspace.json holding every table's rows."""
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    with (
        zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        tempfile.TemporaryFile("w+", encoding="utf-8") as whole,
    ):
        settings_of = {
            f.attname: f.value_from_object(workspace) for f in Workspace._meta.concrete_fields
        }
        whole.write('{"format": "bridge.workspace", "version": 1, "exported_at": ')
        whole.write(encoder.encode(timezone.now()))
        whole.write(', "workspace": ' + encoder.encode(settings_of) + ', "tables": {')
        for number, (name, queryset) in enumerate(tables(workspace)):
            fields = list(queryset.model._meta.concrete_fields)
            names = [f.attname for f in fields]
            whole.write(("," if number else "") + f'"{name}": [')
            with archive.open(f"{name}.csv", "w") as member:
                text = io.TextIOWrapper(member, encoding="utf-8", newline="")
                writer = csv.writer(text)
                writer.writerow(names)
                first = True
                for instance in queryset.order_by("pk").iterator(chunk_size=ROWS_PER_QUERY):
                    values = record(instance, fields)
                    writer.writerow([spreadsheet_safe(csv_value(v)) for v in values])
                    whole.write(
                        ("" if first else ",")
                        + encoder.encode(dict(zip(names, values, strict=True)))
                    )
                    first = False
                text.flush()
                text.detach()
            whole.write("]")
        whole.write("}}")
        whole.seek(0)
        with archive.open("workspace.json", "w") as member:
            while chunk := whole.read(1 << 16):
                member.write(chunk.encode())


def build_export(export_id: int) -> ExportRun:
    """Build the zip, keep it, mail the one who asked a signed link; safe to run twice."""
    export = ExportRun.objects.select_related("workspace", "requested_by").get(pk=export_id)
    if export.status != ExportStatus.QUEUED:
        return export
    with tempfile.TemporaryFile() as target:
        write_workspace_zip(export.workspace, target)
        target.seek(0)
        name = f"{export.workspace.slug}-{timezone.now():%Y%m%d%H%M%S}.zip"
        export.file.save(name, File(target), save=False)
    export.status = ExportStatus.DONE
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "finished_at"])
    tell_ready(export)
    return export


def export_token(export: ExportRun) -> str:
    return signing.dumps(export.pk, salt=LINK_SALT)


def read_export_token(token: str, *, workspace: Workspace) -> ExportRun:
    """The export a link names, if it is genuine, in date and of this workspace."""
    try:
        export_id = signing.loads(
            token, salt=LINK_SALT, max_age=datetime.timedelta(days=settings.EXPORT_LINK_DAYS)
        )
    except signing.SignatureExpired:
        raise ExportError("This download link has expired: ask for a new export.") from None
    except signing.BadSignature:
        raise ExportError("This download link isn't right: open it from the email.") from None
    export = ExportRun.objects.filter(
        pk=export_id, workspace=workspace, status=ExportStatus.DONE
    ).first()
    if export is None or not export.file:
        raise ExportError("This export is not here any more: ask for a new one.")
    return export


def tell_ready(export: ExportRun) -> None:
    user = export.requested_by
    if user is None or not user.email:
        return
    url = settings.SITE_URL + reverse("coach:export_download", args=[export_token(export)])
    rendered = render_email(
        "workspace_export",
        {"workspace": export.workspace, "url": url, "days": settings.EXPORT_LINK_DAYS},
    )
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach_alternative(rendered.html, "text/html")
    message.send()


def prune_transfers(now: datetime.datetime | None = None) -> int:
    """Files of people's data kept no longer than needed: exports once their link has
    expired; uploads nobody went on to import after a day, and those queued a day ago that
    no worker ever took (a lost task message). Returns how many went."""
    now = now or timezone.now()
    gone = 0
    expired = ExportRun.objects.filter(
        created_at__lt=now - datetime.timedelta(days=settings.EXPORT_LINK_DAYS)
    ).exclude(file="")
    for export in expired:
        export.file.delete(save=False)
        ExportRun.objects.filter(pk=export.pk).update(file="")
        gone += 1
    waiting = [ImportStatus.UPLOADED, ImportStatus.QUEUED]
    abandoned = ImportRun.objects.filter(
        status__in=waiting, created_at__lt=now - datetime.timedelta(days=1)
    ).exclude(file="")
    for run in abandoned:
        # Ended first, on the condition that nobody started it meanwhile: a worker's claim
        # then finds nothing to run, and a run that did start keeps its file.
        if ImportRun.objects.filter(pk=run.pk, status__in=waiting).update(
            status=ImportStatus.CANCELLED, finished_at=now
        ):
            run.file.delete(save=False)
            ImportRun.objects.filter(pk=run.pk).update(file="")
            gone += 1
    return gone
