"""myapp: a small FastAPI app using Redis as a cache and a counter, and Celery as a task queue."""
import os
import time

import redis
from fastapi import FastAPI

from app.tasks import add

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
store = redis.Redis.from_url(REDIS_URL, decode_responses=True)
app = FastAPI(title="myapp")


@app.get("/")
def index():
    # A counter: durable data in Redis (one reason the plan does not mark this Redis as a cache).
    hits = store.incr("myapp:hits")
    return {"app": "myapp", "hits": hits}


@app.get("/health")
def health():
    return {"status": "ok", "redis": store.ping()}


@app.get("/slow-square/{n}")
def slow_square(n: int):
    # A cache: results kept for 60 s.
    key = f"myapp:square:{n}"
    cached = store.get(key)
    if cached is not None:
        return {"n": n, "square": int(cached), "cached": True}
    time.sleep(0.2)
    store.set(key, n * n, ex=60)
    return {"n": n, "square": n * n, "cached": False}


@app.post("/add/{a}/{b}")
def enqueue_add(a: int, b: int):
    result = add.delay(a, b)
    return {"task_id": result.id}


@app.get("/tasks/{task_id}")
def task_result(task_id: str):
    result = add.AsyncResult(task_id)
    return {"task_id": task_id, "ready": result.ready(), "value": result.result if result.ready() else None}


@app.post("/cache/warm")
def warm_cache(items: int = 100_000):
    # Pre-computes report fragments into the cache, as a nightly job would.
    items = max(0, min(items, 500_000))
    payload = "x" * 512
    pipe = store.pipeline(transaction=False)
    for i in range(items):
        pipe.set(f"myapp:report:{i}", payload, ex=3600)
        if i % 5_000 == 4_999:
            pipe.execute()
    pipe.execute()
    return {"warmed": items}


@app.delete("/cache")
def invalidate_cache():
    # Drops the report fragments (new data arrived). Redis keeps the freed pages until purged.
    removed = 0
    for key in store.scan_iter(match="myapp:report:*", count=5_000):
        removed += store.unlink(key)
    return {"invalidated": removed}
