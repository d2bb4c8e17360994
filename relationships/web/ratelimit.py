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


def client_ip(request: HttpRequest) -> str:
    """The address to count against; IPv6 clients by their /64, which one host can roam."""
    address = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        # Behind our proxy every request comes from the proxy's address. The last
        # X-Forwarded-For entry is the one the proxy appended; the ones before it
        # are whatever the client claimed, so they are never trusted.
        address = forwarded.rsplit(",", 1)[-1].strip()
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
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
