"""The doors into Bridge: django-allauth's sign-in, sign-up and two-factor pages, adapted."""
