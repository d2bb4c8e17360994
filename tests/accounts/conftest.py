import itertools

import pytest
from django.core.cache import cache

_addresses = itertools.count(1)


@pytest.fixture(autouse=True)
def fresh_limits():
    # The limits are counted in the cache; each test starts from nothing.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def address():
    """A client address of this test's own, so no other test's count reaches it."""
    n = next(_addresses)
    return f"198.51.{n // 250}.{n % 250 + 1}"
