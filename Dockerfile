# syntax=docker/dockerfile:1
# Wirehook container image, one for every role (the Helm chart in chart/ sets the args):
#   docker build -t wirehook .
#   docker run --rm -p 8899:8899 wirehook                         # demo: hub + worker in one process
#   docker run --rm --network host --cap-add NET_RAW --cap-add NET_ADMIN wirehook worker --hub ws://HUB:8899 --token T --interface eth0
# TypeScript runs through tsx (a runtime dependency), as with `npm start`.

# ---- build: native modules (isolated-vm compiles from source; cap needs libpcap headers) and the dashboard bundle
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ libpcap-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
RUN if [ -f web/ui/build.ts ]; then node --import=tsx web/ui/build.ts; fi

# ---- runtime
FROM node:20-bookworm-slim
# libpcap for the cap producer, tcpdump as the default capture producer, tini as PID 1.
# tcpdump gets file capabilities so a non-root worker can capture when the pod grants
# NET_RAW/NET_ADMIN (chart: worker.capabilities); setcap's package is removed again.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpcap0.8 tcpdump tini ca-certificates libcap2-bin \
 && setcap cap_net_raw,cap_net_admin+eip /usr/bin/tcpdump \
 && apt-get purge -y libcap2-bin \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app /app
RUN ln -s /app/runtime/cli/bin.js /usr/local/bin/wirehook \
 && mkdir -p /data \
 && chown 1000:1000 /data
ENV NODE_ENV=production
# uid 1000 is the image's `node` user: the hub never needs root; workers capture through
# tcpdump's file capabilities (or run as root: chart worker.runAsRoot).
USER 1000:1000
VOLUME ["/data"]
EXPOSE 8899 8897
# --no-node-snapshot here saves bin.js its re-exec (isolated-vm needs it on node 20).
ENTRYPOINT ["tini", "--", "node", "--no-node-snapshot", "/app/runtime/cli/bin.js"]
CMD ["start", "--bind", "0.0.0.0", "--data", "/data"]
