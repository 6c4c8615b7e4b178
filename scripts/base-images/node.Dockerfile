# Local stand-in for node:XX-slim on machines that cannot pull from a registry: Debian's nodejs and npm.
ARG DEBIAN_BASE=tekton-local/debian:bookworm
FROM ${DEBIAN_BASE}
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates nodejs npm \
 && rm -rf /var/lib/apt/lists/*
CMD ["node"]
