"""How django-allauth behaves in Bridge: who may sign up, the lock's words, client addresses."""

from allauth.account import stages as allauth_stages
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpRequest

from relationships.web.ratelimit import client_address


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # The lock (ACCOUNT_RATE_LIMITS["login_failed"]): said plainly, with the way out.
        "too_many_login_attempts": (
            "Too many wrong passwords for this account: it is locked for "
            f"{settings.LOGIN_LOCK_SECONDS // 60} minutes, even with the right password. "
            "Try again later, or choose a new password with “Forgot your password?”."
        ),
        "email_password_mismatch": (
            "That email and password don't match. Please try again; the password is case-sensitive."
        ),
        "username_password_mismatch": (
            "That username and password don't match. Please try again; both are case-sensitive."
        ),
        "rate_limited": "Too many tries from here in a short time. Please wait a minute.",
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return settings.ALLOW_SIGNUP

    def get_client_ip(self, request: HttpRequest) -> str:
        # One rule for every limit: X-Forwarded-For only from TRUSTED_PROXIES.
        return client_address(request) or "unknown"

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials) -> str:
        # One count per account, however it is named (username, address, their case) and
        # whichever host name the request used; per typed name when no account has it.
        typed = (credentials.get("email") or credentials.get("username") or "").strip().lower()
        user = (
            get_user_model()
            .objects.filter(Q(username__iexact=typed) | Q(email__iexact=typed))
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        return f"account:{user}" if user is not None else f"login:{typed}"

    def get_login_stages(self) -> list[str]:
        return [
            "relationships.web.accounts.adapter.EmailVerificationStage"
            if stage == "allauth.account.stages.EmailVerificationStage"
            else stage
            for stage in super().get_login_stages()
        ]


class EmailVerificationStage(allauth_stages.EmailVerificationStage):
    """Accounts made before sign-up existed (by an operator, or by accepting an invitation
    mailed to the address) have no address record: theirs was never in doubt. Everyone
    who signs up gets a record, unverified until they click the link."""

    def handle(self):
        user = self.login.user
        if user is not None and not EmailAddress.objects.filter(user_id=user.pk).exists():
            return None, True
        return super().handle()


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_label(self, user) -> str:
        return user.email or user.get_username()
