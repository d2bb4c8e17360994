import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from relationships.integrations.keys import ApiKeyError, create_api_key
from relationships.models import ApiKeyAccess, Workspace


class Command(BaseCommand):
    help = "Make an API key for a workspace and print it (it is shown this once)."

    def add_arguments(self, parser):
        parser.add_argument("--workspace", required=True, help="The workspace's slug.")
        parser.add_argument(
            "--read-only", action="store_true", help="A key that reads and changes nothing."
        )
        parser.add_argument("--name", default="Made with manage.py", help="What will use it.")
        parser.add_argument(
            "--expires-in-days", type=int, default=None, help="Stop working after this many days."
        )

    def handle(self, *args, workspace, read_only, name, expires_in_days, **options):
        found = Workspace.objects.filter(slug=workspace).first()
        if found is None:
            raise CommandError(f"No workspace with the slug “{workspace}”.")
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError("--expires-in-days must be 1 or more.")
        expires_at = (
            timezone.now() + datetime.timedelta(days=expires_in_days) if expires_in_days else None
        )
        try:
            new = create_api_key(
                found,
                name=name,
                access=ApiKeyAccess.READ_ONLY if read_only else ApiKeyAccess.READ_WRITE,
                expires_at=expires_at,
                by=None,
            )
        except ApiKeyError as refusal:
            raise CommandError(refusal.message) from None
        self.stderr.write(
            f"{new.key.get_access_display()} key “{new.key.name}” for {found.name}; "
            "keep it now, it is not shown again:"
        )
        self.stdout.write(new.plaintext)
