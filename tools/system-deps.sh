#!/usr/bin/env bash
# The Debian packages the test suite needs, checked by the command each provides.
# Usage: tools/system-deps.sh check    → exit 1 listing what is missing
#        tools/system-deps.sh install  → apt-get install what is missing (root only)
set -u
# command:package pairs
DEPS=(
  tcpdump:tcpdump tshark:tshark editcap:tshark tcpreplay:tcpreplay
  nginx:nginx-light redis-server:redis-server redis-cli:redis-server dnsmasq:dnsmasq-base
  nghttp:nghttp2-client curl:curl
  prometheus:prometheus promtool:prometheus
  chromium:chromium
  memcached:memcached swift-proxy-server:swift-proxy swift-object-server:swift-object
  swift-container-server:swift-container swift-account-server:swift-account swift-ring-builder:swift
  ip:iproute2 unzip:unzip wrk:wrk rabbitmq-server:rabbitmq-server taskset:util-linux ping:iputils-ping
)
PKG_EXTRA=(libpcap-dev)
missing_pkgs=()
for pair in "${DEPS[@]}"; do
  cmd=${pair%%:*}; pkg=${pair##*:}
  command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || [ -x "/usr/bin/$cmd" ] || missing_pkgs+=("$pkg")
done
for pkg in "${PKG_EXTRA[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing_pkgs+=("$pkg"); done
mapfile -t missing_pkgs < <(printf '%s\n' "${missing_pkgs[@]}" | sort -u | sed '/^$/d')
case "${1:-check}" in
  check)
    if [ ${#missing_pkgs[@]} -gt 0 ]; then
      echo "missing Debian packages: ${missing_pkgs[*]}" >&2
      echo "install them with: apt-get install -y --no-install-recommends ${missing_pkgs[*]}" >&2
      exit 1
    fi ;;
  install)
    [ ${#missing_pkgs[@]} -eq 0 ] && exit 0
    if [ "$(id -u)" != 0 ]; then
      echo "the test suite needs these Debian packages: ${missing_pkgs[*]}" >&2
      echo "as root: apt-get install -y --no-install-recommends ${missing_pkgs[*]}" >&2
      exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}" >/dev/null || exit 1 ;;
esac
