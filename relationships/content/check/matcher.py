"""Preparing a field (quotes, links, merge fields, clauses, tokens) and finding fixed phrases
fast and in scope: idioms, prices, calls to action, shouting."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from relationships.content.check.lexicon.en import (
    _ACRONYMS,
    _COMMON_SHORT,
    _CTA_PHRASE,
    BUY_CALL,
    CLAUSE_BOUNDARY,
    GREETING,
    LEXICON,
    MENTION,
    NEGATION,
    NEGATION_REACH_WORDS,
    PRICE_MENTION,
    SAYING,
    SPELLING_LANGUAGE,
    SUBJECT_BAIT,
)
from relationships.content.check.rules import EXCERPT_MAX, Flag
from relationships.content.check.tactics import Detectors
from relationships.content.check.tokens import Tokens


class _UnknownStart(Exception):
    """A pattern whose first word can't be read from its parsed form."""


def _first_words(pattern: str) -> set[str] | None:
    """The lowercase literal prefixes every match of `pattern` starts with, up to the end of
    its first word ("#" stands for any digit), or None when that can't be worked out."""
    from re import _constants as c
    from re import _parser

    prefixes: set[str] = set()
    budget = [20_000]  # nested optional groups could multiply the paths; give up instead

    def end_word(acc: str) -> None:
        if not acc:
            raise _UnknownStart
        prefixes.add(acc)

    def walk(items: list, acc: str) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            raise _UnknownStart
        for k, (op, av) in enumerate(items):
            rest = items[k + 1 :]
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue  # zero-width: \b, lookarounds
            if op is c.LITERAL:
                ch = chr(av).lower()
                if not acc and ch.isdigit():
                    return end_word("#")
                if ch.isalnum() or ch in "'-" or (not acc and ch in _CURRENCY):
                    acc += ch
                    if ch in _CURRENCY:
                        return end_word(acc)
                    continue
                return end_word(acc)
            if op is c.SUBPATTERN:
                return walk(list(av[-1]) + rest, acc)
            if op is c.BRANCH:
                for alternative in av[1]:
                    walk(list(alternative) + rest, acc)
                return None
            if op in (c.MAX_REPEAT, c.MIN_REPEAT):
                low, high, sub = av
                if low == 0:
                    walk(rest, acc)
                return walk(list(sub) + (rest if high == 1 else []), acc)
            if op is c.IN and all(o is c.LITERAL for o, _ in av):
                for o, v in av:
                    walk([(o, v), *rest], acc)
                return None
            if op is c.IN and not acc and av == [(c.CATEGORY, c.CATEGORY_DIGIT)]:
                return end_word("#")
            return end_word(acc)
        return end_word(acc)

    try:
        walk(list(_parser.parse(pattern, re.IGNORECASE).data), "")
    except (_UnknownStart, RecursionError):
        return None
    return prefixes


class _Table:
    """A rule's patterns, tried only where one of them can start.

    Scanning one alternation of ~100 patterns tries each of them at every character, about
    35 ms for a 1,000-word email. Instead each pattern's possible first words are read from
    its parsed form at import, and a pattern is tried only at word starts (or currency signs)
    that begin with one of them. Matches are the same as the alternation's: leftmost first,
    then the earliest pattern, never overlapping (tests compare the two).
    """

    def __init__(self, name: str, table: list[tuple[str, str, str]]) -> None:
        self.name = name
        self.patterns = [re.compile(regex, re.IGNORECASE) for regex, _, _ in table]
        self.texts = [(why, suggestion) for _, why, suggestion in table]
        self.everywhere = []
        for index, (regex, _, _) in enumerate(table):
            prefixes = _first_words(regex)
            if prefixes is None:
                self.everywhere.append(index)
                continue
            for prefix in prefixes:
                key = prefix[:_KEY_LENGTH]
                _START_INDEX.setdefault(key, []).append((prefix, self, index))
                _KEY_LENGTHS.add(len(key))

    def matches(self, field: _Field) -> list[tuple[re.Match[str], int]]:
        found = []
        end = 0
        for pos, index in field.candidates(self):
            if pos < end:
                continue
            if m := self.patterns[index].match(field.masked, pos):
                found.append((m, index))
                end = max(m.end(), pos + 1)
        return found


_CURRENCY = "$€£¥₹"


# The first few characters of a first word -> (prefix, table, pattern index).
_KEY_LENGTH = 3


_KEY_LENGTHS: set[int] = set()


_START_INDEX: dict[str, list[tuple[str, _Table, int]]] = {}


# Every pattern starts at a word or a currency sign.
_CANDIDATE_START = re.compile(rf"\b(?=\w)|[{_CURRENCY}]")


# English for now: the tactic detectors with the English word families, and each tactic's
# English idioms.
DETECTORS = Detectors(LEXICON)


_IDIOMS = tuple(_Table(tactic, list(idioms)) for tactic, idioms in LEXICON.idioms.items())


_PRICE = _Table("price", PRICE_MENTION)


_BUY_CALL = _Table("buy-call", BUY_CALL)


_SUBJECT_BAIT = _Table("subject-bait", SUBJECT_BAIT)


# Curly quotes become straight ones; each is one character, so offsets don't move.
_QUOTE_TRANSLATION = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'}
)


_DOUBLE_QUOTED = re.compile(r'"[^"\n]{1,200}"')


# A single-quoted phrase opens after a non-word character and closes before one; inner
# apostrophes ("'don't miss out'") are followed by a letter and so don't close it.
_SINGLE_QUOTED = re.compile(r"(?<!\w)'(?=\w)(?:[^'\n]|'(?=\w)){1,200}?(?<=[\w!?.,])'(?!\w)")


_CLAUSE_BOUNDARY = re.compile(CLAUSE_BOUNDARY, re.IGNORECASE)


_NEGATION = re.compile(NEGATION, re.IGNORECASE)


_MENTION = re.compile(MENTION, re.IGNORECASE)


_SAYING = re.compile(SAYING, re.IGNORECASE)


_WORDS = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


_SENTENCE_END = re.compile(r"[.!?\n]")


@dataclass
class _Field:
    """A subject or body prepared for matching: same length as the original, so spans are exact."""

    name: str
    text: str  # original
    masked: str  # quotes straightened, URLs and merge fields blanked
    quotes: list[tuple[int, int]]
    boundaries: list[int]
    links: list[tuple[int, int, str]]  # (start, end, url) in the original text
    starts: dict  # table -> sorted (position, pattern index) worth trying
    tokens: Tokens

    def candidates(self, table: _Table) -> list[tuple[int, int]]:
        return self.starts.get(table, [])

    def in_quotes(self, pos: int) -> bool:
        return any(start < pos < end for start, end in self.quotes)

    def clause_start(self, pos: int) -> int:
        i = bisect_left(self.boundaries, pos)
        return self.boundaries[i - 1] + 1 if i else 0

    def is_mention(self, start: int) -> bool:
        """True when a match is quoted, denied or given as an example in its clause."""
        if self.in_quotes(start):
            return True
        clause = self.clause_start(start)
        if _MENTION.search(self.masked, clause, start):
            return True
        for m in _NEGATION.finditer(self.masked, clause, start):
            between = self.masked[m.end() : start]
            if len(_WORDS.findall(between)) <= NEGATION_REACH_WORDS or _SAYING.search(between):
                return True
        return False

    def is_question(self, pos: int) -> bool:
        end = _SENTENCE_END.search(self.masked, pos)
        return bool(end) and self.masked[end.start()] == "?"


_MARKDOWN_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


_BARE_URL = re.compile(r"<?\b(?:https?://|www\.)[^\s<>()\[\]]+")


_MERGE_FIELD = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def _blank(chars: list[str], start: int, end: int, fill: str = "") -> None:
    width = end - start
    chars[start:end] = list(fill[:width].ljust(width))


def _prepare(name: str, text: str) -> _Field:
    normalized = text.translate(_QUOTE_TRANSLATION)
    chars = list(normalized)
    links: list[tuple[int, int, str]] = []
    covered: list[tuple[int, int]] = []
    for m in _MARKDOWN_LINK.finditer(normalized):
        covered.append((m.start(), m.end()))
        # Keep the link text (it is prose, e.g. "[book a call]"); blank the target.
        _blank(chars, m.end(2), m.end())
        if m.group(1):  # an image is not a link or a call to action
            _blank(chars, m.start(), m.end())
            continue
        links.append((m.start(), m.end(), m.group(3)))
    for m in _BARE_URL.finditer(normalized):
        if any(s <= m.start() < e for s, e in covered):
            continue
        end = m.end()
        while end > m.start() and normalized[end - 1] in ".,;:!?>'\"":
            end -= 1
        _blank(chars, m.start(), end)
        links.append((m.start(), end, normalized[m.start() : end].lstrip("<")))
    for m in _MERGE_FIELD.finditer(normalized):
        _blank(chars, m.start(), m.end(), "name")
    masked = "".join(chars)
    quotes = [(m.start(), m.end()) for m in _DOUBLE_QUOTED.finditer(masked)]
    quotes += [(m.start(), m.end()) for m in _SINGLE_QUOTED.finditer(masked)]
    boundaries = [m.start() for m in _CLAUSE_BOUNDARY.finditer(masked)]
    links.sort()
    return _Field(
        name,
        text,
        masked,
        quotes,
        boundaries,
        links,
        _candidate_starts(masked),
        DETECTORS.tokens(masked),
    )


# From a word start, the run of characters a pattern's first word can be made of.
_RUN = re.compile(r"[\w'-]*")


_RUN_CANDIDATES: dict[str, list[tuple[_Table, int]]] = {}


_RUNS_REMEMBERED = 50_000


def _run_candidates(run: str) -> list[tuple[_Table, int]]:
    """The (table, pattern) pairs whose first word can start a run; remembered per run."""
    found = _RUN_CANDIDATES.get(run)
    if found is None:
        keys = {run[:n] for n in _KEY_LENGTHS}
        if run[0].isdigit():
            keys.add("#")
        found = [
            (table, index)
            for key in keys
            for prefix, table, index in _START_INDEX.get(key, ())
            if prefix == "#" or run.startswith(prefix)
        ]
        if len(_RUN_CANDIDATES) > _RUNS_REMEMBERED:
            _RUN_CANDIDATES.clear()
        _RUN_CANDIDATES[run] = found
    return found


def _candidate_starts(masked: str) -> dict[_Table, list[tuple[int, int]]]:
    lower = masked.lower()
    if len(lower) != len(masked):  # a few characters lower-case to two; keep offsets exact
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in masked)
    starts: dict[_Table, set[tuple[int, int]]] = {}
    for m in _CANDIDATE_START.finditer(lower):
        pos = m.start()
        run = lower[pos] if lower[pos] in _CURRENCY else _RUN.match(lower, pos).group()
        for table, index in _run_candidates(run):
            starts.setdefault(table, set()).add((pos, index))
    for table in _ALL_TABLES:
        for index in table.everywhere:
            for m in _CANDIDATE_START.finditer(lower):
                starts.setdefault(table, set()).add((m.start(), index))
    return {table: sorted(found) for table, found in starts.items()}


def _excerpt(text: str, start: int, end: int) -> str:
    excerpt = " ".join(text[start:end].split())
    return excerpt if len(excerpt) <= EXCERPT_MAX else excerpt[: EXCERPT_MAX - 1].rstrip() + "…"


def _flag(field: _Field, rule: str, start: int, end: int, why: str, suggestion: str) -> Flag:
    return Flag(rule, start, end, _excerpt(field.text, start, end), why, suggestion, field.name)


def _phrase_flags(field: _Field, table: _Table) -> list[Flag]:
    flags = []
    for m, index in table.matches(field):
        if field.is_mention(m.start()):
            continue
        why, suggestion = table.texts[index]
        flags.append(_flag(field, table.name, m.start(), m.end(), why, suggestion))
    return flags


_SENTENCE = re.compile(r"[^.!?\n]*[^\W_][^.!?\n]*(?:[.!?]+|\n|$)")


_GREETING = re.compile(GREETING, re.IGNORECASE)


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


_CTA = _Table("cta", [(_CTA_PHRASE, "", "")])


_ALL_TABLES = (*_IDIOMS, _PRICE, _BUY_CALL, _SUBJECT_BAIT, _CTA)


def _sentences(field: _Field) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(field.masked) if m.end() > m.start()]


def _opening_end(body: str, fraction: float) -> int:
    """End of the 'opening': the first content paragraph or `fraction` of the body, whichever is
    longer, never more than half the body (a one-paragraph email still has a second half)."""
    length = len(body)
    first_paragraph_end = length
    pos = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(body), None]:
        end = brk.start() if brk else length
        paragraph = body[pos:end]
        if paragraph.strip() and not _GREETING.match(paragraph.strip()):
            first_paragraph_end = end
            break
        pos = brk.end() if brk else length
    return min(max(first_paragraph_end, int(length * fraction)), length // 2 or length)


def _is_clause_start(field: _Field, pos: int) -> bool:
    return not field.masked[field.clause_start(pos) : pos].strip(" \t*_>#-\"'")


def _calls_to_action(field: _Field, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of hard calls to action, one per sentence (a link and its phrase count once)."""
    seen_urls: set[str] = set()
    ctas: list[tuple[int, int]] = []
    phrase_waiting_for_link = False
    phrase_matches = [m for m, _ in _CTA.matches(field)]
    for s_start, s_end in sentences:
        phrases = [
            (m.start("cta"), m.end("cta"))
            for m in phrase_matches
            if s_start <= m.start() < s_end
            # Only imperatives are calls: "Sign up here" is one, "people who sign up" is not.
            if _is_clause_start(field, m.start()) and not field.is_mention(m.start("cta"))
        ]
        links = []
        for start, end, url in field.links:
            key = url.lower().rstrip("/")
            if s_start <= start < s_end and key not in seen_urls:
                seen_urls.add(key)
                links.append((start, end))
        # "Download the worksheet below." followed by the link on its own line is one call.
        if links and not phrases and phrase_waiting_for_link:
            phrase_waiting_for_link = False
            continue
        if phrases or links:
            ctas.append(min(phrases + links))
        phrase_waiting_for_link = bool(phrases) and not links
    return ctas


_CAPS_WORD = re.compile(r"\b[A-Z][A-Z']*[A-Z]\b")


_EXCLAMATION_RUN = re.compile(r"!{2,}|[!?]{3,}")


_EXCLAMATION = re.compile(r"!(?!\[)")


def _is_acronym(word: str) -> bool:
    base = word[:-1] if word.endswith("S") and word[:-1] in _ACRONYMS else word
    if base in _ACRONYMS:
        return True
    return len(word) <= 4 and word not in _COMMON_SHORT


def _named(text: str, word: re.Match[str]) -> bool:
    """A capitalised name spelt out or set in brackets ("STAMMA (the British Stammering
    Association)", "(including ELCAS credits)"), or no English word at all ("HOOPP"): an
    organisation's name, not shouting."""
    after = text[word.end() : word.end() + 3].lstrip(" ")
    line_start = text.rfind("\n", 0, word.start()) + 1
    before = text[line_start : word.start()]
    return (
        after.startswith("(")
        or before.count("(") > before.count(")")
        or word.group().lower().replace("'", "") not in _english_words()
    )


# Words at least this common in the word list's counts are English; rarer ones are names,
# brands and typos. (The list holds 160,000 forms; 47,000 pass.)
_COMMON_WORD_COUNT = 100


@cache
def _english_words() -> frozenset[str]:
    """The language's common words, loaded once, on the first capitalised word met."""
    from spellchecker import SpellChecker

    counts = SpellChecker(language=SPELLING_LANGUAGE, distance=1).word_frequency.dictionary
    return frozenset(word for word, count in counts.items() if count >= _COMMON_WORD_COUNT)


def _shouting_flags(field: _Field) -> list[Flag]:
    why = "All caps reads as shouting."
    suggestion = "Write it in normal case; a short sentence gives emphasis without shouting."
    words = list(_CAPS_WORD.finditer(field.masked))
    runs: list[list[re.Match[str]]] = []
    for m in words:
        if runs and not field.masked[runs[-1][-1].end() : m.start()].strip(" ,:-–—&/"):
            runs[-1].append(m)
        else:
            runs.append([m])
    flags, short_shouts = [], []
    for run in runs:
        shouty = [m for m in run if not _is_acronym(m.group()) and not _named(field.masked, m)]
        # A pushy advert quoted in order to read it isn't the writer shouting.
        if not shouty or field.in_quotes(run[0].start()):
            continue
        if len(run) > 1 or len(shouty[0].group()) >= 5 or field.name == "subject":
            flags.append(_flag(field, "shouting", run[0].start(), run[-1].end(), why, suggestion))
        else:
            short_shouts.append(shouty[0])
    # One emphatic "NOT" is fine; a habit of capitalised words is shouting.
    if len(short_shouts) >= 2:
        flags += [
            _flag(field, "shouting", m.start(), m.end(), why, suggestion) for m in short_shouts
        ]
    return flags


def _exclamation_flags(field: _Field, limit: int | None) -> tuple[list[Flag], int]:
    flags = [
        _flag(
            field,
            "exclamations",
            m.start(),
            m.end(),
            "Stacked exclamation marks read as hype.",
            "Use one full stop; let the content carry the energy.",
        )
        for m in _EXCLAMATION_RUN.finditer(field.masked)
        # an advert's "!!" quoted in order to read it isn't the writer's
        if not field.in_quotes(m.start())
    ]
    marks = list(_EXCLAMATION.finditer(field.masked))
    if limit is not None and len(marks) > limit and not flags:
        m = marks[limit]
        flags.append(
            _flag(
                field,
                "exclamations",
                m.start(),
                m.end(),
                f"{len(marks)} exclamation marks (more than {limit}) sound breathless.",
                "Keep the one or two that matter and end the other sentences calmly.",
            )
        )
    return flags, len(marks)
