import os
import subprocess
import sys

from tests.support.processes import ROOT

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3J9-vQz_8wLr2#Tn5yPb7&Xc4Hs6Md1Ge0Fa^Ui$Oo-pW3eR9tY2uI7oP4aS1dF6",
    "ALLOWED_HOSTS": "bridge.example.com",
    "SITE_URL": "https://bridge.example.com",
}


def manage(*args, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_values():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_complains_about_the_embedded_defaults():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_migrations_are_complete():
    result = manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_wants_an_https_site_url():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING",
        env={**PRODUCTION, "SITE_URL": "http://bridge.example.com"},
    )  # fmt: skip
    assert result.returncode != 0
    assert "bridge.W001" in result.stdout + result.stderr
