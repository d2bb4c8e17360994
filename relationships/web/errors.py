"""Friendly pages for what Django would otherwise answer in its bare style."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form that couldn't be checked (cookies blocked, or the page sat open too long)."""
    return render(request, "csrf_failure.html", status=403)
