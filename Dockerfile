# boksup: a two-stage image. The build stage compiles TypeScript with the dev dependencies; the runtime
# stage holds only the production dependencies, the compiled code and the files it reads at run time.
# No secret goes into any layer: DISCORD_TOKEN and DATABASE_URL come from the environment when it runs.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: nothing here needs an install script (esbuild, resvg and biome ship their binaries as
# optional dependency packages), and npm 11 would only warn about unapproved ones anyway.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production HEALTH_PORT=8080 DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches ./patches
# Dependencies' install scripts stay off; the project's own postinstall applies patches/ (a fix to postgres.js).
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm run postinstall \
 && npm cache clean --force \
 && rm -rf /root/.npm /tmp/*
COPY --from=build /app/dist ./dist
COPY content ./content
COPY migrations ./migrations
COPY assets ./assets
# PGlite keeps its files here when no DATABASE_URL is given; mount a volume on it to keep them.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.HEALTH_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# node directly, not npm: the signal reaches the bot and the image needs no TypeScript runner.
CMD ["node", "dist/main.js"]
