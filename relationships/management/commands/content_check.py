"""Check nurture emails written as Markdown files for pitch pressure.

    python manage.py content_check PATH [PATH ...] [--json] [--type TYPE] [--first]

A file may start with header lines: ``Subject: ...`` (the subject; the rest is the body),
``Type: value|question|invitation`` and ``First: yes``, ended by a blank line or ``---``
(the starter library's format works as is). A file's own ``Type:`` wins over ``--type``,
which is the default for files without one; ``--first`` treats every file as the first
email of a sequence.

Exit status: 0 whenever every file could be read and checked, whatever the verdicts (the
verdicts are the output, as with a linter's report mode); a missing or unreadable file or
an unknown type is a CommandError (exit status 1), reported before any file is checked.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relationships.content.check import (
    CONTENT_TYPES,
    CheckResult,
    EmailSource,
    Flag,
    Thresholds,
    check_content,
    parse_email_source,
)

UNDERLINE, RESET = "\x1b[4m", "\x1b[0m"


class Command(BaseCommand):
    help = "Check Markdown nurture emails for urgency, pressure, hype and other pitch signals."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Markdown email files.")
        parser.add_argument("--json", action="store_true", help="Print a JSON list, one per file.")
        parser.add_argument(
            "--type",
            choices=CONTENT_TYPES,
            default="value",
            help="Content type for files without a 'Type:' line (default: value).",
        )
        parser.add_argument(
            "--first", action="store_true", help="Judge each file as the first email of a sequence."
        )

    def handle(self, *args, **options):
        sources = [(path, self._read(path)) for path in options["paths"]]
        thresholds = Thresholds.from_settings()
        reports = []
        for path, source in sources:
            content_type = source.content_type or options["type"]
            if content_type not in CONTENT_TYPES:
                raise CommandError(
                    f"{path}: unknown Type {content_type!r}; use one of {', '.join(CONTENT_TYPES)}."
                )
            result = check_content(
                source.subject,
                source.body,
                content_type=content_type,
                is_first_email=options["first"] or source.is_first_email,
                thresholds=thresholds,
            )
            reports.append((path, source, content_type, result))

        if options["json"]:
            payload = [{"path": path, **result.as_dict()} for path, _, _, result in reports]
            self.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False))
            return
        underline = self.stdout.isatty() and not options.get("no_color")
        for path, source, content_type, result in reports:
            self._write_report(path, source, content_type, result, underline=underline)

    def _read(self, path: str) -> EmailSource:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file.") from None
        except IsADirectoryError:
            raise CommandError(f"{path}: is a directory; pass the Markdown files in it.") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: can't read it ({exc}).") from None
        return parse_email_source(text)

    def _write_report(
        self, path: str, source: EmailSource, content_type: str, result: CheckResult, *, underline
    ) -> None:
        style = {
            "value-first": self.style.SUCCESS,
            "needs-work": self.style.WARNING,
            "pitch": self.style.ERROR,
        }[result.verdict]
        s = result.stats
        self.stdout.write(style(f"{path}: {result.verdict} (score {result.score}, {content_type})"))
        self.stdout.write(
            f"  {s['words']} words, {s['sentences']} sentences, you {s['you_words']} / "
            f"I-we {s['i_we_words']} (you ratio {s['you_ratio']}), {s['questions']} questions, "
            f"{s['links']} links, {s['calls_to_action']} calls to action, "
            f"{s['reply_requests']} reply requests, {s['exclamations']} '!', "
            f"reading grade {s['reading_grade']}"
        )
        for flag in result.flags:
            line_no, line = _flag_line(source, flag, underline=underline)
            self.stdout.write(f"  [{flag.rule}] {flag.field} line {line_no}: {line}")
            self.stdout.write(f"      why: {flag.why}")
            self.stdout.write(f"      try: {flag.suggestion}")
        self.stdout.write("")


def _flag_line(source: EmailSource, flag: Flag, *, underline: bool) -> tuple[int, str]:
    """The file line number and the text of the line holding the flag, with the span marked."""
    text = source.subject if flag.field == "subject" else source.body
    line_start = text.rfind("\n", 0, flag.start) + 1
    line_end = text.find("\n", flag.start)
    line_end = len(text) if line_end == -1 else line_end
    end = min(flag.end, line_end)  # a flag spanning lines is marked up to the end of its first
    open_mark, close_mark = (UNDERLINE, RESET) if underline else ("[[", "]]")
    line = (
        text[line_start : flag.start]
        + open_mark
        + text[flag.start : end]
        + close_mark
        + text[end:line_end]
    )
    if flag.field == "subject":
        number = 1 + list(source.headers).index("subject") if "subject" in source.headers else 1
    else:
        number = source.body_line + text.count("\n", 0, flag.start)
    return number, line.strip()
