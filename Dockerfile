# syntax=docker/dockerfile:1
# GD Arena in a container: one Node process and one SQLite file on a volume. See docker-compose.yml, and
# docs/OPERATIONS.md for backups, the admin password and running behind a reverse proxy.

# ---------------------------------------------------------------- build: dependencies, Prisma client, pages, server
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 downloads a prebuilt binding for linux x64/arm64; these compile it where none fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The project's own postinstall (Prisma client, pages, server) needs the sources, copied below: install without
# scripts, then build only the dependencies that have a native part. tfjs-node is optional: without its library
# the server runs TensorFlow.js on the CPU and says so in its log.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild better-sqlite3 esbuild \
 && (npm rebuild @tensorflow/tfjs-node || echo "tfjs-node unavailable: the CPU backend will run")
COPY . .
# The server becomes one JavaScript file (dist/server/main.js); then the build tools (tsx, esbuild, vite, the
# Prisma CLI: devDependencies) are dropped, leaving the packages the bundle loads at run time (native bindings).
RUN npm run generate \
 && npm run build:client \
 && npm run build:server \
 && npm prune --omit=dev --no-audit --no-fund

# ---------------------------------------------------------------- runtime: plain node, what the server reads, as user node
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATABASE_URL=file:/app/data/gd-arena.db
WORKDIR /app
# package.json: the version the server reports; prisma: the migrations applied at start-up; dist: server and pages.
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/prisma ./prisma
COPY --from=build --chown=node:node /app/dist ./dist
# The volume is created from this folder: owned by node, so the server can write its database there.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => r.json()).then((h) => process.exit(h.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM closes the server gracefully (every guess is already committed).
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/main.js"]
