import itertools

import pytest

_addresses = itertools.count(1)


@pytest.fixture
def address():
    """A client address of this test's own, so no other test's count reaches it."""
    n = next(_addresses)
    return f"198.51.{n // 250}.{n % 250 + 1}"
