"""System checks for what `check --deploy` can't know about Bridge on its own."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def site_url_is_https(app_configs, **kwargs):
    # RFC 8058 and Gmail/Yahoo want an HTTPS List-Unsubscribe URL in every email.
    if not settings.SITE_URL.startswith("https://"):
        return [
            Warning(
                "SITE_URL is not an https:// URL.",
                hint="Set SITE_URL to the public HTTPS address; email links and "
                "List-Unsubscribe are built from it.",
                id="bridge.W001",
            )
        ]
    return []
