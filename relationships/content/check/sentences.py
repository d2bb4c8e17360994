"""A second reader for pressure the shapes don't know yet: a sentence model.

The tactic shapes (tactics.py) know a tactic in the wordings and families someone wrote down;
people who sell find new ones every week. This detector reads each sentence of an email that
already sells something as a bag of word stems, the families the lexicon tags them with and
pairs of neighbouring stems, and weighs them with a linear model learned from the labelled
emails under tests/content/content_corpus (pressure phrases against everything else). It
is small (a weight per feature), deterministic, and explains itself: a flag names the tactic
and the words that weighed most. It never looks at an email that sells nothing, so a value
email's everyday words can't trip it.

The weights are data of a language, beside its word lists (lexicon/<language>_sentences.json,
written by `python -m tests.content.sentence_model --write`); the code here knows no words.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path

from relationships.content.check.tokens import Tokens

_LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"


# Tags that mark punctuation, not meaning.
_PUNCTUATION_TAGS = frozenset({"STOP", "COMMA", "START"})


# A span of fewer different words is not read.
_FEWEST_WORDS = 3


# Words named in a flag's explanation.
_WORDS_SHOWN = 3


@dataclass(frozen=True)
class SentenceModel:
    """A logistic model of "this sentence presses", and a softmax naming the tactic."""

    bias: float
    weights: dict[str, float]
    threshold: float  # on the probability
    tactic_bias: dict[str, float]
    tactic_weights: dict[str, dict[str, float]]

    def pressure(self, features: set[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def __post_init__(self) -> None:
        # Feature -> [(tactic, weight)]: one look-up per feature names the tactic.
        by_feature: dict[str, list[tuple[str, float]]] = {}
        for tactic, weights in self.tactic_weights.items():
            for feature, weight in weights.items():
                by_feature.setdefault(feature, []).append((tactic, weight))
        object.__setattr__(self, "_by_feature", by_feature)

    def tactic(self, features: set[str], excluding: set[str] = frozenset()) -> str:
        scores = dict(self.tactic_bias)
        for feature in features:
            for tactic, weight in self._by_feature.get(feature, ()):
                scores[tactic] += weight
        return max((t for t in scores if t not in excluding), key=scores.__getitem__)

    @classmethod
    def load(cls, path: Path) -> SentenceModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            bias=data["bias"],
            weights=data["weights"],
            threshold=data["threshold"],
            tactic_bias=data["tactic_bias"],
            tactic_weights=data["tactic_weights"],
        )

    def as_json(self) -> str:
        return json.dumps(
            {
                "bias": self.bias,
                "threshold": self.threshold,
                "weights": self.weights,
                "tactic_bias": self.tactic_bias,
                "tactic_weights": self.tactic_weights,
            },
            separators=(",", ":"),
            sort_keys=True,
        )


_loaded: dict[str, SentenceModel | None] = {}


def model_for(language: str) -> SentenceModel | None:
    """The language's model, read once; None where a language has none yet."""
    if language not in _loaded:
        path = _LEXICON_DIR / f"{language}_sentences.json"
        _loaded[language] = SentenceModel.load(path) if path.exists() else None
    return _loaded[language]


def use_model(language: str, model: SentenceModel | None) -> None:
    """Put a model in place of the language's own (the training script's cross-validation)."""
    _loaded[language] = model


def features(tokens: Tokens, words: list[str], start: int, end: int, *, subject: bool) -> set[str]:
    """A sentence's features: its stems, its words' families and neighbouring stem pairs.

    `words` holds each token's stem ("" for punctuation), aligned with `tokens`."""
    first = bisect_left(tokens.spans, (start, start))
    found = {"@subject"} if subject else set()
    previous = ""
    for index in range(first, len(tokens.spans)):
        if tokens.spans[index][0] >= end:
            break
        stem = words[index]
        if not stem:
            previous = ""
            continue
        found.add("w=" + stem)
        found.update("f=" + tag for tag in tokens.tags[index] if tag not in _PUNCTUATION_TAGS)
        if previous:
            found.add(f"b={previous}_{stem}")
        previous = stem
    return found


def heaviest_words(
    model: SentenceModel, tokens: Tokens, words: list[str], text: str, start: int, end: int
) -> list[str]:
    """The sentence's words whose own stems weigh most toward pressure, as written."""
    first = bisect_left(tokens.spans, (start, start))
    weighed = []
    for index in range(first, len(tokens.spans)):
        s, e = tokens.spans[index]
        if s >= end:
            break
        weight = model.weights.get("w=" + words[index], 0.0) if words[index] else 0.0
        if weight > 0:
            weighed.append((weight, text[s:e]))
    seen: list[str] = []
    for _, word in sorted(weighed, reverse=True):
        if word.lower() not in (w.lower() for w in seen):
            seen.append(word)
        if len(seen) == _WORDS_SHOWN:
            break
    return seen


def stems(tokens: Tokens, text: str, stem) -> list[str]:
    """Each token's stem, "" for punctuation; a number is "#", an amount "¤"."""
    found = []
    for (s, e), tags in zip(tokens.spans, tokens.tags, strict=True):
        word = text[s:e].lower()
        if not word or tags in (_STOP, _COMMA) or not (word[0].isalnum() or word[0] in "$€£¥"):
            found.append("")
        elif word[0].isdigit():
            found.append("#")
        elif not word[0].isalpha():
            found.append("¤")
        else:
            found.append(stem(word))
    return found


_STOP = frozenset({"STOP"})
_COMMA = frozenset({"COMMA"})


@dataclass(frozen=True)
class Pressed:
    """A span the model reads as pressure: where it is, how sure, and what it is made of."""

    start: int
    end: int
    probability: float
    features: frozenset[str]


class Reader:
    """One field read by a model: whether a span presses, and then which tactic it is."""

    def __init__(self, model: SentenceModel, tokens: Tokens, text: str, stem, *, subject: bool):
        self.model = model
        self.tokens = tokens
        self.text = text
        self.subject = subject
        self.words = stems(tokens, text, stem)

    def pressed(self, start: int, end: int) -> Pressed | None:
        """The span if the model reads it as pressure, trimmed to its words; else None."""
        feats = features(self.tokens, self.words, start, end, subject=self.subject)
        if len({w for w in self._stems(start, end)}) < _FEWEST_WORDS:
            return None  # "Spring intake" says too little to read
        probability = self.model.pressure(feats)
        if probability < self.model.threshold:
            return None
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return Pressed(start, end, probability, frozenset(feats))

    def named(
        self, pressed: Pressed, *, excluding: set[str] = frozenset()
    ) -> tuple[str, list[str]]:
        """Its likeliest tactic not in `excluding`, and the words that weigh most."""
        return (
            self.model.tactic(pressed.features, excluding),
            heaviest_words(
                self.model, self.tokens, self.words, self.text, pressed.start, pressed.end
            ),
        )

    def _stems(self, start: int, end: int):
        first = bisect_left(self.tokens.spans, (start, start))
        for index in range(first, len(self.tokens.spans)):
            if self.tokens.spans[index][0] >= end:
                break
            if self.words[index]:
                yield self.words[index]
