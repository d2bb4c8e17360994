"""Make a workspace and its owner from the shell: what sign-up's first run does, for
operators who keep public sign-up off (ALLOW_SIGNUP=false)."""

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from relationships.accounts.first_run import start_practice
from relationships.errors import BridgeError


class Command(BaseCommand):
    help = "Create a workspace (stages, starter library and sequences) and its owner's account."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The practice's name.")
        parser.add_argument("--owner-email", required=True, help="The owner's email address.")
        parser.add_argument("--owner-name", default="", help="The owner's name, as sender.")
        parser.add_argument("--postal-address", required=True, help="Shown in every email.")
        parser.add_argument("--timezone", default="UTC", help="An IANA name, e.g. Europe/London.")
        parser.add_argument("--sender-email", default="", help="Default: the owner's address.")
        parser.add_argument("--booking-url", default="")

    def handle(self, *args, **options):
        email = options["owner_email"].strip().lower()
        User = get_user_model()
        try:
            with transaction.atomic():
                owner = User.objects.filter(email__iexact=email).first()
                created = owner is None
                if created:
                    owner = User(username=email, email=email)
                    owner.set_unusable_password()
                    owner.save()
                    EmailAddress.objects.create(
                        user=owner, email=email, verified=True, primary=True
                    )
                workspace = start_practice(
                    owner,
                    name=options["name"],
                    sender_name=options["owner_name"],
                    sender_email=options["sender_email"] or email,
                    postal_address=options["postal_address"],
                    timezone=options["timezone"],
                    booking_url=options["booking_url"],
                )
        except BridgeError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"Workspace “{workspace.name}” ({workspace.slug}) owned by {email}.")
        if created:
            path = reverse(
                "account_reset_password_from_key",
                kwargs={
                    "uidb36": user_pk_to_url_str(owner),
                    "key": default_token_generator.make_token(owner),
                },
            )
            self.stdout.write(f"They choose their password here: {settings.SITE_URL}{path}")
