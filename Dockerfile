# syntax=docker/dockerfile:1
# --- deps: install production dependencies (native better-sqlite3 builds here)
FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev

# --- runtime: sources run through tsx; no build step
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000 JIESU_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY app ./app
COPY bin ./bin
COPY bot ./bot
COPY channels ./channels
COPY console ./console
COPY desk ./desk
COPY knowledge ./knowledge
COPY nlp ./nlp
COPY store ./store
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "bin/jiesu.js", "start"]
