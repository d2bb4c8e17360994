"""Moving in and out: an import of a coach's list, and an export of a whole workspace.

Rules live in relationships/transfer/. An import is read in chunks by a Celery task;
each chunk is written all or nothing together with the run's counters, so a run can be
cancelled, killed and resumed without a half-written chunk.
"""

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from relationships.models.workspace import Workspace


class ImportConsent(models.TextChoices):
    TRACK = "track", "Don't email them, just keep track"
    OPTED_IN = "opted-in", "They opted in on my site"
    CONFIRM = "confirm", "Ask them to confirm (double opt-in email)"


class ImportDuplicates(models.TextChoices):
    SKIP = "skip", "Skip them"
    UPDATE = "update", "Fill in their blank fields"


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"
    FAILED = "failed", "Failed"


class ImportRun(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The uploaded file, removed when the run ends: a list of people is kept no longer
    # than it takes to import it.
    file = models.FileField(upload_to="imports/", max_length=300, blank=True)
    filename = models.CharField(max_length=200)
    file_format = models.CharField(max_length=10)
    encoding = models.CharField(max_length=40, blank=True)
    delimiter = models.CharField(max_length=1, blank=True)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict, help_text="Column number → field it fills.")
    consent = models.CharField(
        max_length=10, choices=ImportConsent.choices, default=ImportConsent.TRACK
    )
    consent_note = models.CharField(max_length=300, blank=True)
    duplicates = models.CharField(
        max_length=10, choices=ImportDuplicates.choices, default=ImportDuplicates.SKIP
    )
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    rows_done = models.PositiveIntegerField(default=0, help_text="Data rows read and settled.")
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    cancel_requested = models.BooleanField(default=False)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} into {self.workspace_id} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in {ImportStatus.DONE, ImportStatus.CANCELLED, ImportStatus.FAILED}

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_done * 100 // self.rows_total)


class ImportRefusal(models.Model):
    """A row the import did not take, and why: the coach downloads them as a CSV."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="refusals")
    line = models.PositiveIntegerField(help_text="The row's number in the file (header is 1).")
    # Kept apart so an erasure finds the row by address.
    email = models.CharField(max_length=320, blank=True)
    values = models.JSONField(default=list)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["run", "line"]

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Being prepared"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class ExportRun(models.Model):
    """ "Export everything": a zip built in the background, offered by a signed link."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    file = models.FileField(upload_to="exports/", max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=now, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Export of {self.workspace_id} ({self.status})"
