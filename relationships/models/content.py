"""Nurture content: value-first emails and the check that keeps them so."""

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from relationships.models.workspace import Stage, Workspace


class ContentKind(models.TextChoices):
    VALUE = "value", "Value"
    QUESTION = "question", "Question"
    INVITATION = "invitation", "Invitation"


class ContentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class Content(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="contents")
    title = models.CharField(max_length=200)
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Markdown. Merge fields such as {{ first_name }} allowed.")
    kind = models.CharField(
        "type",
        max_length=12,
        choices=ContentKind.choices,
        default=ContentKind.VALUE,
        help_text="Value gives, Question asks and listens, Invitation offers to talk or buy.",
    )
    topics = models.JSONField(default=list, blank=True)
    stages = models.ManyToManyField(Stage, blank=True, related_name="contents")
    status = models.CharField(
        max_length=10, choices=ContentStatus.choices, default=ContentStatus.DRAFT
    )
    check_verdict = models.CharField(max_length=20, blank=True)
    check_score = models.PositiveSmallIntegerField(null=True, blank=True)
    check_result = models.JSONField(default=dict, blank=True, editable=False)
    override_reason = models.TextField(blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    starter_slug = models.SlugField(
        max_length=80, blank=True, help_text="The starter-library email this was copied from."
    )
    created_at = models.DateTimeField(default=now, editable=False)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name_plural = "content"
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "starter_slug"],
                condition=~models.Q(starter_slug=""),
                name="starter_copied_once",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def flags(self) -> list[dict]:
        return self.check_result.get("flags", [])
