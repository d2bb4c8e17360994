"""Workspaces, their team, their stages and tags."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.timezone import now

HEX_COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", "A colour written like #1d5c4a.")


def default_send_days() -> list[int]:
    # ISO weekdays: Tuesday to Thursday, when value-first mail is read, not skimmed.
    return [2, 3, 4]


class Workspace(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    timezone = models.CharField(max_length=64, default="UTC")
    sender_name = models.CharField(max_length=200, blank=True)
    sender_email = models.EmailField(blank=True)
    postal_address = models.TextField(
        blank=True, help_text="Shown in every email footer (required by anti-spam laws)."
    )
    send_days = models.JSONField(
        default=default_send_days, help_text="ISO weekdays nurture email may go out (1 = Monday)."
    )
    send_window_start = models.TimeField(default=datetime.time(9, 0))
    send_window_end = models.TimeField(default=datetime.time(11, 0))
    frequency_cap_days = models.PositiveSmallIntegerField(
        default=3, help_text="At most one nurture email per prospect in this many days."
    )
    value_steps_per_invitation = models.PositiveSmallIntegerField(
        default=3,
        help_text="A sequence needs at least this many Value or Question steps per Invitation.",
    )
    # Branding of the pages prospects see (sign-up, preferences, ask to talk).
    logo_url = models.URLField(
        max_length=500, blank=True, help_text="Shown at the top of your prospect pages (https://…)."
    )
    accent_color = models.CharField(
        "accent colour",
        max_length=7,
        blank=True,
        validators=[HEX_COLOUR],
        help_text="Buttons and links on your prospect pages, e.g. #1d5c4a. A colour too light "
        "to read is darkened on the page.",
    )
    booking_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Your online calendar (Calendly, Cal.com, …), offered to people who ask to talk.",
    )
    embed_origins = models.TextField(
        blank=True,
        help_text="Websites that may show your sign-up form, one per line "
        "(https://www.example.com). Blank: any website.",
    )
    default_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who new sign-ups belong to. Blank: the workspace's first owner.",
    )
    email_signature = models.TextField(
        blank=True,
        help_text="Closes every nurture email, e.g. your name and what you do. Plain text.",
    )
    privacy_url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Your privacy notice, linked from the sign-up page and every email.",
    )
    require_mfa = models.BooleanField(
        "require two-factor sign-in",
        default=False,
        help_text="Everyone in the workspace signs in with a code from an authenticator app too.",
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    COACH = "coach", "Coach"
    ASSISTANT = "assistant", "Assistant"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.COACH)
    joined_at = models.DateTimeField(default=now, editable=False)
    # An email each morning listing the reminders due that day (people/reminders.py).
    morning_digest = models.BooleanField(default=False)
    digest_sent_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "workspace"], name="membership_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace} ({self.get_role_display()})"


class StageKind(models.TextChoices):
    ACTIVE = "active", "Active"
    OUTCOME = "outcome", "Outcome"


class StageKey(models.TextChoices):
    """The stages the product's rules know, whatever a workspace renames them to."""

    NEEDS_HELP = "needs_help", "Needs help"
    EXPLORING = "exploring", "Exploring"
    IN_CONVERSATION = "in_conversation", "In conversation"
    DIAGNOSED = "diagnosed", "Diagnosed"
    READY = "ready", "Ready to invest"
    CLIENT = "client", "Client"
    NOT_NOW = "not_now", "Not now"
    NOT_A_FIT = "not_a_fit", "Not a fit"


class Stage(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=80)
    key = models.CharField(
        max_length=30,
        choices=StageKey.choices,
        blank=True,
        help_text="Which built-in stage this is; blank for a stage the workspace added.",
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=StageKind.choices, default=StageKind.ACTIVE)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["workspace", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "key"], condition=~models.Q(key=""), name="stage_key_once"
            ),
            models.UniqueConstraint(fields=["workspace", "name"], name="stage_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint("workspace", Lower("name"), name="tag_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """An email invitation to work in a workspace; accepting it creates the membership."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.COACH)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)
    sent_at = models.DateTimeField(default=now, help_text="When the latest link was sent.")
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            # Inviting someone again resends the open invitation rather than adding another.
            models.UniqueConstraint(
                "workspace",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} to {self.workspace} ({self.get_role_display()})"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None
