"""Shapes: patterns over tagged tokens, written in family names.

A shape reads like the sentences it catches: ``ONLY? QUANTITY MORE? _{0,2} SCARCE_PLACE
REMAINING`` is "only two more places left", "just a few seats remaining", "3 spots left".

    FAMILY      one token of the family (or a several-word member of it)
    _           any one token inside the sentence
    ^           the next token starts a clause
    !FAMILY     the next token is not of the family (nothing is consumed)
    ( a | b )   either; ? * + {m,n} repeat what comes before

A shape is compiled once to a regular expression over `Tokens.encoded` and tried only at
the tokens its first family is on, so a 1,000-word email costs a few hundred tries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from relationships.content.check.tokens import Tokens

_PIECE = re.compile(
    r"\s*(?:(?P<family>[A-Z][A-Z0-9_]*)|(?P<any>_)|(?P<start>\^)|!(?P<not>[A-Z][A-Z0-9_]*)"
    r"|(?P<open>\()|(?P<close>\))|(?P<bar>\|)|(?P<repeat>\?|\*|\+|\{\d+,\d+\}))"
)


class ShapeError(ValueError):
    """A shape that can't be compiled (a typo in a detector, found at import)."""


def _cell(family: str) -> str:
    return rf"(?:[^ ]*:{family}:[^ ]* (?:[^ ]*:{family}~:[^ ]* )*)"


_ANY = r"(?:(?![^ ]*:STOP:)[^ ]+ )"


class _Parser:
    def __init__(self, text: str, known: set[str]) -> None:
        self.text = text
        self.known = known
        self.pieces = []
        pos = 0
        while pos < len(text.rstrip()):
            m = _PIECE.match(text, pos)
            if not m:
                raise ShapeError(f"Can't read shape {text!r} at {text[pos:]!r}.")
            self.pieces.append((m.lastgroup, m.group(m.lastgroup)))
            pos = m.end()
        self.at = 0

    def family(self, name: str) -> str:
        if name not in self.known:
            raise ShapeError(f"Shape {self.text!r} names an unknown family {name}.")
        return name

    def peek(self) -> str | None:
        return self.pieces[self.at][0] if self.at < len(self.pieces) else None

    def alternatives(self) -> tuple[str, set[str], bool, set[str]]:
        """Returns (regex, first families, can be empty, families every match has)."""
        regexes, firsts, empty, musts = [], set(), False, []
        while True:
            regex, first, nullable, must = self.sequence()
            regexes.append(regex)
            firsts |= first
            empty |= nullable
            musts.append(must)
            if self.peek() != "bar":
                break
            self.at += 1
        return "(?:" + "|".join(regexes) + ")", firsts, empty, set.intersection(*musts)

    def sequence(self) -> tuple[str, set[str], bool, set[str]]:
        regex, firsts, nullable, must = "", set(), True, set()
        while self.peek() not in (None, "bar", "close"):
            item, first, empty, needs = self.item()
            regex += item
            if nullable:
                firsts |= first
            nullable = nullable and empty
            if not empty:
                must |= needs
        return regex, firsts, nullable, must

    def item(self) -> tuple[str, set[str], bool, set[str]]:
        kind, value = self.pieces[self.at]
        self.at += 1
        if kind == "family":
            regex, first, empty, must = _cell(self.family(value)), {value}, False, {value}
        elif kind == "any":
            regex, first, empty, must = _ANY, {"_"}, False, set()
        elif kind == "start":
            return r"(?=[^ ]*:START:)", set(), True, set()
        elif kind == "not":
            return rf"(?![^ ]*:{self.family(value)}:)", set(), True, set()
        elif kind == "open":
            regex, first, empty, must = self.alternatives()
            if self.peek() != "close":
                raise ShapeError(f"Shape {self.text!r} has an unclosed group.")
            self.at += 1
        else:
            raise ShapeError(f"Shape {self.text!r} has {value!r} where a word should be.")
        if self.peek() == "repeat":
            repeat = self.pieces[self.at][1]
            self.at += 1
            regex += repeat
            empty = empty or repeat in ("?", "*") or repeat.startswith("{0,")
        return regex, first, empty, must


def compile_shape(
    text: str, known: set[str]
) -> tuple[re.Pattern[str], frozenset[str], frozenset[str]]:
    """The regular expression for a shape, the families a match can start on and the families
    every match has (a text without one of them can't match, so the shape isn't tried)."""
    parser = _Parser(text, known)
    regex, firsts, nullable, must = parser.alternatives()
    if parser.at != len(parser.pieces):
        raise ShapeError(f"Shape {text!r} has an unmatched ')'.")
    if nullable or "_" in firsts:
        raise ShapeError(f"Shape {text!r} must start with a family, not '_' or nothing.")
    return re.compile(regex), frozenset(firsts), frozenset(must)


def find(pattern: re.Pattern[str], firsts: Iterable[str], tokens: Tokens) -> list[tuple[int, int]]:
    """Token spans [first, last] where the shape matches, leftmost first, never overlapping."""
    starts = sorted({i for family in firsts for i in tokens.where.get(family, ())})
    found = []
    end = -1
    for index in starts:
        if index <= end:
            continue
        m = pattern.match(tokens.encoded, tokens.offsets[index])
        if m and m.end() > m.start():
            last = tokens.cell_index[m.end()] - 1
            found.append((index, last))
            end = last
    return found
