"""Workspaces, prospects and how ready each one is.

Business rules live in the service modules (stages.py, prospects.py, ...);
models hold data, constraints and small derived properties.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.timezone import localdate, now

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


class Consent(models.TextChoices):
    PENDING = "pending", "Pending"
    CONFIRMED = "confirmed", "Confirmed"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
    BOUNCED = "bounced", "Bounced"
    COMPLAINED = "complained", "Complained"


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


class Prospect(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="prospects")
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    timezone = models.CharField(
        max_length=64,
        blank=True,
        help_text="IANA name, e.g. Europe/Berlin. Blank: the workspace's.",
    )
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="prospects")
    stage_entered_at = models.DateTimeField(default=now)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_prospects",
    )
    consent = models.CharField(max_length=20, choices=Consent.choices, default=Consent.PENDING)
    consent_note = models.CharField(
        max_length=300, blank=True, help_text="How and when consent was given or withdrawn."
    )
    source = models.CharField(
        max_length=100, blank=True, help_text="Where they came from: referral, event, website…"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="prospects")
    revisit_on = models.DateField(
        null=True, blank=True, help_text="For Not now: when to get back in touch."
    )
    last_touch_at = models.DateTimeField(null=True, blank=True)
    needs_attention = models.BooleanField(default=False)
    attention_reason = models.CharField(max_length=200, blank=True)
    nurture_spacing = models.PositiveSmallIntegerField(
        default=1, help_text="Multiplies the frequency cap: 2 after they asked for less email."
    )
    diagnose_next = models.BooleanField(
        default=False, help_text="They declared themselves ready before a diagnosis was recorded."
    )
    # Their own choices, from the sign-up form and the preference center.
    help_request = models.TextField(
        blank=True, help_text="What they'd like help with, in their own words, when they signed up."
    )
    muted_topics = models.JSONField(
        default=list, blank=True, help_text="Topics they chose not to receive email about."
    )
    paused_until = models.DateField(
        null=True, blank=True, help_text="They paused nurture email until this day."
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint("workspace", Lower("email"), name="prospect_email_once"),
        ]
        indexes = [
            models.Index(fields=["workspace", "stage"]),
            models.Index(fields=["workspace", "needs_attention"]),
            models.Index(fields=["revisit_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else ""

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone or self.workspace.timezone)


class Actor(models.TextChoices):
    COACH = "coach", "Coach"
    PROSPECT = "prospect", "Prospect"
    SYSTEM = "system", "System"


class StageChange(models.Model):
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    actor = models.CharField(max_length=10, choices=Actor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-at", "-pk"]
        get_latest_by = "at"
        indexes = [models.Index(fields=["prospect", "at"])]

    def __str__(self) -> str:
        origin = self.from_stage or "start"
        return f"{self.prospect.name}: {origin} → {self.to_stage} ({self.get_actor_display()})"


class Diagnosis(models.Model):
    """What the coach learned by listening. The latest one is the one that counts."""

    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="diagnoses")
    current_situation = models.TextField(help_text="What's going on for them now.")
    desired_outcome = models.TextField(help_text="What would be different if it were solved.")
    constraints = models.TextField(blank=True, help_text="What's in the way: time, money, people.")
    priorities = models.TextField(blank=True, help_text="What matters most to them right now.")
    own_words = models.TextField(blank=True, help_text="Their own words, quoted.")
    diagnosed_on = models.DateField(default=localdate)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["-diagnosed_on", "-created_at", "-pk"]
        get_latest_by = ["diagnosed_on", "created_at", "pk"]
        verbose_name_plural = "diagnoses"

    def __str__(self) -> str:
        return f"Diagnosis of {self.prospect.name} on {self.diagnosed_on}"


class InteractionKind(models.TextChoices):
    CALL = "call", "Call"
    MEETING = "meeting", "Meeting"
    EMAIL_IN = "email_in", "Email from them"
    EMAIL_OUT = "email_out", "Email to them"
    NOTE = "note", "Note"


class Interaction(models.Model):
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(max_length=20, choices=InteractionKind.choices)
    summary = models.TextField()
    at = models.DateTimeField(default=now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["prospect", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.prospect.name} on {self.at:%Y-%m-%d}"


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
