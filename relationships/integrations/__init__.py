"""Talking to other tools: API keys, idempotent requests, events and outgoing webhooks.

keys.py (make, revoke, authenticate), idempotency.py (a retried POST is done once),
representations.py (how records look outside), events.py (`emit`, in the caller's
transaction), webhooks.py (endpoints and their health), dispatch.py (claims under a
lease) and sending.py (sign, POST, record), addresses.py (public addresses only).
"""
