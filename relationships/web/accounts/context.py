from django.conf import settings
from django.http import HttpRequest


def accounts(request: HttpRequest) -> dict:
    """Whether the sign-in page offers to make an account (ALLOW_SIGNUP)."""
    return {"ALLOW_SIGNUP": settings.ALLOW_SIGNUP}
