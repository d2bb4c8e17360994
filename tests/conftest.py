import os

import pytest

from tests.factories import MembershipFactory, UserFactory, WorkspaceFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def need(reason: str) -> None:
    """A missing service or browser: a failure under CI, a one-line skip on a laptop."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture
def workspace(db):
    return WorkspaceFactory()


@pytest.fixture
def coach(workspace):
    user = UserFactory()
    MembershipFactory(user=user, workspace=workspace)
    return user
