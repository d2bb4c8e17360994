import pathlib

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from relationships.errors import BridgeError
from relationships.models import ImportConsent, ImportDuplicates, ImportStatus, Workspace
from relationships.transfer import importing


class Command(BaseCommand):
    help = (
        "Import prospects from a CSV or .xlsx file, as the coach's Import page does "
        "(columns guessed from the headers)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv or .xlsx file; the first row names the columns.")
        parser.add_argument("--workspace", required=True, help="The workspace's slug.")
        parser.add_argument(
            "--consent",
            choices=ImportConsent.values,
            default=ImportConsent.TRACK,
            help="track: keep them, email nobody (default); opted-in: they opted in on your "
            "site (say when with --opted-in-note or an opt-in date column); confirm: send each "
            "a double opt-in email, paced.",
        )
        parser.add_argument("--opted-in-note", default="", help="When and where they opted in.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Fill in blank fields of people already here (default: skip them).",
        )
        parser.add_argument("--refused-csv", help="Write the refused rows and why to this file.")

    def handle(self, *args, file, workspace, consent, opted_in_note, update, refused_csv, **opts):
        found = Workspace.objects.filter(slug=workspace).first()
        if found is None:
            raise CommandError(f"No workspace with the slug “{workspace}”.")
        path = pathlib.Path(file)
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        try:
            with path.open("rb") as handle:
                run = importing.start_import(
                    found, upload=File(handle, name=path.name), filename=path.name, by=None
                )
            importing.configure_import(
                run,
                mapping=run.mapping,
                consent=consent,
                consent_note=opted_in_note,
                duplicates=ImportDuplicates.UPDATE if update else ImportDuplicates.SKIP,
                by=None,
            )
            importing.queue_import(run, by=None, send=False)
        except BridgeError as refusal:
            raise CommandError(refusal.message) from None
        run = importing.run_import(run.pk)
        if refused_csv:
            with open(refused_csv, "w", encoding="utf-8", newline="") as out:
                out.writelines(importing.refusals_csv(run))
        summary = (
            f"{run.created} created, {run.updated} updated, {run.skipped} skipped, "
            f"{run.refused} refused"
        )
        if run.status != ImportStatus.DONE:
            raise CommandError(
                f"Import {run.get_status_display().lower()}: {run.error} ({summary})"
            )
        self.stdout.write(summary)
