# Troupe as a container: Node 22, production dependencies only, TypeScript run directly by tsx (no
# build step to drift from the source). Build: `docker build -t troupe .`; run it with docker compose
# (see docker-compose.yml and the README's "Run it on your server").

# 1. Dependencies, from the lockfile exactly; dev tools (tests, linters, types) left out.
FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# 2. The app: dependencies from stage 1, then the source, commands, scripts and shipped personas.
FROM node:22-bookworm-slim AS app
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY commands ./commands
COPY scripts ./scripts
COPY personas ./personas
# The HTTP server: /healthz, /readyz, /metrics and persona avatars (HTTP_PORT; 0 turns it off).
ENV HTTP_PORT=8080
EXPOSE 8080
# Never root at run time.
USER node
# Healthy while the process answers and its Redis does (GET /healthz); the slim image has no curl, so
# Node's own fetch asks. A process started with HTTP_PORT=0 has nothing to ask: override or disable this.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:${HTTP_PORT:-8080}/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# `npm run commands:deploy` is the same image with another command (docker compose's deploy profile).
CMD ["node", "--import", "tsx", "src/main.ts"]
