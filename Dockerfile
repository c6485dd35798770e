# The worker image: compiled JavaScript, production dependencies, migrations.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci runs it (postinstall): it mends a postgres.js bug on lost connections.
COPY scripts/patch-postgres.mjs ./scripts/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim
ENV NODE_ENV=production
# V8 otherwise lets the heap grow far past the live data before it collects (npm run bench, figure 5).
ENV NODE_OPTIONS=--max-old-space-size=128
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/patch-postgres.mjs ./scripts/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY migrations ./migrations
USER node
ENTRYPOINT ["node", "--", "bin/altegio-sync.js"]
CMD ["worker"]
