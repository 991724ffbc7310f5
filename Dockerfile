# syntax=docker/dockerfile:1
# One image for all six services. The command picks the service and its role:
#   node tools/scripts/start-service.js <service> api|worker     (long-running)
#   node tools/scripts/start-service.js migrate                  (runs migrations, exits)
# TypeScript is compiled at load by SWC, so the image holds the sources and production
# node_modules (@swc/core and @swc-node/register are production dependencies), no build output.
#
# For reproducible builds pin the base by digest, e.g. --build-arg NODE_IMAGE=node:20-bookworm-slim@sha256:…
ARG NODE_IMAGE=node:20-bookworm-slim

# --- deps: production dependencies only, installed exactly from the lockfile -----------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# The lockfile and the install-script decisions in package.json ("allowScripts") were made with
# npm 11; the Node 20 image ships npm 10, which would ignore those decisions.
ARG NPM_VERSION=11.19.1
# swagger-ui pulls @scarf/scarf, whose install script phones home unless told not to.
ENV NODE_ENV=production \
    SCARF_ANALYTICS=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
RUN npm install --global "npm@${NPM_VERSION}"
COPY package.json package-lock.json ./
RUN npm ci --omit=dev \
 && npm cache clean --force

# --- runtime ----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# tini runs as PID 1: it forwards SIGTERM to Node (graceful worker shutdown depends on it)
# and reaps zombies. The platform never runs npm (or yarn) at runtime, so the package managers
# are removed: less to patch. UID/GID 10001 match runAsUser/runAsGroup in the Helm chart.
RUN apt-get update \
 && apt-get install --yes --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 nhsp \
 && useradd --system --uid 10001 --gid nhsp --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin nhsp \
 && rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack /opt/yarn-* \
           /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack /usr/local/bin/yarn /usr/local/bin/yarnpkg

WORKDIR /app
# SWC's compile cache goes to /tmp, the only writable path (an emptyDir in Kubernetes). The
# services listen on loopback unless HOST says otherwise: in a container that is every interface.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    METRICS_PORT=3001 \
    SWC_NODE_CACHE_DIR=/tmp/swc-node

# Files stay owned by root and are not writable by the runtime user.
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.base.json tsconfig.json .swcrc ./
COPY libs ./libs
COPY apps ./apps
COPY tools/scripts ./tools/scripts
COPY tools/cli ./tools/cli

USER 10001:10001
EXPOSE 3000 3001

# Kubernetes uses its own probes; this serves `docker run` and Compose. An API answers on PORT,
# a worker on METRICS_PORT: the check passes when either reports live.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "const http=require('node:http');const ports=[process.env.PORT||3000,process.env.METRICS_PORT||3001];const tryPort=(i)=>{if(i>=ports.length)process.exit(1);http.get({host:'127.0.0.1',port:ports[i],path:'/health/live',timeout:4000},(r)=>{r.resume();r.statusCode===200?process.exit(0):tryPort(i+1);}).on('error',()=>tryPort(i+1)).on('timeout',function(){this.destroy();});};tryPort(0);"]

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "tools/scripts/start-service.js", "publication", "api"]
