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

from relationships.content.check.tokens import _COMMA_TAGS, _STOP_TAGS, Tokens

_LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"


# Tags that mark punctuation, not meaning.
_PUNCTUATION_TAGS = frozenset({"STOP", "COMMA", "START"})


# A span of fewer different words is not read.
_FEWEST_WORDS = 3


# Words shorter than this are not named in an explanation.
_SHORTEST_SHOWN = 3


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


class FieldFeatures:
    """A field's features per token, worked out once, so that each span (a sentence, then
    the stretch of it no detector took) costs only a union."""

    def __init__(self, tokens: Tokens, *, subject: bool) -> None:
        self.tokens = tokens
        self.words = stems(tokens)
        self.subject = subject
        own: list[tuple[str, ...]] = []
        pairs: list[str] = []
        previous = ""
        for index, word in enumerate(self.words):
            if not word:
                own.append(())
                pairs.append("")
                previous = ""
                continue
            tags = tokens.tags[index]
            own.append(("w=" + word, *("f=" + t for t in tags if t not in _PUNCTUATION_TAGS)))
            pairs.append(f"b={previous}_{word}" if previous else "")
            previous = word
        self.own = own
        self.pairs = pairs

    def span(self, start: int, end: int) -> tuple[set[str], int]:
        """A span's features (its stems, their families, neighbouring stem pairs inside it)
        and how many different words it holds."""
        spans = self.tokens.spans
        first = bisect_left(spans, (start, start))
        found = {"@subject"} if self.subject else set()
        stems_seen = set()
        index = first
        while index < len(spans) and spans[index][0] < end:
            found.update(self.own[index])
            if self.words[index]:
                stems_seen.add(self.words[index])
                if index > first and self.pairs[index]:
                    found.add(self.pairs[index])
            index += 1
        return found, len(stems_seen)


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
        # "of" may weigh a little, but names nothing a coach could change.
        if weight > 0 and e - s >= _SHORTEST_SHOWN:
            weighed.append((weight, text[s:e]))
    seen: list[str] = []
    for _, word in sorted(weighed, reverse=True):
        if word.lower() not in (w.lower() for w in seen):
            seen.append(word)
        if len(seen) == _WORDS_SHOWN:
            break
    return seen


def stems(tokens: Tokens) -> list[str]:
    """Each token's stem, "" for punctuation; a number is "#", an amount "¤"."""
    found = []
    for stem, tags in zip(tokens.stems, tokens.tags, strict=True):
        if tags is _STOP_TAGS or tags is _COMMA_TAGS or not stem:
            found.append("")
        elif stem[0].isdigit():
            found.append("#")
        elif not stem[0].isalpha():
            found.append("¤")
        else:
            found.append(stem)
    return found


@dataclass(frozen=True)
class Pressed:
    """A span the model reads as pressure: where it is, how sure, and what it is made of."""

    start: int
    end: int
    probability: float
    features: frozenset[str]


class Reader:
    """One field read by a model: whether a span presses, and then which tactic it is."""

    def __init__(self, model: SentenceModel, tokens: Tokens, text: str, *, subject: bool):
        self.model = model
        self.tokens = tokens
        self.text = text
        self.field = FieldFeatures(tokens, subject=subject)
        self.words = self.field.words

    def pressed(self, start: int, end: int) -> Pressed | None:
        """The span if the model reads it as pressure, trimmed to its words; else None."""
        feats, words = self.field.span(start, end)
        if words < _FEWEST_WORDS:
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
