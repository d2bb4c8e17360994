"""Celery tasks: thin, take ids, call a service, safe to run twice."""

from celery import shared_task

from . import revisits


@shared_task
def flag_due_revisits() -> int:
    return revisits.flag_due_revisits()
