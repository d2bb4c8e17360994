"""Who is calling: an API key sent as a Bearer token, and how often it may call.

A request is authenticated once: the key found is kept on the request (`api_key`),
with its workspace (`workspace`), which every query of the API goes through.
"""

import math
import threading
import time

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from relationships.api.errors import ApiError
from relationships.integrations.keys import ApiKeyError, KeyRole, key_from_token
from relationships.models import ApiKey
from relationships.web.ratelimit import hit


class ApiKeyAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiKey:
        known = getattr(request, "api_key", None)
        if known is not None:
            return known
        try:
            key = key_from_token(token.strip())
        except ApiKeyError as refusal:
            raise ApiError(401, "not_authenticated", refusal.message) from None
        request.api_key = key
        request.workspace = key.workspace
        return key


def authenticated(request: HttpRequest) -> ApiKey | None:
    """The request's key, looked up now if no view did yet (None: ninja answers 401)."""
    return ApiKeyAuth()(request) or None


def acting(request: HttpRequest) -> KeyRole:
    """The key as the services see whoever acts: a role in a workspace."""
    return KeyRole(request.api_key)


class PerKeyThrottle(BaseThrottle):
    """At most API_RATE_LIMIT requests per key per minute, counted atomically in the cache.

    The counter is the public pages' fixed window (relationships/web/ratelimit.py); the
    wait until the window turns is the Retry-After. Kept per thread: ninja shares one
    throttle between requests.
    """

    def __init__(self) -> None:
        self.local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        period = settings.API_RATE_PERIOD_SECONDS
        # Counted by the key's hash: unique, unlike an id a test database hands out again.
        key = f"api-key:{request.auth.key_hash[:32]}"
        allowed = hit(key, limit=settings.API_RATE_LIMIT, period=period)
        self.local.wait = None if allowed else period - time.time() % period
        return allowed

    def wait(self) -> float | None:
        wait = getattr(self.local, "wait", None)
        return max(1, math.ceil(wait)) if wait is not None else None
