"""The self-service links every email and prospect page carries."""

from django.conf import settings
from django.urls import reverse

from .tokens import make_token

# What a prospect can do from any email, each a page of its own.
PROSPECT_CHOICES = ("unsubscribe", "talk", "not_now", "less_often", "preferences", "where")


def prospect_links(prospect_id: int, *, absolute: bool = False) -> dict[str, str]:
    """{"talk_url": "/p/talk/<token>/", …}; absolute URLs (for email) start with SITE_URL."""
    prefix = settings.SITE_URL if absolute else ""
    return {
        f"{purpose}_url": prefix
        + reverse(f"public:{purpose}", kwargs={"token": make_token(prospect_id, purpose)})
        for purpose in PROSPECT_CHOICES
    }
