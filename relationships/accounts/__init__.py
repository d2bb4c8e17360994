"""Accounts: starting alone (sign-up's first run), a person leaving, and the workspace's
two-factor rule. django-allauth does sign-in itself; these are Bridge's rules around it."""
