"""The check: flags, stats, a score and a verdict."""

from __future__ import annotations

import statistics
import time
from collections import Counter

from relationships.content.check.lexicon import (
    _CHECKOUT_URL,
    _FAKE_REPLY,
    _FAKE_REPLY_SUGGESTION,
    _FAKE_REPLY_WHY,
    _REPLY_REQUEST,
)
from relationships.content.check.matcher import (
    _BUY_CALL,
    _EXCLAMATION,
    _PHRASE_RULES,
    _PRICE,
    _SUBJECT_BAIT,
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


def check_content(
    subject: str,
    body: str,
    *,
    content_type: str = "value",
    is_first_email: bool = False,
    thresholds: Thresholds | None = None,
) -> CheckResult:
    """Check one nurture email for pitch pressure. Deterministic; see the module docstring."""
    if content_type not in CONTENT_TYPES:
        raise ValueError(
            f"Unknown content type {content_type!r}; use one of {', '.join(CONTENT_TYPES)}."
        )
    limits = thresholds or Thresholds.from_settings()
    subject_field = _prepare("subject", subject or "")
    body_field = _prepare("body", body or "")
    selling_not_allowed = content_type in ("value", "question")
    flags: list[Flag] = []

    for field in (subject_field, body_field):
        for table in _PHRASE_RULES:
            flags += _phrase_flags(field, table)
        flags += _shouting_flags(field)
        flags += _exclamation_flags(
            field, limits.max_exclamations if field is body_field else None
        )[0]

    # Price talk: in the subject or the opening it is price-first; later in a Value or
    # Question email it is an offer in an email that shouldn't sell.
    opening_end = _opening_end(body_field.masked, limits.opening_fraction)
    for field in (subject_field, body_field):
        for m, index in _PRICE.matches(field):
            if field.is_mention(m.start()):
                continue
            if field is subject_field or m.start() < opening_end:
                why, suggestion = _PRICE.texts[index]
                flags.append(_flag(field, "price-first", m.start(), m.end(), why, suggestion))
            elif selling_not_allowed:
                flags.append(
                    _flag(
                        field,
                        "buy-call",
                        m.start(),
                        m.end(),
                        "A price or discount in a Value or Question email turns it into an offer.",
                        "Take the offer out; put it in an Invitation email after the value.",
                    )
                )

    sentences = _sentences(body_field)
    if selling_not_allowed:
        for field in (subject_field, body_field):
            flags += _phrase_flags(field, _BUY_CALL)
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

    flags += _phrase_flags(subject_field, _SUBJECT_BAIT)
    if is_first_email and (m := _FAKE_REPLY.match(subject_field.text)):
        flags.append(
            _flag(
                subject_field,
                "subject-bait",
                m.start(),
                m.end(),
                _FAKE_REPLY_WHY,
                _FAKE_REPLY_SUGGESTION,
            )
        )

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

    flags = _dedupe(flags)
    return _verdict(flags, stats, limits)


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
        "you_ratio": round(you / (you + i_we), 2) if you + i_we else 1.0,
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
        and stats["you_ratio"] < limits.min_you_ratio
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
    """One flag per span and rule; a price already flagged as price-first is not also a buy-call."""
    seen: set[tuple[str, str, int, int]] = set()
    price_spans = {(f.field, f.start) for f in flags if f.rule == "price-first"}
    unique = []
    for flag in sorted(flags, key=lambda f: (f.field != "subject", f.start, f.end, f.rule)):
        key = (flag.field, flag.rule, flag.start, flag.end)
        if key in seen or (flag.rule == "buy-call" and (flag.field, flag.start) in price_spans):
            continue
        seen.add(key)
        unique.append(flag)
    return unique


def _verdict(flags: list[Flag], stats: dict, limits: Thresholds) -> CheckResult:
    hits = Counter(flag.rule for flag in flags)
    penalty = sum(RULES[rule].weight * min(n, MAX_COUNTED_HITS) for rule, n in hits.items())
    severe = sum(
        RULES[rule].weight * min(n, MAX_COUNTED_HITS)
        for rule, n in hits.items()
        if RULES[rule].severe
    )
    score = max(0, 100 - penalty)
    if severe >= limits.pitch_severe_weight or (severe and score < limits.pitch_below_score):
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
