"""Tools for developers: a local SMTP sink and the benchmark cases (need the dev extras)."""
