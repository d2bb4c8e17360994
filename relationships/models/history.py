"""Who changed what: one row per change a person (or an API key, or Bridge) made."""

from django.conf import settings
from django.db import models
from django.utils.timezone import now


class ChangeArea(models.TextChoices):
    PROSPECT = "prospect", "Prospect"
    CONTENT = "content", "Content"
    SEQUENCE = "sequence", "Sequence"
    SETTINGS = "settings", "Settings"
    TEAM = "team", "Team"


class Change(models.Model):
    """A change on record. The actor's name is written down at the time, so it stays when
    their account is deleted; a prospect's changes go with the prospect when it is erased."""

    workspace = models.ForeignKey(
        "relationships.Workspace", on_delete=models.CASCADE, related_name="changes"
    )
    at = models.DateTimeField(default=now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=300, blank=True)
    area = models.CharField(max_length=20, choices=ChangeArea.choices)
    prospect = models.ForeignKey(
        "relationships.Prospect",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
    )
    subject = models.CharField(max_length=300, blank=True, help_text="What was changed.")
    summary = models.CharField(max_length=500)
    fields = models.JSONField(default=dict, blank=True, help_text="{field: [before, after]}")

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["workspace", "at"]),
            models.Index(fields=["prospect", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.actor_name or 'Bridge'}: {self.summary}"
