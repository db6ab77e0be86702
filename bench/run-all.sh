#!/usr/bin/env bash
# Runs every Stratus benchmark and leaves JSON results in bench/results/ (see README.md).
# Usage: bench/run-all.sh [--quick] [--big]
#   --quick: 3 runs and 5k round trips instead of 5 and 20k (and 4 LSP rounds instead of 10)
#   --big:   also the linux-source corpus for search and git status (installs/unpacks Debian's
#            linux-source once into /var/tmp/stratus-bench or $STRATUS_BENCH_CORPUS; ~10 more minutes)
set -euo pipefail

BENCH="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
ROOT="$(dirname "$BENCH")"

java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p' | head -1
}

# JAVA_HOME if set, else the newest JDK >= 21 in /usr/lib/jvm.
if [ -z "${JAVA_HOME:-}" ]; then
  best="" best_v=0
  for j in /usr/lib/jvm/*/bin/javac; do
    [ -x "$j" ] || continue
    home="$(dirname "$(dirname "$j")")"
    v="$(java_major "$home/bin/java")"
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$home"; best_v="$v"; fi
  done
  [ -n "$best" ] || { echo "run-all: no JDK >= 21 in /usr/lib/jvm; set JAVA_HOME" >&2; exit 1; }
  export JAVA_HOME="$best"
fi
echo "# JAVA_HOME=$JAVA_HOME"

runs=5 total=20000 lsp_rounds=10 big=""
for arg in "$@"; do
  case "$arg" in
    --quick) runs=3 total=5000 lsp_rounds=4 ;;
    --big) big="--big" ;;
    *) echo "run-all: unknown option $arg" >&2; exit 2 ;;
  esac
done

cd "$BENCH"
if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/ws ]; then
  npm ci --no-audit --no-fund
fi

# Build once, outside every measurement.
"$ROOT/stratus" build

echo; echo "=== 1. start-up, memory, page load ==="
node "$BENCH/startup-memory-page.mjs" --skip-build --runs "$runs"

echo; echo "=== 2. RPC latency: fs/stat vs Undertow WebSocket echo ==="
node "$BENCH/rpc-latency/rpc-latency.mjs" --skip-build --total "$total"

# The same on one CPU: on a small VM the unpinned figures at 1 connection swing with the cost of
# waking the other vCPU; pinned, the ratio is stable (see README.md).
if command -v taskset >/dev/null 2>&1; then
  echo; echo "=== 2b. RPC latency, everything pinned to CPU 0 ==="
  taskset -c 0 node "$BENCH/rpc-latency/rpc-latency.mjs" --skip-build --total "$total" --label pinned-cpu0
fi

echo; echo "=== 3. search: search/text vs ripgrep, index time and size, save -> searchable ==="
node "$BENCH/search.mjs" --skip-build $big

echo; echo "=== 4. git status: JGit git/status vs C git ==="
node "$BENCH/git-status.mjs" --skip-build $big

echo; echo "=== 5. terminal throughput: byte socket and browser terminal panel ==="
node "$BENCH/terminal-throughput.mjs" --skip-build --runs 3

echo; echo "=== 6. search panel: Enter -> first result row ==="
node "$BENCH/search-ui.mjs" --skip-build --rounds "$runs"

# Needs typescript-language-server where ./stratus language-servers install puts it (or
# STRATUS_LANGUAGE_SERVERS_DIR); the script says so and fails without it.
echo; echo "=== 7. LSP relay: completion and hover, direct to typescript-language-server vs through the relay ==="
node "$BENCH/lsp-relay.mjs" --skip-build --rounds "$lsp_rounds"

echo; echo "=== 8. extension calls: through the built-in sample extension vs straight to the service ==="
node "$BENCH/extension-rpc.mjs" --skip-build --rounds "$runs"

echo; echo "=== 9. AI gateway: streams through /v1/chat/completions vs straight to the upstream ==="
node "$BENCH/ai-gateway.mjs" --skip-build

echo; echo "=== 10. AI code completion: through /v1/completions and ai/complete vs straight to the upstream ==="
node "$BENCH/ai-completions.mjs" --skip-build

echo; echo "Results: $BENCH/results/"
