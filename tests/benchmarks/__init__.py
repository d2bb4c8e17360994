"""The benchmark behind `python manage.py benchmark`: one module per case, each measured
against a baseline taken in the same run (machines are noisy).

Importing this package registers every case in `CASES`.
"""

from tests.benchmarks import (
    api,
    claims,
    content_check,
    dispatch,
    fanout,
    imports,
    pages,
    peer,
    worker_rss,
)
from tests.benchmarks.core import CASES, SCALES, Scale, run

__all__ = [
    "CASES",
    "SCALES",
    "Scale",
    "api",
    "claims",
    "content_check",
    "dispatch",
    "fanout",
    "imports",
    "pages",
    "peer",
    "run",
    "worker_rss",
]
