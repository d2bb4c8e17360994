import os

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")

app = Celery("crm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def forget_logged_queries(**kwargs):
    # With DEBUG on (the embedded default) Django keeps every query it ran; a
    # long-lived worker would grow with each task without this.
    from django.db import reset_queries

    reset_queries()
