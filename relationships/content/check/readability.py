"""Words, you/I talk, questions and reading grade."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,]\d+)*")


_YOU = re.compile(r"\byou(?:rs?|rself|rselves)?\b", re.IGNORECASE)


_I_WE = re.compile(r"\b(?:I|me|my|mine|myself|we|us|our|ours|ourselves)\b", re.IGNORECASE)


_QUESTION = re.compile(r"\?+")


_VOWEL_GROUPS = re.compile(r"[aeiouy]+")


_SILENT_ENDING = re.compile(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$")


@lru_cache(maxsize=8192)
def _syllables(word: str) -> int:
    word = word.lower().replace("'", "")
    if len(word) <= 3:
        return 1
    word = _SILENT_ENDING.sub(lambda m: m.group()[0], word)
    return max(1, len(_VOWEL_GROUPS.findall(word.lstrip("y"))))


def _grade(words: list[str], sentence_count: int) -> float:
    if not words or not sentence_count:
        return 0.0
    syllables = sum(_syllables(w) for w in words)
    grade = 0.39 * len(words) / sentence_count + 11.8 * syllables / len(words) - 15.59
    return round(max(grade, 0.0), 1)
