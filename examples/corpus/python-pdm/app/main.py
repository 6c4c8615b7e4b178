from fastapi import FastAPI
import uvicorn

service = FastAPI()

if __name__ == "__main__":
    uvicorn.run(service, host="0.0.0.0", port=9000)
