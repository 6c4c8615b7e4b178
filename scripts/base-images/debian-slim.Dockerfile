# Local stand-in for debian:bookworm-slim: the imported minbase plus CA certificates.
ARG DEBIAN_BASE=tekton-local/debian:bookworm
FROM ${DEBIAN_BASE}
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
