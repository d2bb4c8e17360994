"""The API and webhook benchmark cases run and check their own results (timings are
reported, never asserted)."""

import io
import json

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_the_api_and_webhook_cases_report_checked_results():
    out = io.StringIO()
    call_command(
        "benchmark", "--json", "--scale", "tiny", "--case", "api_list",
        "--case", "webhook_dispatch", stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    cases = json.loads(out.getvalue())["cases"]
    listing = cases["api_list"]
    assert "error" not in listing, listing
    assert listing["queries_constant"] is True
    assert listing["big_prospects"] == 5_000 and listing["ratio"] > 0
    webhooks = cases["webhook_dispatch"]
    assert "error" not in webhooks, webhooks
    assert webhooks["verified"] is True and webhooks["delivered"] == webhooks["events"]
