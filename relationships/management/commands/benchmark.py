import json

from django.core.management.base import BaseCommand, CommandError

from tests.benchmarks import cases as benchmark


class Command(BaseCommand):
    help = (
        "Measure the nurture engine in a throwaway database (never your own): each case "
        "against a baseline taken in the same run. Progress goes to stderr."
    )

    def add_arguments(self, parser):
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
