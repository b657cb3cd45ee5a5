# syntax=docker/dockerfile:1
# Andi TMS: one static binary on distroless. Build: docker build --build-arg VERSION=$(git rev-parse --short HEAD) -t tms .

# ---- Go build (htmx and Leaflet are committed under internal/ui/static/vendor; CI checks them against package-lock.json): CGO off (pure-Go SQLite), so the binary runs on a static base ----
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=dev
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/tms ./cmd/tms \
 && mkdir -p /out/data

# ---- RDS CA bundle: the task definition's DATABASE_SSLROOTCERT points at it (sslmode verify-full) ----
# AWS publishes it at a fixed URL and changes it when it adds CAs, so its SHA-256 is pinned by the
# build argument (the deploy workflow passes the repository variable RDS_CA_BUNDLE_SHA256; see
# docs/README_DEPLOY.md). Without the argument (a local build) the file is left empty and a
# verify-full connection that uses it fails loudly.
FROM golang:1.26-bookworm AS rdsca
ARG RDS_CA_BUNDLE_SHA256=""
RUN mkdir -p /out && if [ -z "$RDS_CA_BUNDLE_SHA256" ]; then \
      echo "RDS_CA_BUNDLE_SHA256 not set: no RDS CA bundle in this image" >&2; : > /out/rds-global-bundle.pem; \
    else \
      curl -fsSL --proto '=https' --tlsv1.2 -o /out/rds-global-bundle.pem https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem \
      && echo "$RDS_CA_BUNDLE_SHA256  /out/rds-global-bundle.pem" | sha256sum -c - ; \
    fi

# ---- runtime: no shell, no package manager, uid 65532 ----
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tms /tms
COPY --from=rdsca /out/rds-global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
# Embedded mode (no DATABASE_URL) keeps its SQLite file and documents here.
COPY --from=build --chown=65532:65532 /out/data /data
ENV PORT=8000 DATA_DIR=/data
USER nonroot
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["/tms", "healthcheck"]
ENTRYPOINT ["/tms"]
CMD ["serve"]
