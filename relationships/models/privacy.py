"""What is kept after a prospect is erased: a salted hash of the address, and who erased
them when, with anonymous counts. Nothing here names a person (GDPR Art. 17)."""

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from relationships.models.workspace import Workspace


class Suppression(models.Model):
    """An address no import may bring back and nobody may mail without a fresh opt-in.

    Only a keyed hash is stored (relationships/people/erasure.py:address_hash), so the
    list can answer "is this address suppressed?" but never "whose address was it?".
    """

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="suppressions")
    address_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "address_hash"], name="suppression_once"),
        ]

    def __str__(self) -> str:
        return f"{self.address_hash[:12]}… in {self.workspace_id}"


class ErasureRequest(models.TextChoices):
    COACH = "coach", "A coach, at their request"
    PROSPECT = "prospect", "They did, from their preferences"
    API = "api", "Through the API"


class Erasure(models.Model):
    """That someone was erased: by whom and when, and anonymous counts for insights."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="erasures")
    prospect_ref = models.BigIntegerField(
        help_text="The id they had, so a tool that knew them can forget them too."
    )
    requested_via = models.CharField(max_length=10, choices=ErasureRequest.choices)
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Readable after the user account is gone: who-did-what stays on the record.
    by_name = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=now)
    counts = models.JSONField(
        default=dict, help_text="How many emails, stage moves… they had: numbers only."
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Prospect #{self.prospect_ref} erased {self.at:%Y-%m-%d}"
