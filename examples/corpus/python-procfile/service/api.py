import os
import redis
from fastapi import FastAPI
cache = redis.Redis.from_url(os.environ["REDIS_URL"])
app = FastAPI()

@app.get("/")
def root():
    v = cache.get("k")
    if v is None:
        cache.setex("k", 30, "v")
    return {"v": v}
