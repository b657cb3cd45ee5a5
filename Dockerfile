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

# ---- runtime: no shell, no package manager, uid 65532 ----
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tms /tms
# Embedded mode (no DATABASE_URL) keeps its SQLite file and documents here.
COPY --from=build --chown=65532:65532 /out/data /data
ENV PORT=8000 DATA_DIR=/data
USER nonroot
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["/tms", "healthcheck"]
ENTRYPOINT ["/tms"]
CMD ["serve"]
