"""Celery tasks of myapp; the broker and result backend are the same Redis."""
import os

from celery import Celery

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
celery_app = Celery("myapp", broker=REDIS_URL, backend=REDIS_URL)


@celery_app.task
def add(a, b):
    return a + b
