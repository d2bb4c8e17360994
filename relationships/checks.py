"""System checks for what `check --deploy` can't know about Bridge on its own."""

import ipaddress

from django.conf import settings
from django.core.checks import Error, Warning, register


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


@register()
def trusted_proxies_are_addresses(app_configs, **kwargs):
    # A typo here would make every rate-limited request fail, so say so at start-up.
    errors = []
    for entry in settings.TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"TRUSTED_PROXIES holds {entry!r}, which is not an address or a network.",
                    hint="Write addresses or networks, comma-separated: 10.0.0.0/8,192.0.2.7",
                    id="bridge.E002",
                )
            )
    if settings.TRUSTED_PROXIES and settings.TRUSTED_PROXY_COUNT:
        errors.append(
            Error(
                "Set TRUSTED_PROXIES or TRUSTED_PROXY_COUNT, not both.",
                id="bridge.E003",
            )
        )
    return errors
