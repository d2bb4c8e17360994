"""Where a webhook may go: public addresses only, checked at the moment of sending.

A coach types any URL, so a webhook could be aimed at the server's own network (the
database, a cloud metadata service at 169.254.169.254): server-side request forgery.
The rule holds in three places:

1. Saving an endpoint (`check_url`): https only in production, no credentials in the
   URL, and a literal address must be public. A clear form error, nothing more.
2. Every send (`vet`): the host name is resolved then and there, and *every* address it
   resolves to must be public (not loopback, private, link-local, shared, reserved,
   multicast or unspecified, nor an IPv4 one hidden in an IPv6 address).
3. The request connects to the address that was vetted, never to a second lookup
   (`pinned_pool`): the TLS certificate and the Host header still name the host, so a
   DNS answer that changes between the check and the connection (DNS rebinding) cannot
   move the request. Redirects are never followed.

DEBUG lifts the address rule and the https rule (WEBHOOK_ALLOW_PRIVATE_TARGETS,
WEBHOOK_REQUIRE_HTTPS), so a developer can point a webhook at a local receiver.
"""

import dataclasses
import ipaddress
import socket
from urllib.parse import urlsplit

import urllib3
from django.conf import settings

from relationships.errors import BridgeError


class AddressRefused(BridgeError):
    """A webhook URL that Bridge won't send to."""


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None and not is_public(str(embedded)):
            return False
    return ip.is_global and not ip.is_multicast


def literal_address(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


@dataclasses.dataclass(frozen=True)
class Target:
    """A checked URL, and (after `vet`) the one address the request may connect to."""

    scheme: str
    host: str
    port: int
    netloc: str
    path: str
    address: str = ""


def check_url(url: str) -> Target:
    """Refuse what can never be sent to; the address itself is checked again at send time."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise AddressRefused("That is not a URL Bridge can send to.", field="url") from None
    if parts.scheme not in ("https", "http"):
        raise AddressRefused("The URL must start with https://.", field="url")
    if parts.scheme == "http" and settings.WEBHOOK_REQUIRE_HTTPS:
        raise AddressRefused(
            "Use an https:// URL: webhooks carry your prospects' details.", field="url"
        )
    if not parts.hostname:
        raise AddressRefused("The URL needs a host name.", field="url")
    if parts.username or parts.password:
        raise AddressRefused(
            "Leave passwords out of the URL: Bridge signs each request instead.", field="url"
        )
    literal = literal_address(parts.hostname)
    if literal and not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS and not is_public(literal):
        raise AddressRefused(
            f"{parts.hostname} is not a public address: Bridge only sends to the internet.",
            field="url",
        )
    netloc = parts.netloc.rsplit("@", 1)[-1]
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    default_port = 443 if parts.scheme == "https" else 80
    return Target(parts.scheme, parts.hostname, port or default_port, netloc, path)


def resolve(host: str, port: int) -> list[str]:
    """Every address the host resolves to now (a literal address resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise AddressRefused(f"{host} could not be resolved ({exc}).", field="url") from None
    return list(dict.fromkeys(info[4][0].split("%", 1)[0] for info in infos))


def vet(url: str) -> Target:
    """The target to connect to, resolved and checked now; refuses any non-public address."""
    target = check_url(url)
    addresses = resolve(target.host, target.port)
    if not addresses:
        raise AddressRefused(f"{target.host} has no address.", field="url")
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        private = [address for address in addresses if not is_public(address)]
        if private:
            raise AddressRefused(
                f"{target.host} resolves to {', '.join(private)}, which is not a public "
                "address: Bridge only sends webhooks to the internet.",
                field="url",
            )
    return dataclasses.replace(target, address=addresses[0])


def pinned_pool(target: Target, *, timeout: urllib3.Timeout) -> urllib3.HTTPConnectionPool:
    """A keep-alive connection pool to the vetted address only; TLS still checks the host."""
    common = {"port": target.port, "timeout": timeout, "maxsize": 1, "retries": False}
    if target.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            target.address,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
            **common,
        )
    return urllib3.HTTPConnectionPool(target.address, **common)
