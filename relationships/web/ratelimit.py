"""A small per-client rate limit for public endpoints, counted in Django's cache.

Fixed windows: at most `limit` hits per `period` seconds per key. Cheap and
good enough to blunt floods and token guessing; with the per-process locmem
cache each web process counts on its own, so use a shared cache (Redis) in
production to make the limit exact.
"""

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _trusted_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(entry, strict=False) for entry in settings.TRUSTED_PROXIES]


def _parse(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's own address: X-Forwarded-For is believed only as far as our proxies.

    Without TRUSTED_PROXIES or TRUSTED_PROXY_COUNT the header is ignored, since any
    client can write it. With TRUSTED_PROXIES, the chain is read from the right (the
    connecting peer, then each hop it names) while the hop is one of our proxies; the
    first one that isn't is the client. With TRUSTED_PROXY_COUNT = n, the n-th entry
    from the right is the client (n proxies each appended the address they saw).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if settings.TRUSTED_PROXIES:
        networks = _trusted_networks()

        def ours(address: str) -> bool:
            ip = _parse(address)
            return ip is not None and any(ip in network for network in networks)

        address = remote
        while hops and ours(address):
            address = hops.pop()
        return address
    if settings.TRUSTED_PROXY_COUNT and hops:
        if len(hops) >= settings.TRUSTED_PROXY_COUNT:
            return hops[-settings.TRUSTED_PROXY_COUNT]
        return hops[0]
    return remote


def client_ip(request: HttpRequest) -> str:
    """The address to count against; IPv6 clients by their /64, which one host can roam."""
    ip = _parse(client_address(request))
    if ip is None:
        return "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def hit(key: str, *, limit: int, period: int = 60) -> bool:
    """Count one hit for `key`; True while it is within `limit` hits in this period."""
    window = int(time.time() // period)
    cache_key = f"ratelimit:{key}:{window}"
    # add() is a no-op when the counter exists, and incr() is atomic in Redis and
    # memcached, so concurrent requests never lose a count.
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window's counter expired between add() and incr()
        cache.set(cache_key, 1, timeout=period + 1)
        count = 1
    return count <= limit


def address_key(email: str) -> str:
    """The key part for an email address: hashed, so no address is kept in the cache."""
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]


def within_limits(*limits: tuple[str, int, int]) -> bool:
    """Count a hit against each (key, limit, period); True only while every one is within.

    Every key is counted even when an earlier one is over, so a flood from one
    address keeps counting against the others it touches.
    """
    results = [hit(key, limit=limit, period=period) for key, limit, period in limits]
    return all(results)
