"""Prospects, how ready each one is, and what the coach learned and logged.

Business rules live in relationships/people/; models hold data, constraints and small derived
properties.
"""

import zoneinfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.timezone import localdate, now

from relationships.models.workspace import Stage, Tag, Workspace


class Consent(models.TextChoices):
    PENDING = "pending", "Pending"
    CONFIRMED = "confirmed", "Confirmed"
    UNSUBSCRIBED = "unsubscribed", "Unsubscribed"
    BOUNCED = "bounced", "Bounced"
    COMPLAINED = "complained", "Complained"


class Prospect(models.Model):
    # No index of its own: every index below starts with the workspace, and each row an
    # index carries is one more entry to write per prospect an import adds (issue 11).
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="prospects", db_index=False
    )
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
        db_index=False,  # prospect_owner below, only over the prospects that have one
    )
    consent = models.CharField(max_length=20, choices=Consent.choices, default=Consent.PENDING)
    consent_note = models.CharField(
        max_length=300, blank=True, help_text="How and when consent was given or withdrawn."
    )
    source = models.CharField(
        max_length=100, blank=True, help_text="Where they came from: referral, event, website…"
    )
    phone = models.CharField(max_length=40, blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="prospects")
    revisit_on = models.DateField(
        null=True, blank=True, help_text="For Not now: when to get back in touch."
    )
    last_touch_at = models.DateTimeField(null=True, blank=True)
    needs_attention = models.BooleanField(default=False)
    attention_reason = models.CharField(max_length=200, blank=True)
    coach_told_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the coach was last emailed that they want to talk or start.",
    )
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
            # Partial: only the rows that have a value are in them (every query on these
            # columns compares a value, which excludes NULL), so the many prospects with
            # neither an owner nor a revisit date, an import's all, cost them nothing.
            models.Index(fields=["owner"], condition=Q(owner__isnull=False), name="prospect_owner"),
            models.Index(
                fields=["revisit_on"],
                condition=Q(revisit_on__isnull=False),
                name="prospect_revisit",
            ),
            # Each page reads the first rows of one of these, never the whole workspace
            # (issue 16). The board: a column's first cards, in the order it shows them.
            models.Index(
                fields=["workspace", "stage", "-needs_attention", "stage_entered_at", "id"],
                name="prospect_board_order",
            ),
            # The source filter's choices (one probe per source) and its counts.
            models.Index(fields=["workspace", "source", "stage"], name="prospect_source"),
            # The list's sorts. "Last touch" (both ways) needs NULLS LAST, which SQLite's
            # CREATE INDEX lacks: migration 0008 makes that one per database, and Today's
            # prospect_waiting (only those waiting, in Today's order) likewise.
            # Also answers (workspace, needs_attention) alone, by its first two columns.
            models.Index(
                "workspace",
                models.F("needs_attention").desc(),
                Lower("name"),
                "id",
                name="prospect_sort_attention",
            ),
            models.Index("workspace", Lower("name"), "id", name="prospect_sort_name"),
            models.Index("workspace", "stage", Lower("name"), "id", name="prospect_sort_stage"),
            models.Index(
                fields=["workspace", "stage_entered_at", "id"], name="prospect_sort_waiting"
            ),
            models.Index(fields=["workspace", "-created_at", "-id"], name="prospect_sort_newest"),
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
    # Indexed by (prospect, at) below, which answers the prospect alone too.
    prospect = models.ForeignKey(
        Prospect, on_delete=models.CASCADE, related_name="stage_changes", db_index=False
    )
    from_stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    to_stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="+")
    actor = models.CharField(max_length=10, choices=Actor.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    user_name = models.CharField(
        max_length=300, blank=True, help_text="Their name, kept here when their account is deleted."
    )
    reason = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-at", "-pk"]
        get_latest_by = "at"
        indexes = [
            models.Index(fields=["prospect", "at"]),
            # Insights count this week's moves live (relationships/insights/rollups.py).
            models.Index(fields=["at"], name="stage_change_at"),
            # For deleting a stage or a user (PROTECT, SET_NULL): only the rows that name
            # one. A first stage (an import's, a sign-up's) has none, nor a system move.
            models.Index(
                fields=["from_stage"],
                condition=Q(from_stage__isnull=False),
                name="stage_change_from",
            ),
            models.Index(
                fields=["user"], condition=Q(user__isnull=False), name="stage_change_user"
            ),
        ]

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
    author_name = models.CharField(
        max_length=300, blank=True, help_text="Their name, kept here when their account is deleted."
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
    author_name = models.CharField(
        max_length=300, blank=True, help_text="Their name, kept here when their account is deleted."
    )

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["prospect", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.prospect.name} on {self.at:%Y-%m-%d}"


class Reminder(models.Model):
    """ "Remind me to check in with Ana on 12 March": a coach's own follow-up, shown on Today."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="reminders")
    prospect = models.ForeignKey(Prospect, on_delete=models.CASCADE, related_name="reminders")
    # Whose reminder it is (and whose morning digest lists it).
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    due_on = models.DateField()
    note = models.CharField(max_length=300)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=now, editable=False)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["workspace", "done_at", "due_on"])]

    def __str__(self) -> str:
        return f"{self.note} ({self.due_on})"
