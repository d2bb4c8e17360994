import pytest
from django.core.cache import cache

from tests.support.api import ApiClient, key_for


@pytest.fixture
def api(workspace):
    """A read-write key of `workspace`."""
    return ApiClient(key_for(workspace))


@pytest.fixture
def reader(workspace):
    """A read-only key of `workspace`."""
    return ApiClient(key_for(workspace, read_only=True))


@pytest.fixture(autouse=True)
def fresh_rate_counts():
    """Rate counts live in the cache, keyed by key id: ids come back after a rollback."""
    cache.clear()
    yield
    cache.clear()
