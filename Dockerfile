# Adal: a small runtime image for `adal serve`.
# Build: docker build -t adal .   Run: see docker-compose.yml.
FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin adal

FROM debian:bookworm-slim
# The data directory exists in the image, owned by adal, so that a fresh named volume mounted
# there starts owned by adal (Docker creates a missing mount point as root).
RUN useradd --system --home /var/lib/adal --create-home adal \
    && install -d -o adal -g adal /var/lib/adal/data \
    && apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/adal /usr/local/bin/adal
COPY corpus /usr/share/adal/corpus
USER adal
ENV ADAL_DATA=/var/lib/adal/data ADAL_LISTEN=0.0.0.0:8080 ADAL_CORPUS=/usr/share/adal/corpus
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["adal"]
CMD ["serve"]
