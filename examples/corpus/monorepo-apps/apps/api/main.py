import os
import redis
from fastapi import FastAPI

r = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://localhost:6379"))
app = FastAPI()

@app.get("/")
def hits():
    return {"hits": r.incr("hits")}
