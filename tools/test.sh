#!/usr/bin/env bash
# `npm test`: the whole suite. Installs missing Debian packages when run as root (else
# fails listing them), type-checks, runs AVA with TAP, and ends with "N passed, N failed".
set -u -o pipefail
cd "$(dirname "$0")/.."
bash tools/system-deps.sh install || exit 1
[ -d node_modules ] || npm ci || exit 1
echo "# typecheck"
if ! npm run --silent typecheck; then
  echo "typecheck failed"
  echo "0 passed, 1 failed"
  exit 1
fi
tap=$(mktemp)
npx --no-install ava --tap "$@" | tee "$tap"
rc=$?
p=$(awk '/^# pass/{print $3}' "$tap"); f=$(awk '/^# fail/{print $3}' "$tap"); s=$(awk '/^# skip/{print $3}' "$tap")
t=$(awk '/^# todo/{print $3}' "$tap")
rm -f "$tap"
# A run that crashed before TAP's trailer has no counts: report it as a failure.
if [ -z "$p$f" ]; then f=1; fi
[ "${rc}" != 0 ] && [ "${f:-0}" = 0 ] && f=1
echo "${p:-0} passed, ${f:-0} failed${s:+, $s skipped}${t:+, $t todo}"
exit $rc
