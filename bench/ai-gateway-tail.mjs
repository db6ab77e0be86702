#!/usr/bin/env node
// What the slowest streams of an ai-gateway.mjs pass are made of (see README.md, section 9).
// Reads a dump written with `ai-gateway.mjs --dump PREFIX` and, optionally, the server's JVM log
// written with -Xlog:safepoint:file=LOG:timenanos (through STRATUS_JAVA_OPTS), and prints, for
// the slowest 1 % of the gateway's streams (those the p99 is made of): when each began, how much
// longer than the nominal answer it took, how much of that the upstream itself was late and how
// much the path added, and whether a JVM pause (a garbage collection, any safepoint) fell inside
// it. Then how many distinct 50 ms windows those streams fall into: a few windows point to stalls,
// many to a machine busy throughout.
// Usage: node ai-gateway-tail.mjs PREFIX-50.json [JVM-LOG]
import { readFileSync } from 'node:fs';
import { fmt, table } from './lib/common.mjs';

const [dumpFile, logFile] = process.argv.slice(2);
if (!dumpFile) {
  console.error('usage: node ai-gateway-tail.mjs PREFIX-50.json [JVM-LOG]');
  process.exit(2);
}
const dump = JSON.parse(readFileSync(dumpFile, 'utf8'));
const nominal = dump.pace.chunks * dump.pace.chunkMs;

/** The JVM's pauses from a log with the timenanos decoration: [{ at, ms, what }], at in ms. */
function pauses(text) {
  const out = [];
  for (const line of text.split('\n')) {
    const m = /^\[(\d+)ns\] Safepoint "(\w+)".*Total: (\d+) ns/.exec(line);
    if (m) out.push({ at: Number(m[1]) / 1e6, ms: Number(m[3]) / 1e6, what: m[2] });
  }
  return out;
}
const jvmPauses = logFile ? pauses(readFileSync(logFile, 'utf8')) : [];

const upstream = new Map(dump.upstreamGateway.map((u) => [u.tag, u]));
const streams = dump.gateway.map((x) => {
  const u = upstream.get(x.tag);
  const total = x.endAt - x.sentAt;
  const upstreamLate = (u.endAt - u.firstAt) - nominal;
  const inside = jvmPauses.filter((p) => p.at > x.sentAt && p.at - p.ms < x.endAt);
  return { x, total, upstreamLate, path: total - (u.endAt - u.receivedAt), inside };
});
const t0 = Math.min(...streams.map((s) => s.x.sentAt));
const t1 = Math.max(...streams.map((s) => s.x.endAt));
const slowest = [...streams].sort((a, b) => b.total - a.total).slice(0, Math.max(1, Math.ceil(streams.length / 100)));

console.log(`${streams.length} streams through the gateway over ${fmt(t1 - t0, 0)} ms; nominal answer ${nominal} ms`);
if (logFile) {
  const during = jvmPauses.filter((p) => p.at > t0 && p.at < t1);
  console.log(`JVM pauses during the pass: ${during.length}, ${during.map((p) => `${p.what} ${fmt(p.ms, 2)} ms`).join(', ') || 'none'}`);
}
console.log(`\nThe slowest 1 % (${slowest.length} streams), in the order they began (ms)\n`);
console.log(table(['began at', 'whole stream', 'upstream late', 'path added', 'JVM pause inside'],
  [...slowest].sort((a, b) => a.x.sentAt - b.x.sentAt).map((s) => [fmt(s.x.sentAt - t0, 1), fmt(s.total, 2), fmt(s.upstreamLate, 2),
    fmt(s.path, 2), s.inside.map((p) => `${p.what} ${fmt(p.ms, 2)}`).join(', ') || '-'])));
const windows = new Set(slowest.map((s) => Math.floor((s.x.sentAt - t0) / 50)));
const paused = slowest.filter((s) => s.inside.length > 0).length;
console.log(`\n${windows.size} distinct 50 ms windows (of ${Math.ceil((t1 - t0) / 50)})${logFile ? `; ${paused} of ${slowest.length} with a JVM pause inside` : ''}`);
