# Local stand-in for golang:X on machines that cannot pull from a registry: Debian's Go toolchain.
ARG DEBIAN_BASE=tekton-local/debian:bookworm
FROM ${DEBIAN_BASE}
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 GOTOOLCHAIN=local GOFLAGS=-mod=mod
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates golang-go git \
 && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/go/bin:$PATH
CMD ["go", "version"]
