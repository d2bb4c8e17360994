"""The value-first check on a 1,000-word email."""

import statistics
import time
from pathlib import Path

from tests.benchmarks.core import Progress, Scale, case


@case("content_check")
def content_check_case(scale: Scale, progress: Progress) -> dict:
    """Median time of one check of a 1,000-word email (goal: under 20 ms), against the
    markdown-it render of the same text measured alongside it."""
    from relationships.content.check import median_check_ms
    from relationships.content.starter import load_starter_library
    from relationships.nurture.rendering import markdown_to_html

    words: list[str] = []
    paragraphs: list[str] = []
    for email in load_starter_library():
        for paragraph in email.body.split("\n\n"):
            paragraphs.append(paragraph)
            words += paragraph.split()
            if len(words) >= 1000:
                break
        if len(words) >= 1000:
            break
    body = "\n\n".join(paragraphs)
    repeats = 30 if scale.name == "tiny" else 200
    check_ms = median_check_ms(body, subject="One idea for your week", repeats=repeats)
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        markdown_to_html(body)
        timings.append((time.perf_counter() - started) * 1000)
    render_ms = statistics.median(timings)
    # A pitch of the same length: the sentence model reads only an email that presses, so
    # a value email alone would leave its cost out.
    pitch = pitch_body(1000)
    pitch_ms = median_check_ms(pitch, subject="Your seat is waiting", repeats=repeats)
    progress(
        f"{len(body.split())} words: check {check_ms:.2f} ms (a pitch {pitch_ms:.2f} ms), "
        f"render {render_ms:.2f} ms"
    )
    return {
        "words": len(body.split()),
        "check_ms": round(check_ms, 2),
        "pitch_words": len(pitch.split()),
        "pitch_check_ms": round(pitch_ms, 2),
        "markdown_render_ms": round(render_ms, 2),
        "ratio_to_render": round(check_ms / render_ms, 2),
        "goal": "check_ms and pitch_check_ms < 20",
    }


def pitch_body(words: int) -> str:
    """The team's own pitch emails, one after another, to about `words` words."""
    from relationships.content.check import parse_email_source

    corpus = Path(__file__).resolve().parent.parent / "content" / "content_corpus" / "pitch"
    bodies: list[str] = []
    count = 0
    for path in sorted(corpus.glob("*.md")):
        body = parse_email_source(path.read_text(encoding="utf-8")).body
        bodies.append(body)
        count += len(body.split())
        if count >= words:
            break
    return "\n\n".join(bodies)
