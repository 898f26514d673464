# syntax=docker/dockerfile:1
# One image for every Company Graph service; the container's command picks the service:
#   node gateway/dist/index.js | node subgraphs/crm/dist/index.js | node subgraphs/<bif|tmf|kff|okf>/dist/index.js
# Built with the commands CI runs (npm ci, then turbo's build), shipped with production dependencies
# only, run as an unprivileged user. See docs/deployment.md.
ARG NODE_IMAGE=node:20.20-bookworm-slim

# ---- build: the whole workspace, as CI builds it ------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Nothing we run may phone home (the same switches as .ci/run and scripts/offline-env.mjs).
ENV APOLLO_TELEMETRY_DISABLED=true CHECKPOINT_DISABLE=1 TURBO_TELEMETRY_DISABLED=1 \
    PRISMA_SCHEMA_ENGINE_BINARY=/bin/true PRISMA_HIDE_UPDATE_MESSAGE=1 DO_NOT_TRACK=1
# The npm the lockfile was written with (package.json "packageManager").
RUN npm install -g npm@11.19.1 --no-audit --no-fund
COPY . .
# npm ci's "prepare" would also build the embedded development database (PGlite), which production
# never uses; so install without lifecycle scripts, then run the build that "prepare" runs.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && node scripts/offline-env.mjs npx turbo run build --output-logs=errors-only

# ---- deps: production dependencies of the services, nothing else --------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV APOLLO_TELEMETRY_DISABLED=true CHECKPOINT_DISABLE=1 PRISMA_SCHEMA_ENGINE_BINARY=/bin/true PRISMA_HIDE_UPDATE_MESSAGE=1 DO_NOT_TRACK=1
RUN npm install -g npm@11.19.1 --no-audit --no-fund
# Only the manifests: npm links each workspace and installs its "dependencies".
COPY package.json package-lock.json ./
COPY packages/domain/package.json packages/domain/
COPY packages/kit/package.json packages/kit/
COPY mocks/package.json mocks/
COPY schema/package.json schema/
COPY gateway/package.json gateway/
COPY subgraphs/crm/package.json subgraphs/crm/
COPY subgraphs/bif/package.json subgraphs/bif/
COPY subgraphs/tmf/package.json subgraphs/tmf/
COPY subgraphs/kff/package.json subgraphs/kff/
COPY subgraphs/okf/package.json subgraphs/okf/
COPY test/package.json test/
COPY web/package.json web/
# The services' workspaces only (not test/ nor the root's dev tools); their workspace
# dependencies (kit, domain, mocks) come along as links.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
      --workspace=gateway --workspace=subgraphs/crm --workspace=subgraphs/bif \
      --workspace=subgraphs/tmf --workspace=subgraphs/kff --workspace=subgraphs/okf

# ---- runtime ---------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=true CHECKPOINT_DISABLE=1 \
    PRISMA_SCHEMA_ENGINE_BINARY=/bin/true PRISMA_HIDE_UPDATE_MESSAGE=1 DO_NOT_TRACK=1
COPY --from=deps --chown=root:root /app ./
# What the services read at run time: the built code and the files beside it.
COPY --from=build /app/packages/domain/dist packages/domain/dist
COPY --from=build /app/packages/domain/data packages/domain/data
COPY --from=build /app/packages/kit/dist packages/kit/dist
COPY --from=build /app/packages/kit/graphql packages/kit/graphql
COPY --from=build /app/mocks/dist mocks/dist
COPY --from=build /app/schema/supergraph.graphql schema/supergraph.graphql
COPY --from=build /app/gateway/dist gateway/dist
COPY --from=build /app/gateway/trusted-documents.json gateway/trusted-documents.json
COPY --from=build /app/subgraphs/crm/dist subgraphs/crm/dist
COPY --from=build /app/subgraphs/crm/schema.graphql subgraphs/crm/schema.graphql
COPY --from=build /app/subgraphs/crm/prisma subgraphs/crm/prisma
COPY --from=build /app/subgraphs/bif/dist subgraphs/bif/dist
COPY --from=build /app/subgraphs/bif/schema.graphql subgraphs/bif/schema.graphql
COPY --from=build /app/subgraphs/tmf/dist subgraphs/tmf/dist
COPY --from=build /app/subgraphs/tmf/schema.graphql subgraphs/tmf/schema.graphql
COPY --from=build /app/subgraphs/kff/dist subgraphs/kff/dist
COPY --from=build /app/subgraphs/kff/schema.graphql subgraphs/kff/schema.graphql
COPY --from=build /app/subgraphs/okf/dist subgraphs/okf/dist
COPY --from=build /app/subgraphs/okf/schema.graphql subgraphs/okf/schema.graphql
# The files belong to root and are read-only for the service user; run with a read-only root
# filesystem (deploy/ mounts /tmp).
USER 10001:10001
EXPOSE 4000 4001 4002 4003 4004 4005
# No default service: name one, e.g. `docker run IMAGE node gateway/dist/index.js`.
CMD ["node", "-e", "console.error('Choose a service: node gateway/dist/index.js | node subgraphs/<crm|bif|tmf|kff|okf>/dist/index.js'); process.exit(64)"]
