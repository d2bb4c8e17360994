"""The check: flags, stats, a score and a verdict that weighs pressure against what the
email gives and asks."""

from __future__ import annotations

import re
import statistics
import time
from bisect import bisect_left, bisect_right
from collections import Counter
from functools import lru_cache

from relationships.content.check.lexicon.en import (
    _CHECKOUT_URL,
    _FAKE_REPLY,
    _REPLY_REQUEST,
    AMOUNT_START,
    APPROXIMATE_BEFORE,
    ASKS_COMMITMENT,
    CONDITIONAL_BEFORE,
    DISOWNED,
    EXTERNAL_DEADLINE,
    GIVES,
    IN_PASSING,
    LEXICON,
    LOOSE_ENDS,
    MADE_TO_BEFORE,
    NO_HURRY,
    OTHERS_PLACES,
    PAST_DATED,
    PAST_TENSE_PRICE,
    PRESENT_PRICE,
    PROMISE_MADE,
    PROMISED_IN_WRITING,
    RANGE_AFTER,
    RANGE_BEFORE,
    READERS_OWN,
    SELF_QUESTION,
    SELLERS_OWN,
    SOMEONE_ELSES_MONEY,
    SUBJECT_TOPIC_AFTER,
    WRITER_IN_SENTENCE,
    WRITER_WOULD_HAVE_BEFORE,
    WRITERS_OWN_PAST,
    WRITERS_SPENDING,
)
from relationships.content.check.matcher import (
    _BUY_CALL,
    _EXCLAMATION,
    _IDIOMS,
    _PRICE,
    _SUBJECT_BAIT,
    DETECTORS,
    _calls_to_action,
    _exclamation_flags,
    _Field,
    _flag,
    _opening_end,
    _phrase_flags,
    _prepare,
    _sentences,
    _shouting_flags,
)
from relationships.content.check.readability import (
    _I_WE,
    _QUESTION,
    _WORD,
    _YOU,
    _grade,
)
from relationships.content.check.rules import (
    CONTENT_TYPES,
    MAX_COUNTED_HITS,
    RULES,
    CheckResult,
    Flag,
    Thresholds,
)
from relationships.content.check.sentences import Reader, model_for
from relationships.content.check.tactics import OFFER, TACTICS, Hit, hedged

_GIVES = {name: re.compile(regex, re.IGNORECASE) for name, regex in GIVES.items()}


_ASKS_COMMITMENT = re.compile(ASKS_COMMITMENT, re.IGNORECASE)


_SUBJECT_TOPIC_AFTER = re.compile(SUBJECT_TOPIC_AFTER, re.IGNORECASE)
_SELF_QUESTION = re.compile(SELF_QUESTION, re.IGNORECASE)
_EXTERNAL_DEADLINE = re.compile(EXTERNAL_DEADLINE, re.IGNORECASE)
_READERS_OWN = re.compile(READERS_OWN, re.IGNORECASE)
_NO_HURRY = re.compile(NO_HURRY, re.IGNORECASE)
_OTHERS_PLACES = re.compile(OTHERS_PLACES, re.IGNORECASE)
_CONDITIONAL_BEFORE = re.compile(CONDITIONAL_BEFORE, re.IGNORECASE)
_MADE_TO_BEFORE = re.compile(MADE_TO_BEFORE, re.IGNORECASE)
_WRITER_WOULD_HAVE_BEFORE = re.compile(WRITER_WOULD_HAVE_BEFORE, re.IGNORECASE)
_SELLERS_OWN = re.compile(SELLERS_OWN, re.IGNORECASE)
_SOMEONE_ELSES_MONEY = re.compile(SOMEONE_ELSES_MONEY, re.IGNORECASE)
_WRITER_IN_SENTENCE = re.compile(WRITER_IN_SENTENCE, re.IGNORECASE)
_WRITERS_SPENDING = re.compile(WRITERS_SPENDING, re.IGNORECASE)
_APPROXIMATE_BEFORE = re.compile(APPROXIMATE_BEFORE, re.IGNORECASE)
_RANGE_AFTER = re.compile(RANGE_AFTER, re.IGNORECASE)
_RANGE_BEFORE = re.compile(RANGE_BEFORE)
_AMOUNT_AT = re.compile(AMOUNT_START)
_WRITERS_OWN_PAST = re.compile(WRITERS_OWN_PAST, re.IGNORECASE)
_DISOWNED = re.compile(DISOWNED, re.IGNORECASE)
_PROMISED_IN_WRITING = re.compile(PROMISED_IN_WRITING, re.IGNORECASE)
_PROMISE_MADE = re.compile(PROMISE_MADE, re.IGNORECASE)
_IN_PASSING = re.compile(IN_PASSING, re.IGNORECASE)
_PAST_DATED = re.compile(PAST_DATED, re.IGNORECASE)
_PAST_TENSE_PRICE = re.compile(PAST_TENSE_PRICE, re.IGNORECASE)
_PRESENT_PRICE = re.compile(PRESENT_PRICE, re.IGNORECASE)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


_TACTICS_THAT_SELL = 3


# The sentence model reads an email on once the detectors have found this many tactics in it.
# One tactic is often an honest date or a single slip (a borderline email needs work, it is
# not a pitch); two are an email that presses.
_TACTICS_BEFORE_READING = 2


# A list item that opens on a quotation takes it apart ("- "Only for select investors" — a
# way of making you feel chosen"): its words are weighed, not used.
_LIST_ITEM_ON_A_QUOTE = re.compile(r"[ \t]*(?:[-*+•]|\d+[.)])[ \t]+[\"“]")


_BARE_PRICE = "price-anchoring.broad-amount"


_ASKED_IN_A_SUBJECT = frozenset({"false-urgency", "fear-of-loss"})


def check_content(
    subject: str,
    body: str,
    *,
    content_type: str = "value",
    is_first_email: bool = False,
    after_conversation: bool = False,
    thresholds: Thresholds | None = None,
) -> CheckResult:
    """Check one nurture email for pitch pressure. Deterministic; see the package docstring.

    What only the sequence and the content's stages know: `is_first_email`, nothing was
    sent to this reader before it, so a 'Re:' subject or a follow-up on an earlier email is
    made up; `after_conversation`, everyone it goes to has talked with the coach (it serves
    only stages from "In conversation" on), so recalling that conversation is honest.
    """
    if content_type not in CONTENT_TYPES:
        raise ValueError(
            f"Unknown content type {content_type!r}; use one of {', '.join(CONTENT_TYPES)}."
        )
    limits = thresholds or Thresholds.from_settings()
    subject_field = _prepare("subject", subject or "")
    body_field = _prepare("body", body or "")
    selling_not_allowed = content_type in ("value", "question")
    flags: list[Flag] = []

    conditional: list[Flag] = []
    broad: list[Flag] = []  # flags that count only in an email that sells something
    bare_prices: list[Flag] = []  # prices that count only beside another tactic
    sells = False
    for field in (subject_field, body_field):
        for table in _IDIOMS:
            flags += [
                flag
                for flag in _phrase_flags(field, table)
                # "Pretty much guaranteed" is hedged; a guarantee has no "probably".
                if (flag.rule != "guaranteed-outcome" or not _hedged_at(field, flag.start))
                # "$200 off" on what the writer once bought is their history, not a discount.
                and (flag.rule != "price-anchoring" or not _someone_elses_money(field, flag.start))
                # A subject that asks "Act now, or not at all?" names the topic; it doesn't
                # hurry anyone.
                and not (
                    field is subject_field
                    and flag.rule in _ASKED_IN_A_SUBJECT
                    and field.is_question(flag.start)
                )
            ]
        hits = DETECTORS.find(
            field.name,
            field.tokens,
            is_first_email=is_first_email,
            after_conversation=after_conversation,
            is_quoted=field.in_quotes,
            is_mention=field.is_mention,
            is_question=field.is_question,
        )
        anchors = [h for h in hits if h.shape == "price-anchoring.anchor"]
        hits += DETECTORS.price_pairs(field.tokens, anchors)
        for hit in hits:
            if hit.tactic == "price-anchoring" and (
                _someone_elses_money(field, hit.start) or _in_passing(field, hit.start)
            ):
                continue
            if hit.tactic == OFFER:
                sells = True
            elif hit.with_tactic:
                conditional.append(_tactic_flag(field, hit))
            elif hit.needs_offer:
                flag = _tactic_flag(field, hit)
                (bare_prices if hit.shape == _BARE_PRICE else broad).append(flag)
            else:
                flags.append(_tactic_flag(field, hit))
        flags += _shouting_flags(field)
        flags += _exclamation_flags(
            field, limits.max_exclamations if field is body_field else None
        )[0]
    tactics_found = {flag.rule for flag in flags}
    flags += [flag for flag in conditional if flag.rule in tactics_found]

    if is_first_email and (m := _FAKE_REPLY.match(subject_field.text)):
        flags.append(
            _tactic_flag(
                subject_field,
                Hit("fake-familiarity", "familiarity.reply-subject", m.start(), m.end()),
            )
        )

    # A price named in the subject or the opening comes before the value.
    opening_end = _opening_end(body_field.masked, limits.opening_fraction)
    price_mentions = 0
    for field in (subject_field, body_field):
        for m, index in _PRICE.matches(field):
            if (
                field.is_mention(m.start())
                or _someone_elses_money(field, m.start())
                or _in_passing(field, m.start())
            ):
                continue
            price_mentions += 1
            if field is subject_field or m.start() < opening_end:
                why, suggestion = _PRICE.texts[index]
                flags.append(_flag(field, "price-first", m.start(), m.end(), why, suggestion))

    # Words weighed rather than used (a reader's own limit, an outside body's deadline) are
    # no pressure, so they can't make the email count as selling either.
    flags = [f for f in flags if not _weighed_not_used(f, subject_field, body_field)]
    sentences = _sentences(body_field)
    sells = (
        sells
        or price_mentions > 0
        # Three tactics in one email are a pitch even before it names its offer.
        or len({f.rule for f in broad if not _weighed_not_used(f, subject_field, body_field)})
        >= _TACTICS_THAT_SELL
        or any(flag.rule in TACTICS for flag in flags)
        or any(_CHECKOUT_URL.search(url) for _, _, url in body_field.links)
    )

    if sells:
        flags += _not_overlapping(broad, flags)
        # A price said plainly is part of the push only beside another tactic.
        if any(f.rule in TACTICS and f.rule != "price-anchoring" for f in flags):
            flags += _not_overlapping(bare_prices, flags)
        # The model reads on only where a detector has found pressure: an honest invitation
        # with its price and date is selling, and calm.
        if len({f.rule for f in flags if f.rule in TACTICS}) >= _TACTICS_BEFORE_READING:
            flags += _read_flags(subject_field, body_field, sentences, flags)
    if selling_not_allowed:
        for field in (subject_field, body_field):
            flags += [f for f in _phrase_flags(field, _BUY_CALL) if not _buy_as_advice(field, f)]
        asks = [f.start for f in flags if f.rule == "buy-call" and f.field == "body"]
        for start, end, url in body_field.links:
            # "Book a call: <booking link>" is one ask, already flagged by its words.
            sentence = next(((s, e) for s, e in sentences if s <= start < e), (start, end))
            if _CHECKOUT_URL.search(url) and not any(sentence[0] <= a < sentence[1] for a in asks):
                flags.append(
                    _flag(
                        body_field,
                        "buy-call",
                        start,
                        end,
                        "A booking or checkout link in a Value or Question email is a sales ask.",
                        "Remove the link; if they'd like to talk, they can reply.",
                    )
                )

    flags += [
        f
        for f in _phrase_flags(subject_field, _SUBJECT_BAIT)
        # "Urgent vs important" names the topic it compares.
        if not _SUBJECT_TOPIC_AFTER.match(subject_field.text, f.end)
    ]

    ctas = _calls_to_action(body_field, sentences)
    for start, end in ctas[limits.max_ctas :]:
        flags.append(
            _flag(
                body_field,
                "cta-count",
                start,
                end,
                f"This email asks for {len(ctas)} actions; more than {limits.max_ctas} "
                "splits attention.",
                "Keep the one next step that matters most and cut the others.",
            )
        )

    stats = _stats(body_field, sentences, ctas)
    flags += _stats_flags(body_field, sentences, stats, content_type, limits)
    flags = [f for f in flags if not _weighed_not_used(f, subject_field, body_field)]
    flags = _dedupe(flags)
    stats["gives"] = _gives(body_field, stats)
    stats["asks"] = _asks(body_field, flags, stats, price_mentions)
    return _verdict(flags, stats, content_type, limits)


def _not_overlapping(extra: list[Flag], flags: list[Flag]) -> list[Flag]:
    """The broad flags not on the words a precise flag of their tactic already points at."""
    return [
        f
        for f in extra
        if not any(
            k.rule == f.rule and k.field == f.field and k.start < f.end and f.start < k.end
            for k in flags
        )
    ]


def _read_flags(
    subject: _Field, body: _Field, sentences: list[tuple[int, int]], flags: list[Flag]
) -> list[Flag]:
    """Sentences the sentence model reads as pressure. Where detectors already flagged part
    of one, the longest stretch they left is read again on its own, and flagged only if it
    presses by itself, as a tactic not yet named there. A quoted line is someone else's."""
    model = model_for(LEXICON.language)
    if model is None:
        return []
    found = []
    for field, spans in ((subject, [(0, len(subject.masked))]), (body, sentences)):
        reader = Reader(model, field.tokens, field.masked, subject=field is subject)
        for start, end in spans:
            pressed = reader.pressed(start, end)
            if pressed is None or _mostly_quoted(field, pressed.start, pressed.end):
                continue
            here = [
                f
                for f in flags
                if f.rule in TACTICS
                and f.field == field.name
                and f.start < pressed.end
                and pressed.start < f.end
            ]
            if here:
                stretch = _longest_free(
                    field.masked, pressed.start, pressed.end, [(f.start, f.end) for f in here]
                )
                if stretch is None:
                    continue
                pressed = reader.pressed(*stretch)
                if pressed is None:
                    continue
            tactic, weighing = reader.named(pressed, excluding={f.rule for f in here})
            why, suggestion = LEXICON.texts[tactic]
            words = ", ".join(f"“{w}”" for w in weighing)
            why += " Read by the sentence model" + (
                f"; the words that weigh most: {words}." if words else "."
            )
            found.append(_flag(field, tactic, pressed.start, pressed.end, why, suggestion))
    return found


def _mostly_quoted(field: _Field, start: int, end: int) -> bool:
    quoted = sum(max(0, min(e, end) - max(s, start)) for s, e in field.quotes)
    return quoted * 2 >= end - start


_FREE_WORDS = 3


_LOOSE_ENDS = re.compile(LOOSE_ENDS, re.IGNORECASE)


def _longest_free(
    text: str, start: int, end: int, taken: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The longest stretch of text[start:end] outside the `taken` spans, trimmed to its
    words; None when no stretch holds `_FREE_WORDS` words."""
    best = None
    cursor = start
    for s, e in [*sorted(taken), (end, end)]:
        if s > cursor:
            piece = text[cursor : min(s, end)]
            stripped = _LOOSE_ENDS.sub("", piece)
            if len(_WORD.findall(stripped)) >= _FREE_WORDS and (
                best is None or len(stripped) > best[1] - best[0]
            ):
                at = cursor + piece.index(stripped)
                best = (at, at + len(stripped))
        cursor = max(cursor, e)
    return best


def _sentence_at(field: _Field, pos: int) -> tuple[int, int]:
    text = field.masked
    start = max(text.rfind(c, 0, pos) for c in ".!?\n") + 1
    ends = [i for i in (text.find(c, pos) for c in ".!?\n") if i >= 0]
    return start, min(ends) if ends else len(text)


def _someone_elses_money(field: _Field, pos: int) -> bool:
    """A price that isn't the writer's to sell: an amount given roughly or as a range (what
    things cost in the world), what the writer spent, somebody else's money in its sentence
    (and nothing of the writer's own), or asked about in a question the writer asks
    themselves."""
    start, end = _sentence_at(field, pos)
    if field.is_question(pos) and _SELF_QUESTION.match(field.masked, start):
        return True
    amount = _AMOUNT_AT.search(field.masked, pos, end)
    if amount and (
        _APPROXIMATE_BEFORE.search(field.masked[start : amount.start()])
        or _RANGE_BEFORE.search(field.masked[start : amount.start()])
        or _RANGE_AFTER.match(field.masked[amount.start() + 1 : end])
    ):
        return True
    sentence = field.masked[start:end]
    if _WRITERS_SPENDING.search(sentence):
        return True
    # a price of the past, told as history, with no price now beside it
    if (
        _PAST_DATED.search(sentence)
        and _PAST_TENSE_PRICE.search(sentence)
        and not _PRESENT_PRICE.search(sentence)
    ):
        return True
    return bool(_SOMEONE_ELSES_MONEY.search(sentence)) and not _WRITER_IN_SENTENCE.search(sentence)


def _in_passing(field: _Field, pos: int) -> bool:
    """A price offered in passing: in the body's last paragraph, in a sentence that leaves
    the reader free to ignore it ("if it's ever useful", "if you'd ever like help")."""
    if field.name != "body":
        return False
    text = field.masked
    end = len(text.rstrip())
    if pos < _paragraph_start(text, end):
        return False
    start, stop = _sentence_at(field, pos)
    return bool(_IN_PASSING.search(text[start:stop]))


def _buy_as_advice(field: _Field, flag: Flag) -> bool:
    """A buy word in a question, or after an "if" in a sentence that names nothing of the
    writer's own, is advice about buying, not an ask."""
    start, end = _sentence_at(field, flag.start)
    if field.is_question(flag.start):
        return True
    before = field.masked[start : flag.start]
    if _MADE_TO_BEFORE.search(before):  # "coaches make you book a call": others' practice
        return True
    if _WRITER_WOULD_HAVE_BEFORE.search(before):  # "I'd have sold my house to buy it"
        return True
    return bool(_CONDITIONAL_BEFORE.search(before)) and not _SELLERS_OWN.search(
        field.masked[start:end]
    )


def _weighed_not_used(flag: Flag, subject: _Field, body: _Field) -> bool:
    """Pressure words an email weighs rather than uses: a question the writer asks
    themselves, the reader's own capacity in advice to a coach or somebody else's places,
    an outside body's deadline (in its own sentence, or its date in the subject) or a date
    followed by "so there's no hurry"."""
    if flag.rule not in TACTICS:
        return False
    field = subject if flag.field == "subject" else body
    if _LIST_ITEM_ON_A_QUOTE.match(field.masked, field.masked.rfind("\n", 0, flag.start) + 1):
        return True
    # "the last chance I had to talk to him": the writer's own past, not the reader's deadline
    if _WRITERS_OWN_PAST.match(field.masked, flag.end):
        return True
    start, end = _sentence_at(field, flag.start)
    # "first come, first served, which is their system, not mine"
    if _DISOWNED.search(field.masked, flag.end, end):
        return True
    if (
        flag.rule == "fake-familiarity"
        and _PROMISE_MADE.search(flag.excerpt)
        and _PROMISED_IN_WRITING.match(field.masked, flag.end)
    ):
        return True
    if field.is_question(flag.start) and _SELF_QUESTION.match(field.masked, start):
        return True
    if flag.rule == "false-scarcity":
        before = field.masked[field.clause_start(flag.start) : flag.start]
        if _READERS_OWN.search(before) or _OTHERS_PLACES.search(before):
            return True
    # Places or dates in a paragraph about an outside body's event ("the city's career fair
    # is on 22 April … Places are limited") that names nothing of the writer's up to them.
    paragraph = _paragraph_start(field.masked, start)
    if (
        flag.rule in ("false-scarcity", "false-urgency")
        and _EXTERNAL_DEADLINE.search(field.masked, paragraph, start)
        and not _WRITER_IN_SENTENCE.search(field.masked, paragraph, end)
    ):
        return True
    if flag.rule != "false-urgency":
        return False
    if field is body:
        return bool(
            _EXTERNAL_DEADLINE.search(body.masked, start, end)
            or _NO_HURRY.search(body.masked, flag.end, end)
        )
    if _EXTERNAL_DEADLINE.search(subject.masked):
        return True
    date = " ".join(flag.excerpt.split()[1:])
    return bool(date) and any(
        date in body.masked[s:e]
        for s, e in (
            _sentence_at(body, m.start()) for m in _EXTERNAL_DEADLINE.finditer(body.masked)
        )
    )


def _paragraph_start(text: str, pos: int) -> int:
    ends = _paragraph_ends(text)
    index = bisect_right(ends, pos)
    return ends[index - 1] if index else 0


@lru_cache(maxsize=4)
def _paragraph_ends(text: str) -> list[int]:
    """Where each paragraph after the first begins; found once per field, not per flag."""
    return [m.end() for m in _PARAGRAPH_BREAK.finditer(text)]


def _hedged_at(field: _Field, start: int) -> bool:
    spans = field.tokens.spans
    index = bisect_left(spans, (start, start))
    return index < len(spans) and hedged(field.tokens, index)


def _tactic_flag(field: _Field, hit: Hit) -> Flag:
    why, suggestion = LEXICON.texts.get(hit.shape) or LEXICON.texts[hit.tactic]
    return _flag(field, hit.tactic, hit.start, hit.end, why, suggestion)


def _gives(field: _Field, stats: dict) -> list[str]:
    """What the email offers the reader: a question to think about, a tool, a story."""
    gives = ["a question"] if stats["questions"] else []
    gives += [name for name, pattern in _GIVES.items() if pattern.search(field.masked)]
    return gives


def _asks(field: _Field, flags: list[Flag], stats: dict, price_mentions: int) -> list[str]:
    """What the email asks of the reader: a reply, or a commitment (a booking, a purchase, a
    yes it already assumes)."""
    asks = ["a reply"] if stats["reply_requests"] else []
    committing = (
        price_mentions
        or any(f.rule in ("buy-call", "assumptive-close") for f in flags)
        or any(_CHECKOUT_URL.search(url) for _, _, url in field.links)
        or any(not field.is_mention(m.start()) for m in _ASKS_COMMITMENT.finditer(field.masked))
    )
    return [*asks, "a commitment"] if committing else asks


def _stats(field: _Field, sentences: list[tuple[int, int]], ctas: list) -> dict:
    masked = field.masked
    words = _WORD.findall(masked)
    you = len(_YOU.findall(masked))
    i_we = len(_I_WE.findall(masked))
    reply_requests = sum(
        1 for m in _REPLY_REQUEST.finditer(masked) if not field.is_mention(m.start())
    )
    return {
        "words": len(words),
        "sentences": len(sentences),
        "you_words": you,
        "i_we_words": i_we,
        # Neither "you" nor "I/we": there is no share to show.
        "you_ratio": round(you / (you + i_we), 2) if you + i_we else None,
        "questions": len(_QUESTION.findall(masked)),
        "links": len(field.links),
        "calls_to_action": len(ctas),
        "reply_requests": reply_requests,
        "exclamations": len(_EXCLAMATION.findall(masked)),
        "reading_grade": _grade(words, len(sentences)),
    }


def _stats_flags(
    field: _Field,
    sentences: list[tuple[int, int]],
    stats: dict,
    content_type: str,
    limits: Thresholds,
) -> list[Flag]:
    flags = []
    if not sentences:
        return flags
    if (
        stats["i_we_words"] >= max(limits.min_i_we_words, limits.min_i_we_share * stats["words"])
        and (stats["you_ratio"] or 0) < limits.min_you_ratio
    ):
        # Point at the sentence that talks most about the sender.
        start, end = max(
            sentences,
            key=lambda s: (
                len(_I_WE.findall(field.masked, *s)) - len(_YOU.findall(field.masked, *s))
            ),
        )
        flags.append(
            _flag(
                field,
                "self-focus",
                start,
                end,
                f"'I/we' words ({stats['i_we_words']}) outnumber 'you' words "
                f"({stats['you_words']}): the email is more about you than about the reader.",
                "Turn a few sentences toward the reader: what does this mean for them?",
            )
        )
    if (
        stats["words"] >= limits.min_words_for_reading_level
        and stats["reading_grade"] > limits.max_reading_grade
    ):
        start, end = max(sentences, key=lambda s: len(_WORD.findall(field.masked, *s)))
        flags.append(
            _flag(
                field,
                "reading-level",
                start,
                end,
                f"Reading grade {stats['reading_grade']} (above {limits.max_reading_grade}): "
                "long sentences and long words make this hard to read on a phone.",
                "Split the longest sentences and prefer short, everyday words.",
            )
        )
    if content_type == "question" and not stats["questions"]:
        start, end = sentences[0]
        flags.append(
            _flag(
                field,
                "no-question",
                start,
                end,
                "A Question email should ask about their situation, but this one asks nothing.",
                "Ask one real question about them and invite a reply.",
            )
        )
    return flags


def _dedupe(flags: list[Flag]) -> list[Flag]:
    """One flag per rule where its spans overlap (an idiom and a shape often find the same
    words), keeping the first and longest."""
    kept: list[Flag] = []
    by_rule: dict[tuple[str, str], list[Flag]] = {}
    for flag in sorted(flags, key=lambda f: (f.field != "subject", f.start, -f.end, f.rule)):
        same = by_rule.setdefault((flag.rule, flag.field), [])
        if any(k.start < flag.end and flag.start < k.end for k in same):
            continue
        same.append(flag)
        kept.append(flag)
    return kept


def _verdict(flags: list[Flag], stats: dict, content_type: str, limits: Thresholds) -> CheckResult:
    """Score: 100 less each rule's weight (counted at most twice). Verdict: the pressure of
    the strong flags, weighed with what the email asks (a commitment adds to it) and gives
    (nothing adds to it, a question and a tool or a story take some off); a pitch from
    `pitch_severe_weight`, needs work with any flag."""
    hits = Counter(flag.rule for flag in flags)
    penalty = sum(RULES[rule].weight * min(n, MAX_COUNTED_HITS) for rule, n in hits.items())
    severe = sum(
        RULES[rule].weight * min(n, MAX_COUNTED_HITS)
        for rule, n in hits.items()
        if RULES[rule].severe
    )
    score = max(0, 100 - penalty)
    pressure = severe
    tactics = [rule for rule in TACTICS if rule in hits]
    if tactics:
        # An Invitation may ask for a yes; a Value or Question email that pushes and asks
        # for one is selling.
        if "a commitment" in stats["asks"] and content_type != "invitation":
            pressure += limits.asks_weight
        if not stats["gives"]:
            pressure += limits.gives_nothing_weight
    if severe and len(stats["gives"]) >= 2:
        lightest = min(RULES[rule].weight for rule in hits if RULES[rule].severe)
        pressure = max(lightest, pressure - limits.gives_much_relief)
    stats["pressure"] = pressure
    stats["tactics"] = tactics
    if pressure >= limits.pitch_severe_weight or (severe and score < limits.pitch_below_score):
        verdict = "pitch"
    elif flags:
        verdict = "needs-work"
    else:
        verdict = "value-first"
    return CheckResult(verdict=verdict, score=score, flags=flags, stats=stats)


def median_check_ms(body: str, *, subject: str = "", repeats: int = 50) -> float:
    """Median wall time of one check in milliseconds (for reporting; tests don't assert it)."""
    limits = Thresholds()
    check_content(subject, body, thresholds=limits)  # warm caches
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        check_content(subject, body, thresholds=limits)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)
