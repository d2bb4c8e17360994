"""The check's rules, limits and what it returns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

CONTENT_TYPES = ("value", "question", "invitation")


VERDICTS = ("value-first", "needs-work", "pitch")
VERDICT_LABELS = {"value-first": "Value-first", "needs-work": "Needs work", "pitch": "Pitch"}


# A rule's weight counts for at most this many hits in the score.
MAX_COUNTED_HITS = 2


EXCERPT_MAX = 80


@dataclass(frozen=True)
class Rule:
    name: str
    weight: int
    severe: bool
    title: str


# The pressure tactics (check/tactics.py) are rules of their own, then what else makes an
# email less than value-first.
RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule("false-urgency", 30, True, "False urgency"),
        Rule("false-scarcity", 30, True, "False scarcity"),
        Rule("fake-familiarity", 30, True, "Fake familiarity"),
        Rule("assumptive-close", 30, True, "Assumes a yes"),
        Rule("exclusivity", 25, True, "Insider exclusivity"),
        Rule("guilt-shame", 30, True, "Guilt or shame"),
        Rule("fear-of-loss", 30, True, "Fear of loss"),
        Rule("social-proof-pressure", 25, True, "Social proof as pressure"),
        Rule("price-anchoring", 25, True, "Price anchor or discount"),
        Rule("guaranteed-outcome", 30, True, "Guaranteed outcome"),
        Rule("hype", 25, True, "Hype"),
        Rule("price-first", 25, True, "Price before value"),
        Rule("buy-call", 30, True, "Selling in a Value or Question email"),
        Rule("subject-bait", 25, True, "Baiting subject line"),
        Rule("shouting", 10, False, "All caps"),
        Rule("exclamations", 10, False, "Exclamation marks"),
        Rule("cta-count", 10, False, "More than one call to action"),
        Rule("self-focus", 8, False, "More about us than about them"),
        Rule("reading-level", 6, False, "Hard to read"),
        Rule("no-question", 8, False, "A Question email that asks nothing"),
    )
}


@dataclass(frozen=True)
class Thresholds:
    """Limits for the stats-based flags and the verdict. Defaults suit a 150-400 word email."""

    max_ctas: int = 1
    max_exclamations: int = 3
    min_you_ratio: float = 0.3
    # Self-focus needs I/we talk that is frequent (a share of all words), not just a few
    # sentences of a personal story.
    min_i_we_words: int = 10
    min_i_we_share: float = 0.1
    max_reading_grade: float = 12.0
    # Reading level is noise on very short texts.
    min_words_for_reading_level: int = 40
    opening_fraction: float = 0.2
    pitch_severe_weight: int = 50
    pitch_below_score: int = 50
    # How the verdict weighs pressure with what the email gives and asks: an email that
    # asks for a yes or money adds this to its pressure, one that gives nothing (no
    # question, tool or story) adds the second, one that gives two or more takes the third
    # off (never below one flag's weight).
    asks_weight: int = 20
    gives_nothing_weight: int = 10
    gives_much_relief: int = 10

    @classmethod
    def with_overrides(cls, overrides: dict[str, Any]) -> Thresholds:
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(overrides) - set(known))
        if unknown:
            raise ValueError(
                f"Unknown content check threshold(s): {', '.join(unknown)}. "
                f"Known: {', '.join(known)}."
            )
        defaults = cls()
        values = {name: type(getattr(defaults, name))(value) for name, value in overrides.items()}
        return cls(**values)

    @classmethod
    def from_settings(cls) -> Thresholds:
        """Defaults overridden by ``settings.BRIDGE_CONTENT_CHECK`` (a dict), if configured."""
        try:
            from django.conf import settings
            from django.core.exceptions import ImproperlyConfigured
        except ImportError:  # pragma: no cover - Django is a dependency
            return cls()
        try:
            overrides = getattr(settings, "BRIDGE_CONTENT_CHECK", None) or {}
        except ImproperlyConfigured:
            overrides = {}
        return cls.with_overrides(dict(overrides))


@dataclass(frozen=True)
class Flag:
    rule: str
    start: int
    end: int
    excerpt: str
    why: str
    suggestion: str
    field: str  # "subject" or "body"


@dataclass(frozen=True)
class CheckResult:
    verdict: str
    score: int
    flags: list[Flag]
    stats: dict  # words, you/I-we talk, questions, links, calls to action, gives, asks, ...

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "score": self.score,
            "flags": [asdict(flag) for flag in self.flags],
            "stats": dict(self.stats),
        }
