# syntax=docker/dockerfile:1
# GD Arena in a container: one Node process and one SQLite file on a volume. See docker-compose.yml, and
# docs/OPERATIONS.md for backups, the admin password and running behind a reverse proxy.

# ---------------------------------------------------------------- build: dependencies, Prisma client, pages
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 downloads a prebuilt binding for linux x64/arm64; these compile it where none fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The project's own postinstall (Prisma client, pages) needs the sources, copied below: install without scripts,
# then build only the dependencies that have a native part. tfjs-node is optional: without its library the server
# runs TensorFlow.js on the CPU and says so in its log.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 esbuild \
 && (npm rebuild @tensorflow/tfjs-node || echo "tfjs-node unavailable: the CPU backend will run")
COPY . .
RUN npm run generate \
 && npm run build:client \
 && npm prune --omit=dev --no-audit --no-fund

# ---------------------------------------------------------------- runtime: what the server reads, as user node
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATABASE_URL=file:/app/data/gd-arena.db
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json /app/tsconfig.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/server ./server
COPY --from=build --chown=node:node /app/shared ./shared
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/dist ./dist
# The volume is created from this folder: owned by node, so the server can write its database there.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => r.json()).then((h) => process.exit(h.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM closes the server gracefully (every guess is already committed).
STOPSIGNAL SIGTERM
CMD ["node", "--import", "tsx", "server/main.ts"]
