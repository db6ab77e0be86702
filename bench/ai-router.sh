#!/usr/bin/env bash
# Latency of the AI router's decision: p50/p99/max in microseconds over the labelled prompts.
# Usage: bench/ai-router.sh [decisions, default 200000] [warm-up, default 100000]
# Uses JAVA_HOME (JDK >= 21) or the java on PATH; MVN_FLAGS defaults to -o (offline), set it
# empty to let Maven download what is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
MODULE="$ROOT/extensions/ai-assistant"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
MVN_FLAGS="${MVN_FLAGS--o}"

cd "$ROOT"
# shellcheck disable=SC2086
mvn -B -q $MVN_FLAGS -pl extensions/ai-assistant -am test-compile
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
# shellcheck disable=SC2086
mvn -B -q $MVN_FLAGS -pl extensions/ai-assistant dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test

exec "$JAVA" -cp "$MODULE/target/classes:$MODULE/target/test-classes:$(cat "$CP_FILE")" \
  dev.stratus.ai.router.RouterBenchmark "$@"
