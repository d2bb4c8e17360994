import pytest

from tests.support.api import ApiClient, key_for


@pytest.fixture
def api(workspace):
    """A read-write key of `workspace`."""
    return ApiClient(key_for(workspace))


@pytest.fixture
def reader(workspace):
    """A read-only key of `workspace`."""
    return ApiClient(key_for(workspace, read_only=True))
