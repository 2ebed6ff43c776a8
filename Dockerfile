# syntax=docker/dockerfile:1
# The server as a container image: docker build -t taskapi .   (docker-compose.yml runs it with PostgreSQL)
# The image runs `taskapi serve` by default; `docker run … taskapi migrate` applies migrations/.

# ---- build ---------------------------------------------------------------------------------------
# swift-tools-version 6.2: any Swift 6.2 or later toolchain on Debian 12 will do.
FROM swift:6.2-bookworm AS build

# Headers and pkg-config files of the package's C system libraries (scripts/install-deps.sh's list without make
# and PostgreSQL). libyaml-dev is only for the generator's CLibYAML, which taskapi does not link.
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libyaml-dev libpq-dev libssl-dev libcrypt-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build

# Dependencies in their own layer: a source change does not fetch them again.
COPY Package.* ./
RUN swift package resolve

COPY . .
RUN swift build -c release --product taskapi --static-swift-stdlib \
    && mkdir -p /staging \
    && cp "$(swift build -c release --show-bin-path)/taskapi" /staging/ \
    && cp /usr/libexec/swift/linux/swift-backtrace-static /staging/ \
    && cp -R migrations /staging/migrations

# ---- runtime -------------------------------------------------------------------------------------
FROM debian:bookworm-slim

# Only the shared libraries the binary links (the Swift runtime is linked in statically): libpq (CLibPQ),
# libcrypto from libssl3 (COpenSSLCrypto) and libcrypt (CLibxcrypt). No libyaml: only the generator uses it.
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends libpq5 libssl3 libcrypt1 ca-certificates tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --user-group --home-dir /app --no-create-home --shell /usr/sbin/nologin taskapi

WORKDIR /app
COPY --from=build /staging/taskapi /staging/swift-backtrace-static /usr/local/bin/
COPY --from=build /staging/migrations /app/migrations

# Listen on every interface inside the container; a crash prints a symbolicated backtrace.
ENV HOST=0.0.0.0 \
    PORT=8000 \
    SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/usr/local/bin/swift-backtrace-static

USER taskapi:taskapi
EXPOSE 8000

# slim has no curl: bash's /dev/tcp asks GET /ready (the database answers) and expects a 200 status line.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT:-8000} && printf 'GET /ready HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q '^HTTP/1\\.[01] 200'"]

ENTRYPOINT ["taskapi"]
CMD ["serve"]
