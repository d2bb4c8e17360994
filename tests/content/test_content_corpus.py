"""The check against a labelled corpus of real-world-style emails.

tests/content/content_corpus/
    value/          value-first emails: newsletters, tips, client stories, gentle check-ins
    pitch/          pitches: launches, Black Friday, "last chance", guilt, hype, fake replies
    borderline/     honest emails with one real problem (needs-work), not in the accuracy
    held_out/       value/ and pitch/ emails written after the rules, to measure generalisation
    held_out_2/     a second held-out set, written after the rules were adjusted for held_out/
    held_out_3/     a third, written after the rules were adjusted for held_out_2/

Each file has header lines (Subject, Type, optional First: yes), a blank line, then the body.
Run ``python -m tests.content.test_content_corpus`` for the accuracy report.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest

from relationships.content.check import CheckResult, Thresholds, check_content, parse_email_source

CORPUS = Path(__file__).resolve().parent / "content_corpus"


@dataclass(frozen=True)
class Judged:
    path: Path
    label: str  # value | pitch | borderline
    held_out: str  # "" for the training set, else the held-out folder's name
    result: CheckResult


def judge_corpus() -> list[Judged]:
    judged = []
    for path in sorted(CORPUS.rglob("*.md")):
        source = parse_email_source(path.read_text(encoding="utf-8"))
        result = check_content(
            source.subject,
            source.body,
            content_type=source.content_type or "value",
            is_first_email=source.is_first_email,
            thresholds=Thresholds(),
        )
        parts = path.relative_to(CORPUS).parts
        held_out = parts[0] if parts[0].startswith("held_out") else ""
        judged.append(Judged(path, path.parent.name, held_out, result))
    return judged


JUDGED = judge_corpus()


def _named(label: str, held_out: str | None = None) -> list[Judged]:
    return [j for j in JUDGED if j.label == label and (held_out is None or j.held_out == held_out)]


def test_the_corpus_is_big_enough():
    assert len(_named("value")) >= 45
    assert len(_named("pitch")) >= 35
    assert len(_named("value")) + len(_named("pitch")) >= 80


def test_every_corpus_email_has_a_subject_and_a_type():
    for path in CORPUS.rglob("*.md"):
        source = parse_email_source(path.read_text(encoding="utf-8"))
        assert source.subject and source.content_type, path


def test_no_pitch_email_is_judged_value_first():
    misses = [str(j.path.relative_to(CORPUS)) for j in _named("pitch") if not j.result.flags]
    assert misses == []


def test_at_least_90_percent_of_value_emails_pass_clean():
    value = _named("value")
    flagged = {
        str(j.path.relative_to(CORPUS)): [(f.rule, f.excerpt) for f in j.result.flags]
        for j in value
        if j.result.verdict != "value-first"
    }
    assert (len(value) - len(flagged)) / len(value) >= 0.9, flagged


@pytest.mark.parametrize("judged", _named("borderline"), ids=lambda j: j.path.stem)
def test_borderline_emails_need_work_but_are_not_pitches(judged):
    assert judged.result.verdict == "needs-work"


def accuracy_report() -> str:
    lines = []
    for held_out in sorted({j.held_out for j in JUDGED}):
        name = held_out.replace("_", "-") or "training"
        value = _named("value", held_out)
        pitch = _named("pitch", held_out)
        if not value and not pitch:
            continue
        clean = sum(j.result.verdict == "value-first" for j in value)
        caught = sum(j.result.verdict != "value-first" for j in pitch)
        pitched = sum(j.result.verdict == "pitch" for j in pitch)
        lines.append(
            f"{name:>11}: value-first {clean}/{len(value)}, pitch never value-first "
            f"{caught}/{len(pitch)} (verdict 'pitch' {pitched}/{len(pitch)})"
        )
        lines += [
            f"             {j.path.relative_to(CORPUS)}: {j.result.verdict} "
            f"{[(f.rule, f.excerpt) for f in j.result.flags]}"
            for j in value + pitch
            if (j.label == "value") != (j.result.verdict == "value-first")
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(accuracy_report())
