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
    r"[$€£¥]\s?\d[\d,.]*(?<=\d)k?"  # an amount: £4,800, $1.5k
    r"|\d+(?:[.,:]\d+)*[^\W\d_]*%?"  # a number, a time or an ordinal: 1,200, 7am, 12:30, 30th, 50%
    r"|[^\W\d_]+(?:['-][^\W\d_]+)*"  # a word: don't, hand-picked, twenty-three
    r"|\n[ \t]*\n|\n[ \t]*(?:[-*+]|\d+[.)])[ \t]"  # a paragraph break or a list item
    r"|[.!?;:]+|[,()\[\]—–]|\s-\s"
)


_STOP = re.compile(r"\n|[.!?;:]")


_COMMA = re.compile(r"[,()\[\]—–]|\s-\s")


@dataclass(frozen=True)
class Tokens:
    """A field's tokens: spans in the text, tags, and the encoded string shapes match on."""

    spans: list[tuple[int, int]]
    tags: list[frozenset[str]]
    encoded: str
    offsets: list[int]  # where each token's cell starts in `encoded`; one more at the end
    cell_index: dict[int, int]  # cell offset -> token index
    where: dict[str, list[int]]  # family -> indices of the tokens it starts on


class Tagger:
    """Tags tokens with a lexicon's families."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._stemmer = Stemmer.Stemmer(lexicon.stemmer)
        self._exact: dict[str, set[str]] = defaultdict(set)
        self._by_stem: dict[str, set[str]] = defaultdict(set)
        # First word -> (the words that follow, family), longest first.
        self._phrases: dict[tuple[str, str], list[tuple[tuple[tuple[str, str], ...], str]]] = (
            defaultdict(list)
        )
        self._patterns = [
            (name, re.compile(rf"(?:{regex})\Z", re.IGNORECASE))
            for name, regex in lexicon.token_families.items()
        ]
        self._stems: dict[str, str] = {}
        for family, members in lexicon.families.items():
            for member in members:
                words = [self._key(word) for word in member.split()]
                if len(words) == 1:
                    kind, key = words[0]
                    (self._exact if kind == "=" else self._by_stem)[key].add(family)
                else:
                    self._phrases[words[0]].append((tuple(words[1:]), family))
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
        return (
            set(self.lexicon.families)
            | set(self.lexicon.token_families)
            | {"STOP", "COMMA", "START"}
        )

    def tokens(self, text: str) -> Tokens:
        spans: list[tuple[int, int]] = []
        tags: list[set[str]] = []
        lowers: list[str] = []
        stems: list[str] = []
        start_next = True
        for m in _TOKEN.finditer(text):
            token = m.group()
            lower = token.lower()
            found: set[str] = set()
            if _STOP.match(token):
                found.add("STOP")
            elif _COMMA.match(token):
                found.add("COMMA")
            else:
                if start_next:
                    found.add("START")
                found |= self._exact.get(lower, set())
                stem = self.stem(lower) if lower[0].isalpha() else lower
                found |= self._by_stem.get(stem, set())
                for name, pattern in self._patterns:
                    if pattern.match(lower):
                        found.add(name)
                lowers.append(lower)
                stems.append(stem)
                spans.append(m.span())
                tags.append(found)
                start_next = False
                continue
            lowers.append(lower)
            stems.append(lower)
            spans.append(m.span())
            tags.append(found)
            start_next = True
        self._tag_phrases(lowers, stems, tags)
        return _encode(spans, tags)

    def _tag_phrases(self, lowers: list[str], stems: list[str], tags: list[set[str]]) -> None:
        """Tag several-word members: the first token with the family, the rest with FAMILY~."""
        count = len(lowers)
        for i in range(count):
            for key in (("=", lowers[i]), ("~", stems[i])):
                for followers, family in self._phrases.get(key, ()):
                    end = i + 1 + len(followers)
                    if end > count:
                        continue
                    if all(
                        (lowers if kind == "=" else stems)[i + 1 + k] == word
                        for k, (kind, word) in enumerate(followers)
                    ):
                        tags[i].add(family)
                        for k in range(i + 1, end):
                            tags[k].add(family + "~")


def _encode(spans: list[tuple[int, int]], tags: list[set[str]]) -> Tokens:
    cells = [":" + ":".join(sorted(found)) + ": " for found in tags]
    offsets = []
    position = 0
    for cell in cells:
        offsets.append(position)
        position += len(cell)
    offsets.append(position)
    where: dict[str, list[int]] = defaultdict(list)
    for index, found in enumerate(tags):
        for family in found:
            where[family].append(index)
    return Tokens(
        spans=spans,
        tags=[frozenset(found) for found in tags],
        encoded="".join(cells),
        offsets=offsets,
        cell_index={offset: index for index, offset in enumerate(offsets)},
        where=dict(where),
    )
