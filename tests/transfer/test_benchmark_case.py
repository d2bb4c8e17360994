"""The import benchmark case runs and checks its own result (timings are reported, never
asserted)."""

import io
import json

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_import_case_reports_rates_ratio_and_memory():
    out = io.StringIO()
    call_command(
        "benchmark", "--json", "--scale", "tiny", "--case", "import",
        stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    outcome = json.loads(out.getvalue())["cases"]["import"]
    assert "error" not in outcome, outcome
    assert outcome["rows"] == 2_000 and outcome["existing"] == 1_000
    assert outcome["rows_per_second"] > 0 and outcome["ratio"] > 0
    assert outcome["peak_rss_big_mb"] > 0 and outcome["rss_ratio"] > 0
