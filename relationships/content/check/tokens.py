"""Words tagged with their families, ready for the tactic shapes.

A field's text becomes tokens (words, numbers, amounts, punctuation). Each token is tagged
with the families it belongs to: by its exact form, by its Snowball stem (so a family
written as "close" also tags "closes" and "closing"), by a token pattern (times, amounts),
or as part of a several-word member ("take on"). Punctuation that ends a sentence is STOP,
a comma or dash is COMMA, and the first word of a clause is START.

The tagged tokens are also written as one string, a token per space-ended cell holding its
tags (":QUANTITY:SCARCE_PLACE: "), so a shape compiled to a regular expression
(check/shapes.py) can match a run of tokens in one call.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import Stemmer

from relationships.content.check.lexicon import Lexicon

_TOKEN = re.compile(
    r"(?P<word>[$€£¥]\s?\d[\d,.]*(?<=\d)k?"  # an amount: £4,800, $1.5k
    r"|\d+(?:[.,:]\d+)*[^\W\d_]*%?"  # a number, a time or an ordinal: 1,200, 7am, 12:30, 30th, 50%
    r"|[^\W\d_]+(?:['-][^\W\d_]+)*)"  # a word: don't, hand-picked, twenty-three
    r"|(?P<stop>\n[ \t]*\n|\n[ \t]*(?:[-*+]|\d+[.)])[ \t]|[.!?;:]+)"  # sentence, list item
    r"|(?P<comma>[,()\[\]—–]|\s-\s)"
)


_START = frozenset({"START"})


_STOP_TAGS = frozenset({"STOP"})


_COMMA_TAGS = frozenset({"COMMA"})


_WORDS_REMEMBERED = 50_000


@dataclass(frozen=True)
class Tokens:
    """A field's tokens: spans in the text, tags, and the encoded string shapes match on."""

    spans: list[tuple[int, int]]
    tags: list[frozenset[str]]
    encoded: str
    offsets: list[int]  # where each token's cell starts in `encoded`; one more at the end
    cell_index: dict[int, int]  # cell offset -> token index
    where: dict[str, list[int]]  # family a shape starts on -> indices of its tokens
    # Each token's stem (a word's Snowball stem; a number, amount or punctuation as written).
    stems: list[str]


class Tagger:
    """Tags tokens with a lexicon's families."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._stemmer = Stemmer.Stemmer(lexicon.stemmer)
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._by_stem: dict[str, set[str]] = defaultdict(set)
        # (first word, second word) -> (the words after those, family), longest first.
        self._phrases: dict[
            tuple[tuple[str, str], tuple[str, str]], list[tuple[tuple[tuple[str, str], ...], str]]
        ] = defaultdict(list)
        self._phrase_firsts: set[tuple[str, str]] = set()
        self._patterns = [
            (name, re.compile(rf"(?:{regex})\Z", re.IGNORECASE))
            for name, regex in lexicon.token_families.items()
        ]
        self._stems: dict[str, str] = {}
        self._words: dict[str, tuple[str, frozenset[str], bool]] = {}
        # A tag set's cell in the encoded string and the families shapes start on in it.
        self._cells: dict[frozenset[str], tuple[str, tuple[str, ...]]] = {}
        # The families shapes start on, the only ones `Tokens.where` needs to list.
        self.indexed: frozenset[str] = frozenset()
        for family, members in lexicon.families.items():
            for member in members:
                words = [self._key(word) for word in member.split()]
                if len(words) == 1:
                    kind, key = words[0]
                    (self._exact if kind == "=" else self._by_stem)[key].add(family)
                else:
                    self._phrases[(words[0], words[1])].append((tuple(words[2:]), family))
                    self._phrase_firsts.add(words[0])
        for followers in self._phrases.values():
            followers.sort(key=lambda item: -len(item[0]))

    def _key(self, word: str) -> tuple[str, str]:
        if word.startswith("="):
            return ("=", word[1:].lower())
        return ("~", self.stem(word.lower()))

    def stem(self, lower: str) -> str:
        stem = self._stems.get(lower)
        if stem is None:
            stem = self._stems[lower] = self._stemmer.stemWord(lower)
        return stem

    def families(self) -> set[str]:
        clash = set(self.lexicon.families) & {"STOP", "COMMA", "START"}
        if clash:  # a family named like a punctuation tag would match every sentence end
            raise ValueError(f"Family names reserved for punctuation: {sorted(clash)}")
        return (
            set(self.lexicon.families)
            | set(self.lexicon.token_families)
            | {"STOP", "COMMA", "START"}
        )

    def _word(self, lower: str) -> tuple[str, frozenset[str], bool]:
        """A word's stem, its families and whether a several-word member starts with it;
        remembered, since an email repeats its words and emails share most of them."""
        known = self._words.get(lower)
        if known is None:
            if len(self._words) > _WORDS_REMEMBERED:
                self._words.clear()
                self._cells.clear()
            stem = self.stem(lower) if lower[0].isalpha() else lower
            found = set(self._exact.get(lower, ())) | self._by_stem.get(stem, set())
            found |= {name for name, pattern in self._patterns if pattern.match(lower)}
            starts = ("=", lower) in self._phrase_firsts or ("~", stem) in self._phrase_firsts
            known = self._words[lower] = (stem, frozenset(found), starts)
        return known

    def tokens(self, text: str) -> Tokens:
        spans: list[tuple[int, int]] = []
        tags: list[frozenset[str]] = []
        lowers: list[str] = []
        stems: list[str] = []
        phrase_starts: list[int] = []
        words = self._words
        start_next = True
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters lower-case to two; keep offsets exact
            lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
        for m in _TOKEN.finditer(lowered):
            kind = m.lastgroup
            lower = m.group()
            if kind == "word":
                stem, found, starts = words.get(lower) or self._word(lower)
                if start_next:
                    found = found | _START
                    start_next = False
                if starts:
                    phrase_starts.append(len(tags))
            else:
                stem, found = lower, _STOP_TAGS if kind == "stop" else _COMMA_TAGS
                start_next = True
            lowers.append(lower)
            stems.append(stem)
            spans.append(m.span())
            tags.append(found)
        self._tag_phrases(lowers, stems, tags, phrase_starts)
        return self._encode(spans, tags, stems)

    def _encode(
        self, spans: list[tuple[int, int]], tags: list[frozenset[str]], stems: list[str]
    ) -> Tokens:
        cells = []
        offsets = []
        position = 0
        where: dict[str, list[int]] = defaultdict(list)
        indexed = self.indexed
        for index, found in enumerate(tags):
            known = self._cells.get(found)
            if known is None:
                known = self._cells[found] = (
                    ":" + ":".join(sorted(found)) + ": ",
                    tuple(found & indexed),
                )
            cell, starts = known
            cells.append(cell)
            offsets.append(position)
            position += len(cell)
            for family in starts:
                where[family].append(index)
        offsets.append(position)
        return Tokens(
            spans=spans,
            tags=tags,
            encoded="".join(cells),
            offsets=offsets,
            cell_index={offset: index for index, offset in enumerate(offsets)},
            where=where,
            stems=stems,
        )

    def _tag_phrases(
        self, lowers: list[str], stems: list[str], tags: list[frozenset[str]], starts: list[int]
    ) -> None:
        """Tag several-word members: the first token with the family, the rest with FAMILY~."""
        count = len(lowers)
        for i in starts:
            if i + 1 >= count:
                continue
            for first in (("=", lowers[i]), ("~", stems[i])):
                for second in (("=", lowers[i + 1]), ("~", stems[i + 1])):
                    for followers, family in self._phrases.get((first, second), ()):
                        end = i + 2 + len(followers)
                        if end > count:
                            continue
                        if all(
                            (lowers if kind == "=" else stems)[i + 2 + k] == word
                            for k, (kind, word) in enumerate(followers)
                        ):
                            tags[i] = tags[i] | {family}
                            for k in range(i + 1, end):
                                tags[k] = tags[k] | {family + "~"}
