"""Word lists per language, apart from the tactic detectors that use them.

The detectors (check/tactics.py) are written in word families — QUANTITY, SCARCE_PLACE,
CLOSE_VERB — and never in words. A language supplies a `Lexicon`: which words belong to each
family (matched by their Snowball stem, so "close" also covers "closes", "closing",
"closed"), the fixed idioms of each tactic as patterns, and the explanations a coach reads.
English is in `en.py`; another language adds a module with the same family names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# A tactic's idioms: (pattern, why, kinder rewrite).
Idiom = tuple[str, str, str]


@dataclass(frozen=True)
class Lexicon:
    language: str
    # The Snowball algorithm that stems this language's words (PyStemmer's name for it).
    stemmer: str
    # Family name -> members. A member is a word (its whole word family, by stem), "=word"
    # (that exact form only) or several words ("take on", "=you're going to").
    families: Mapping[str, tuple[str, ...]]
    # Family name -> a regular expression a whole token matches (times, dates, numbers).
    token_families: Mapping[str, str]
    # Tactic -> its fixed idioms ("last chance"): things said in one set way.
    idioms: Mapping[str, tuple[Idiom, ...]]
    # Tactic or shape name -> (why, kinder rewrite), shown with each flag.
    texts: Mapping[str, tuple[str, str]]
