"""`manage.py benchmark`: one JSON object, checked results, never the developer's database.

Timings go in the report, never in assertions: machines are noisy.
"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

import tests.benchmarks as benchmark

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def run_benchmark(*cases: str) -> dict:
    out = io.StringIO()
    arguments = [argument for case in cases for argument in ("--case", case)]
    call_command(
        "benchmark", "--json", "--scale", "tiny", *arguments, stdout=out, stderr=io.StringIO()
    )
    return json.loads(out.getvalue())


def test_it_reports_every_case_of_one_run_in_one_json_object():
    database = connection.settings_dict["NAME"]
    result = run_benchmark("dispatch", "fanout", "claim_scaling", "content_check")

    assert result["scale"] == "tiny"
    assert result["database"] == connection.vendor
    assert {"python", "cpu_count"} <= set(result["machine"])
    assert list(result["cases"]) == ["dispatch", "fanout", "claim_scaling", "content_check"]

    dispatch = result["cases"]["dispatch"]
    assert dispatch["verified"] is True
    assert dispatch["sink_received"] == dispatch["messages"] == benchmark.SCALES["tiny"].dispatch
    assert dispatch["path_rate"] > 0 and dispatch["smtplib_rate"] > 0 and dispatch["ratio"] > 0

    fanout = result["cases"]["fanout"]
    assert fanout["constant"] is True
    assert len(fanout["queries_per_prospect"]) == 2
    assert fanout["deliveries"] == fanout["steps"] * (
        fanout["prospects"] + fanout["prospects"] // 10
    )

    claims = result["cases"]["claim_scaling"]
    assert claims["big"]["rows"] == benchmark.SCALES["tiny"].outbox
    assert claims["baseline"]["rows"] == benchmark.SCALES["tiny"].outbox_baseline
    assert claims["plan"]

    check = result["cases"]["content_check"]
    assert check["words"] >= 1000 and check["check_ms"] > 0

    # The throwaway database is gone and this connection is back on its own.
    assert connection.settings_dict["NAME"] == database


def test_a_failing_case_is_reported_and_the_throwaway_database_still_goes(monkeypatch):
    database = connection.settings_dict["NAME"]
    created = []

    def broken(scale, progress):
        created.append(connection.settings_dict["NAME"])
        raise RuntimeError("sink on fire")

    monkeypatch.setitem(benchmark.CASES, "broken", broken)
    with pytest.raises(CommandError, match="broken"):
        call_command(
            "benchmark", "--json", "--case", "broken", stdout=io.StringIO(), stderr=io.StringIO()
        )

    assert created and created[0] != database
    assert connection.settings_dict["NAME"] == database
    assert not database_exists(created[0])


def database_exists(name: str) -> bool:
    if connection.vendor == "sqlite":
        return any(Path(name + suffix).exists() for suffix in ("", "-wal", "-shm"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None
