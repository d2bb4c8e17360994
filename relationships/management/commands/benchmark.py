import importlib
import json

from django.core.management.base import BaseCommand, CommandError


def load_benchmark():
    """The cases live beside the tests (they start an SMTP sink and workers, which need
    the dev extras), so the command runs from a checkout with `pip install -e '.[dev]'`."""
    try:
        return importlib.import_module("tests.benchmarks")
    except ImportError as error:
        raise CommandError(
            "The benchmark runs from a checkout of Bridge with the dev extras installed "
            f"(pip install -e '.[dev]'): {error}"
        ) from error


class Command(BaseCommand):
    help = (
        "Measure the nurture engine in a throwaway database (never your own): each case "
        "against a baseline taken in the same run. Progress goes to stderr."
    )

    def add_arguments(self, parser):
        benchmark = load_benchmark()
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument("--scale", choices=list(benchmark.SCALES), default="small")
        parser.add_argument(
            "--case",
            action="append",
            dest="cases",
            choices=list(benchmark.CASES),
            help="Run only this case (repeatable); default: all of them.",
        )

    def handle(self, *args, **options):
        benchmark = load_benchmark()
        names = options["cases"] or list(benchmark.CASES)
        result = benchmark.run(
            list(dict.fromkeys(names)),
            scale=benchmark.SCALES[options["scale"]],
            progress=lambda message: self.stderr.write(message),
        )
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
        else:
            self.stdout.write(summary(result))
        failed = [name for name, outcome in result["cases"].items() if "error" in outcome]
        if failed:
            raise CommandError(f"cases failed: {', '.join(failed)}")


def summary(result: dict) -> str:
    lines = [f"{result['database']} {result['database_version']}, scale {result['scale']}"]
    for name, outcome in result["cases"].items():
        figures = ", ".join(
            f"{key}={value}"
            for key, value in outcome.items()
            if key != "plan" and not isinstance(value, (dict, list))
        )
        lines.append(f"{name}: {figures}")
    return "\n".join(lines)
