"""The API: a third audience over the same services as the coach's pages (DESIGN.md 8).

app.py builds it (django-ninja, OpenAPI 3.1); one module per resource holds its router
and request schemas; the response shapes that webhooks share live in
relationships/integrations/representations.py. auth.py finds the key, writes.py wraps
every change (roles, one transaction, Idempotency-Key), errors.py says no in JSON.
"""
