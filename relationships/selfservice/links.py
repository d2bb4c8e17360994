"""The self-service links every email and prospect page carries."""

from django.conf import settings
from django.urls import reverse

from relationships.selfservice.tokens import make_token

# What a prospect can do from any email, each a page of its own.
PROSPECT_CHOICES = ("unsubscribe", "talk", "not_now", "less_often", "preferences", "where")


class LinkTemplates:
    """Each choice's URL reversed once (≈50 µs a reverse()); per person only the token differs."""

    MARK = "bridge-token-mark"

    def __init__(self, *, absolute: bool = False):
        prefix = settings.SITE_URL if absolute else ""
        self.templates = {
            purpose: prefix + reverse(f"public:{purpose}", kwargs={"token": self.MARK})
            for purpose in PROSPECT_CHOICES
        }

    def for_prospect(self, prospect_id: int) -> dict[str, str]:
        return {
            f"{purpose}_url": template.replace(self.MARK, make_token(prospect_id, purpose))
            for purpose, template in self.templates.items()
        }


def prospect_links(prospect_id: int, *, absolute: bool = False) -> dict[str, str]:
    """{"talk_url": "/p/talk/<token>/", …}; absolute URLs (for email) start with SITE_URL."""
    return LinkTemplates(absolute=absolute).for_prospect(prospect_id)
