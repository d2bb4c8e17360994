from django.core.management.base import BaseCommand

from relationships.workspaces.demo import load_demo


class Command(BaseCommand):
    help = "Create (or leave as is) the demo workspace, its coach login and prospects."

    def handle(self, *args, **options):
        summary = load_demo()
        self.stdout.write(
            f"Demo workspace “{summary.workspace.name}”: "
            f"{summary.created_prospects} prospects added, "
            f"{summary.workspace.prospects.count()} in all."
        )
