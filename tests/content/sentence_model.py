"""Train the check's sentence model (check/sentences.py) on the labelled corpus, and measure
it honestly: leave one author's set out, train on the rest, measure on the one left out.

    python -m tests.content.sentence_model --cv        # per held-out set, before and after
    python -m tests.content.sentence_model --write     # train on everything, write the model

Examples: every sentence (and the subject) of every value email is a negative; in a labelled
pitch, a sentence that overlaps a labelled pressure phrase is a positive of that phrase's
tactic, the rest are negatives (weighed half: authors don't label every pushy word). The
team's unlabelled pitches and the borderline emails are left out.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from relationships.content.check import CONTENT_TYPES, Thresholds, check_content
from relationships.content.check import sentences as sentence_model
from relationships.content.check.matcher import _prepare, _sentences
from relationships.content.check.sentences import FieldFeatures, SentenceModel
from relationships.content.check.source import parse_email_source

CORPUS = Path(__file__).resolve().parent / "content_corpus"
MODEL_PATH = sentence_model._LEXICON_DIR / "en_sentences.json"

EPOCHS = int(os.environ.get("SM_EPOCHS", 12))
L2 = float(os.environ.get("SM_L2", 1e-4))
RATE = float(os.environ.get("SM_RATE", 0.3))
MIN_COUNT = int(os.environ.get("SM_MIN_COUNT", 2))  # a feature in fewer sentences is dropped
UNLABELLED_WEIGHT = float(os.environ.get("SM_UNLABELLED", 0.5))
THRESHOLD = 0.2
PHRASES_TOO = float(os.environ.get("SM_PHRASES", 2))


@dataclass
class Email:
    set_name: str
    path: str
    label: str
    subject: str
    body: str
    content_type: str
    first: bool
    phrases: list[tuple[str, str]]  # (tactic, text)


def load_corpus() -> list[Email]:
    emails = []
    labels_by_set: dict[str, dict] = {}
    for path in sorted(CORPUS.rglob("*.md")):
        if path.parent.name not in ("value", "pitch"):
            continue
        parts = path.relative_to(CORPUS).parts
        set_name = parts[0] if len(parts) == 3 else "training"
        if set_name not in labels_by_set:
            labels_path = CORPUS / set_name / "labels.json"
            labels_by_set[set_name] = (
                json.loads(labels_path.read_text(encoding="utf-8")) if labels_path.exists() else {}
            )
        entry = labels_by_set[set_name].get("/".join(parts[1:]), {})
        source = parse_email_source(path.read_text(encoding="utf-8"))
        emails.append(
            Email(
                set_name,
                "/".join(parts),
                path.parent.name,
                source.subject,
                source.body,
                source.content_type if source.content_type in CONTENT_TYPES else "value",
                source.is_first_email,
                [(p["tactic"], p["phrase"]) for p in entry.get("pressure", [])],
            )
        )
    return emails


def examples(email: Email) -> list[tuple[set[str], list[str], float]]:
    """(features, tactics, weight) per sentence; no tactics = not pressure."""
    if email.label == "pitch" and not email.phrases:
        return []
    found = []
    for name, text in (("subject", email.subject), ("body", email.body)):
        field = _prepare(name, text)
        spans = [(0, len(text))] if name == "subject" else _sentences(field)
        read = FieldFeatures(field.tokens, subject=name == "subject")
        for start, end in spans:
            feats, _ = read.span(start, end)
            if not feats:
                continue
            tactics = []
            for tactic, phrase in email.phrases:
                at = text.find(phrase)
                while at >= 0:
                    if at < end and start < at + len(phrase):
                        tactics.append(tactic)
                    at = text.find(phrase, at + 1)
            weight = 1.0 if tactics or email.label == "value" else UNLABELLED_WEIGHT
            found.append((feats, tactics, weight))
        if PHRASES_TOO:
            # The labelled words alone, too: what carries the pressure, without the rest.
            for tactic, phrase in email.phrases:
                at = text.find(phrase)
                if at >= 0:
                    feats, _ = read.span(at, at + len(phrase))
                    if feats:
                        found.append((feats, [tactic], PHRASES_TOO))
    return found


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


def logistic(data: list[tuple[set[str], bool, float]]) -> tuple[float, dict[str, float]]:
    """Logistic regression by AdaGrad with L2: (bias, weights)."""
    rng = random.Random(0)
    order = list(range(len(data)))
    weights: dict[str, float] = defaultdict(float)
    grads: dict[str, float] = defaultdict(lambda: 1e-8)
    bias, bias_grad = 0.0, 1e-8
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            feats, positive, weight = data[i]
            p = _sigmoid(bias + sum(weights[f] for f in feats))
            g = (p - positive) * weight
            bias_grad += g * g
            bias -= RATE * g / math.sqrt(bias_grad)
            for f in feats:
                gf = g + L2 * weights[f]
                grads[f] += gf * gf
                weights[f] -= RATE * gf / math.sqrt(grads[f])
    return bias, weights


def train(emails: list[Email], *, threshold: float = THRESHOLD) -> SentenceModel:
    data = [x for email in emails for x in examples(email)]
    counts = Counter(f for feats, _, _ in data for f in feats)
    keep = {f for f, n in counts.items() if n >= MIN_COUNT}
    # Sorted, so sums run in one order whatever the hash seed: the same weights every run.
    data = [(sorted(feats & keep), tactics, weight) for feats, tactics, weight in data]
    rng = random.Random(0)

    # Pressure or not.
    bias, weights = logistic([(feats, bool(tactics), weight) for feats, tactics, weight in data])

    # Which tactic: softmax over the positive sentences.
    positives = [(feats, t) for feats, tactics, _ in data for t in sorted(set(tactics))]
    names = sorted({t for _, t in positives})
    tw: dict[str, dict[str, float]] = {t: defaultdict(float) for t in names}
    tg: dict[str, dict[str, float]] = {t: defaultdict(lambda: 1e-8) for t in names}
    tb = dict.fromkeys(names, 0.0)
    tbg = dict.fromkeys(names, 1e-8)
    order = list(range(len(positives)))
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for i in order:
            feats, target = positives[i]
            scores = {t: tb[t] + sum(tw[t][f] for f in feats) for t in names}
            top = max(scores.values())
            exp = {t: math.exp(s - top) for t, s in scores.items()}
            total = sum(exp.values())
            for t in names:
                g = exp[t] / total - (t == target)
                tbg[t] += g * g
                tb[t] -= RATE * g / math.sqrt(tbg[t])
                for f in feats:
                    gf = g + L2 * tw[t][f]
                    tg[t][f] += gf * gf
                    tw[t][f] -= RATE * gf / math.sqrt(tg[t][f])

    def pruned(w: dict[str, float], least: float = 0.01) -> dict[str, float]:
        return {f: round(v, 3) for f, v in sorted(w.items()) if abs(v) >= least}

    return SentenceModel(
        bias=round(bias, 3),
        weights=pruned(weights),
        threshold=threshold,
        tactic_bias={t: round(v, 3) for t, v in tb.items()},
        # Naming the tactic needs only the weights that can change the choice.
        tactic_weights={t: pruned(tw[t], 0.05) for t in names},
    )


def _pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({100 * part / max(whole, 1):.0f}%)"


@dataclass
class Figures:
    pitches: int = 0
    pitches_value_first: int = 0
    value: int = 0
    value_clean: int = 0
    phrases: int = 0
    flagged: int = 0
    model_flags: int = 0
    model_flags_on_phrase: int = 0

    def row(self) -> str:
        return (
            f"{self.pitches_value_first} of {self.pitches} · "
            f"{_pct(self.value_clean, self.value)} · {_pct(self.flagged, self.phrases)}"
            + (
                f" · model flags {self.model_flags}, on a phrase {self.model_flags_on_phrase}"
                if self.model_flags
                else ""
            )
        )


def measure(emails: list[Email]) -> Figures:
    figures = Figures()
    for email in emails:
        result = check_content(
            email.subject,
            email.body,
            content_type=email.content_type,
            is_first_email=email.first,
            thresholds=Thresholds(),
        )
        spans = []
        for _, phrase in email.phrases:
            for name, text in (("subject", email.subject), ("body", email.body)):
                at = text.find(phrase)
                while at >= 0:
                    spans.append((name, at, at + len(phrase), phrase))
                    at = text.find(phrase, at + 1)
        if email.label == "pitch":
            figures.pitches += 1
            figures.pitches_value_first += result.verdict == "value-first"
        else:
            figures.value += 1
            figures.value_clean += not result.flags
        for _, phrase in email.phrases:
            figures.phrases += 1
            figures.flagged += any(
                f.field == name and f.start < e and s < f.end
                for f in result.flags
                for name, s, e, p in spans
                if p == phrase
            )
        for f in result.flags:
            if "Read by the sentence model" in f.why:
                figures.model_flags += 1
                figures.model_flags_on_phrase += any(
                    f.field == name and f.start < e and s < f.end for name, s, e, _ in spans
                )
    return figures


def cross_validate(
    emails: list[Email], thresholds: list[float], held_out: set[str] | None = None
) -> None:
    labelled = sorted(
        {e.set_name for e in emails if e.phrases} & (held_out or {e.set_name for e in emails})
    )
    for held in labelled:
        out = [e for e in emails if e.set_name == held]
        sentence_model.use_model("en", None)
        print(f"{held}: without the model  {measure(out).row()}")
        model = train([e for e in emails if e.set_name != held])
        for threshold in thresholds:
            sentence_model.use_model(
                "en",
                SentenceModel(
                    model.bias,
                    model.weights,
                    threshold,
                    model.tactic_bias,
                    model.tactic_weights,
                ),
            )
            print(f"{held}: threshold {threshold:.2f}     {measure(out).row()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cv", action="store_true")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--thresholds", default="0.5")
    parser.add_argument("--exclude", default="", help="sets to leave out, comma-separated")
    parser.add_argument("--held", default="", help="with --cv: only these sets, comma-separated")
    args = parser.parse_args()
    excluded = {s for s in args.exclude.split(",") if s}
    emails = [e for e in load_corpus() if e.set_name not in excluded]
    if args.cv:
        held = {s for s in args.held.split(",") if s} or None
        cross_validate(emails, [float(t) for t in args.thresholds.split(",")], held)
    if args.write:
        model = train(emails)
        MODEL_PATH.write_text(model.as_json() + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH}: {len(model.weights)} weights")


if __name__ == "__main__":
    import django

    django.setup()
    main()
