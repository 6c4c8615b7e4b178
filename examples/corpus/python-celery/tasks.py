from celery import Celery

worker = Celery("jobs", broker="redis://localhost:6379/0")

@worker.task
def ping():
    return "pong"
