# Coordinator's production image. Two stages: the build stage compiles TypeScript with the dev
# dependencies; the runtime stage holds only the production dependencies, dist/, package*.json and
# app.yml, and runs as the non-root `node` user. Build: `docker build -t coordinator .`; run it with
# docker-compose.yml or as docs/setup.md shows. Base image pinned by tag (Node 22 LTS "Jod", Debian
# 13 slim); Dependabot proposes updates (.github/dependabot.yml).

FROM node:22.23.4-trixie-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:22.23.4-trixie-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 LOG_FORMAT=json
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY app.yml ./
USER node
EXPOSE 3000
# The signal the app drains on (docker stop sends it, then waits stop_grace_period / --time).
STOPSIGNAL SIGTERM
# No curl in slim images: node itself asks the app's /healthz on its own port.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself is PID 1 and receives SIGTERM (npm would be an extra process in between).
CMD ["node", "dist/main.js"]
