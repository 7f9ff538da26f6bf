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
# Never root at run time.
USER node
# `npm run commands:deploy` is the same image with another command (docker compose's deploy profile).
CMD ["node", "--import", "tsx", "src/main.ts"]
