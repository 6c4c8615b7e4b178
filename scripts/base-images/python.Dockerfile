# Local stand-in for python:3.x-slim on machines that cannot pull from a registry.
# Debian's python3 plus the packages of the common web/worker stack, so that `pip install -r
# requirements.txt` finds unpinned requirements of that stack already satisfied and needs no index.
ARG DEBIAN_BASE=tekton-local/debian:bookworm
FROM ${DEBIAN_BASE}
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates python3 python3-pip python3-venv python-is-python3 \
      python3-fastapi python3-uvicorn python3-celery python3-redis python3-flask \
      gunicorn python3-psycopg2 python3-django python3-requests python3-httpx \
 && rm -f /usr/lib/python3*/EXTERNALLY-MANAGED \
 && rm -rf /var/lib/apt/lists/*
CMD ["python3"]
