"""The value-first check: what a nurture email gives, what it asks, and the pressure in it.

`check_content(subject, body, ...)` returns flags that point at exact words, with why and a
kinder rewrite, stats, a score and a verdict. The modules: rules (what is checked and what a
result holds), tactics (a detector per pressure tactic, written in word families), shapes
(the little pattern language they are written in), tokens (words tagged with their
families), lexicon/ (the words of each language: English in en.py), matcher (preparing a
field and finding fixed phrases in scope), readability (stats), verdict (the check itself)
and source (email files with header lines).
"""

from relationships.content.check.rules import (
    CONTENT_TYPES,
    RULES,
    VERDICT_LABELS,
    VERDICTS,
    CheckResult,
    Flag,
    Rule,
    Thresholds,
)
from relationships.content.check.source import EmailSource, parse_email_source
from relationships.content.check.tactics import TACTICS
from relationships.content.check.verdict import check_content, median_check_ms

__all__ = [
    "CONTENT_TYPES",
    "RULES",
    "TACTICS",
    "VERDICTS",
    "VERDICT_LABELS",
    "CheckResult",
    "EmailSource",
    "Flag",
    "Rule",
    "Thresholds",
    "check_content",
    "median_check_ms",
    "parse_email_source",
]
