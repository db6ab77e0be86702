import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import headless from '@xterm/headless';
import WebSocket from 'ws';
import { startServer, waitFor } from './harness.mjs';

// The terminal byte socket's skipping (docs/protocol.md, byte socket, `lines`), against the real
// server: two sockets on one terminal, each feeding a headless xterm of the same size. A reads
// every byte; B says how many lines it keeps and acknowledges slowly, so the server builds a
// backlog and skips plain lines for it. Both terminals must end in exactly the same state.

const { Terminal } = headless;
const TOKEN = randomBytes(24).toString('hex');
const COLS = 80;
const ROWS = 24;
const SCROLLBACK = 200;
const LINES = SCROLLBACK + ROWS;
/** B acknowledges each frame only this long after xterm parsed it. */
const SLOW_ACK_MS = 40;

const FLOOD = [
  // Some colour first, then a flood of plain lines with everything plain text can hold.
  String.raw`printf '\033[31mred\033[0m\n\033[1;32mgreen bold\033[0m\n'`,
  'seq 1 120000',
  // A line longer than the terminal (it wraps), tabs and wide characters, as plain text.
  `awk 'BEGIN { for (i = 0; i < 3; i++) { s = ""; for (j = 0; j < 230; j++) s = s (j % 10); print s } }'`,
  String.raw`printf 'tab\there\tand\tthere\n'`,
  // A title (OSC) in the middle: never skipped.
  String.raw`printf '\033]0;flood title\007'`,
  'seq 120001 200000',
  `awk 'BEGIN { for (i = 0; i < 20000; i++) printf "line %d\\t\u00e9\u65e5\u672c caf\u00e9 \u65e5\u672c\u8a9e\\n", i }'`,
  'seq 200001 260000',
  // The last lines, all kept: wrapping, wide characters across the wrap, tabs.
  `awk 'BEGIN { for (i = 0; i < 30; i++) { s = "w" i ":"; for (j = 0; j < 45; j++) s = s "\u65e5"; print s "\\t|" } }'`,
  String.raw`printf 'caf\303\251 \346\227\245\346\234\254\n\tindented\n'`,
  'echo FLOOD-$((6*7))',
].join('\n') + '\n';

// Every line carries an escape sequence: nothing may be skipped.
const COLORED = [
  String.raw`awk 'BEGIN { for (i = 1; i <= 40000; i++) printf "\033[32m%d\033[0m plain tail\n", i }'`,
  'echo COLORED-$((6*7))',
].join('\n') + '\n';

// Plain lines printed from the top of a full screen: they overwrite older, longer lines. The skip
// starts with the cursor high on the screen, so its first kept lines are printed over old rows in
// B but on fresh rows in A: L lines after the skip are not enough to push those rows out (it takes
// up to rows - 1 line feeds to reach the bottom before scrolling starts).
const OVERWRITE = [
  // Escape sequences on every line (never skipped), so the slow client lags behind the rest.
  String.raw`awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "\033[33m%d\033[0m lag\n", i }'`,
  `awk 'BEGIN { for (i = 0; i < 30; i++) { s = "old" i; while (length(s) < 70) s = s "X"; print s } }'`,
  String.raw`printf '\033[H'`,
  'seq 1 15000',
  'echo OVERWRITE-$((6*7))',
].join('\n') + '\n';

// A scroll region above the cursor: line feeds on the last row do not scroll, so every plain line
// is printed over the one before it on that row, and a long line among the skipped ones stays
// visible in A behind the shorter ones after it. No number of lines after a skip helps here.
const REGION = [
  String.raw`awk 'BEGIN { for (i = 1; i <= 20000; i++) printf "\033[33m%d\033[0m lag\n", i }'`,
  String.raw`printf '\033[1;10r\033[24;1H'`,
  `awk 'BEGIN { s = "long"; while (length(s) < 70) s = s "L"; for (i = 1; i <= 15000; i++) print (i == 100 ? s : i) }'`,
  'echo REGION-$((6*7))',
  String.raw`printf '\033[r'`,
].join('\n') + '\n';

let server;
let rpc;
let workspaceId;

before(async () => {
  server = await startServer({ 'flood.sh': FLOOD, 'colored.sh': COLORED, 'overwrite.sh': OVERWRITE, 'region.sh': REGION }, { token: TOKEN });
  const res = await fetch(`${server.baseUrl}/api/workspaces`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(res.status, 200);
  workspaceId = (await res.json()).workspaces[0].id;
  rpc = await connectRpc();
});

after(async () => {
  rpc?.close();
  await server?.stop();
});

const wsUrl = (path) => `${server.baseUrl.replace(/^http/, 'ws')}/api/workspaces/${encodeURIComponent(workspaceId)}${path}`;

/**
 * Opens a socket with `onMessage` listening from the start: the server's first frames may arrive
 * with the upgrade response, before code awaiting the open would run.
 */
function openSocket(path, onMessage) {
  const ws = new WebSocket(wsUrl(path), { headers: { Authorization: `Bearer ${TOKEN}` }, perMessageDeflate: false });
  ws.on('message', (data, binary) => onMessage(ws, data, binary));
  return new Promise((ok, fail) => {
    ws.once('open', () => ok(ws));
    ws.once('error', fail);
  });
}

async function connectRpc() {
  const pending = new Map();
  let nextId = 1;
  const ws = await openSocket('/rpc', (_ws, data, binary) => {
    if (binary) return;
    const msg = JSON.parse(data.toString());
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error) p.fail(new Error(`${p.method}: ${msg.error.code} ${msg.error.message}`));
    else p.ok(msg.result);
  });
  return {
    call: (method, params) => new Promise((ok, fail) => {
      const id = nextId++;
      pending.set(id, { ok, fail, method });
      ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    }),
    close: () => ws.close(),
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A byte socket feeding a headless xterm. `slowMs` undefined: a full client (no `lines`) that
 * acknowledges each frame once xterm parsed it. Otherwise: a client that passes `lines`, honours
 * skip frames and acknowledges each frame `slowMs` after xterm parsed it, strictly in order.
 */
async function attach(terminalId, slowMs) {
  const term = new Terminal({ cols: COLS, rows: ROWS, scrollback: SCROLLBACK, allowProposedApi: true });
  let title = '';
  term.onTitleChange((t) => { title = t; });
  const c = {
    term, title: () => title, seq: 0, received: 0, skipped: 0, skips: [], chunks: [], exitSeq: undefined, errors: [],
    busy: 0, chain: Promise.resolve(), tail: '', ws: undefined,
  };
  const enqueue = (step) => {
    c.busy++;
    c.chain = c.chain.then(step).catch((e) => c.errors.push(e)).finally(() => { c.busy--; });
  };
  let ack;
  const onMessage = (ws, data, binary) => {
    try {
      receive(ws, data, binary);
    } catch (e) {
      c.errors.push(e); // reported by flood(), not thrown from the socket's event
    }
  };
  const receive = (ws, data, binary) => {
    ack ??= (seq) => { if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'ack', seq })); };
    if (!binary) {
      const msg = JSON.parse(data.toString());
      if (msg.type === 'attached') {
        assert.equal(msg.seq, 0);
        c.seq = msg.seq;
      } else if (msg.type === 'skip') {
        assert.ok(slowMs !== undefined, 'a client without lines is never sent a skip');
        assert.equal(msg.seq, c.seq, 'a skip starts at the next byte expected');
        assert.ok(msg.to > msg.seq, 'a skip skips something');
        c.skips.push({ seq: msg.seq, to: msg.to });
        c.skipped += msg.to - msg.seq;
        c.seq = msg.to;
        const to = msg.to;
        enqueue(() => ack(to)); // after everything before it was parsed and acknowledged
      } else if (msg.type === 'exit') {
        c.exitSeq = msg.seq;
      }
      return;
    }
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    c.chunks.push(Buffer.from(bytes));
    c.received += bytes.length;
    c.seq += bytes.length;
    c.tail = (c.tail + Buffer.from(bytes).toString('latin1')).slice(-256);
    const end = c.seq;
    if (slowMs === undefined) {
      c.busy++;
      term.write(bytes, () => { c.busy--; ack(end); });
    } else {
      enqueue(async () => {
        await new Promise((r) => term.write(bytes, r));
        await sleep(slowMs);
        ack(end);
      });
    }
  };
  c.ws = await openSocket(`/terminals/${encodeURIComponent(terminalId)}?from=0${slowMs === undefined ? '' : `&lines=${LINES}`}`, onMessage);
  return c;
}

/** Everything a user could see or scroll to, and the state that shapes what comes next. */
function snapshot(c) {
  const { term } = c;
  const buf = term.buffer.active;
  const lines = [];
  const attrs = [];
  const cell = buf.getNullCell();
  for (let y = 0; y < buf.length; y++) {
    const line = buf.getLine(y);
    lines.push(`${line.isWrapped ? '+' : ' '}${line.translateToString(true)}`);
    let a = '';
    for (let x = 0; x < COLS; x++) {
      line.getCell(x, cell);
      a += `${cell.getWidth()}${cell.getFgColorMode()}:${cell.getFgColor()}/${cell.getBgColorMode()}:${cell.getBgColor()}`
        + `${cell.isBold() ? 'b' : ''}${cell.isItalic() ? 'i' : ''}${cell.isUnderline() ? 'u' : ''}${cell.isInverse() ? 'r' : ''};`;
    }
    attrs.push(a);
  }
  return {
    type: buf.type, length: buf.length, baseY: buf.baseY, viewportY: buf.viewportY,
    cursorX: buf.cursorX, cursorY: buf.cursorY, title: c.title(), modes: JSON.stringify(term.modes), lines, attrs,
  };
}

/** Bytes of A's output around sequence number `seq`, for a failure message. */
function around(a, seq, span = 120) {
  const all = Buffer.concat(a.chunks);
  const from = Math.max(0, seq - span);
  return `${JSON.stringify(all.subarray(from, seq).toString('latin1'))} | ${JSON.stringify(all.subarray(seq, seq + span).toString('latin1'))}`;
}

function assertSameState(a, b) {
  const sa = snapshot(a);
  const sb = snapshot(b);
  const where = b.skips.map((s) => `skip [${s.seq}, ${s.to}): before q ${around(a, s.seq)}\n  around p ${around(a, s.to)}`).join('\n');
  const first = sa.lines.findIndex((l, i) => l !== sb.lines[i]);
  if (first >= 0 || sa.lines.length !== sb.lines.length) {
    const i = first >= 0 ? first : Math.min(sa.lines.length, sb.lines.length);
    assert.fail(`buffers differ first at line ${i} of ${sa.length}/${sb.length} (baseY ${sa.baseY}/${sb.baseY}):\n`
      + `  A: ${JSON.stringify(sa.lines.slice(Math.max(0, i - 2), i + 3))}\n  B: ${JSON.stringify(sb.lines.slice(Math.max(0, i - 2), i + 3))}\n`
      + `cursor A (${sa.cursorX}, ${sa.cursorY}) B (${sb.cursorX}, ${sb.cursorY})\n${where}`);
  }
  const attrLine = sa.attrs.findIndex((l, i) => l !== sb.attrs[i]);
  assert.equal(attrLine, -1, `cell attributes differ first at line ${attrLine}: ${JSON.stringify(sa.lines[attrLine])}\n${where}`);
  const { lines: _la, attrs: _aa, ...restA } = sa;
  const { lines: _lb, attrs: _ab, ...restB } = sb;
  assert.deepEqual(restB, restA, `terminal state differs (cursor, scroll, buffer type, title, modes)\n${where}`);
  return sa;
}

/** Runs `script` in a fresh terminal watched by a full client (A) and a slow, skipping one (B). */
async function flood(script, marker) {
  const { terminalId } = await rpc.call('terminal/create', { cols: COLS, rows: ROWS, shell: '/bin/sh' });
  const a = await attach(terminalId);
  const b = await attach(terminalId, SLOW_ACK_MS);
  try {
    // Let the shell start and print its prompt before the flood.
    await waitFor(() => a.received > 0 && a.busy === 0 && b.received > 0 && b.busy === 0,
      `the shell prompt (A ${a.received} bytes, ${a.busy} busy; B ${b.received} bytes, ${b.busy} busy)`, 15_000);
    await sleep(200);
    const t0 = Date.now();
    a.ws.send(Buffer.from(`sh ${script}\r`));
    // The marker (the echoed command has $((6*7)) instead of 42) and the prompt after it.
    await waitFor(() => a.tail.includes(`${marker}-42`), `${marker} in A`, 25_000);
    let last = -1;
    let stableSince = Date.now();
    await waitFor(() => {
      const at = `${a.seq}/${b.seq}/${a.received}`;
      if (at !== last) {
        last = at;
        stableSince = Date.now();
      }
      return a.seq === b.seq && a.busy === 0 && b.busy === 0 && Date.now() - stableSince > 300;
    }, 'both clients to process everything', 25_000);
    assert.deepEqual(a.errors, []);
    assert.deepEqual(b.errors, []);
    assert.ok(b.tail.includes(`${marker}-42`), 'B received the marker line itself');
    return { a, b, ms: Date.now() - t0 };
  } finally {
    a.ws.close();
    b.ws.close();
    await rpc.call('terminal/close', { terminalId }).catch(() => {});
  }
}

test('a client that skips plain lines ends in the same state as one that parsed every byte', async () => {
  const { a, b, ms } = await flood('flood.sh', 'FLOOD');
  console.log(`flood: ${a.received} bytes to A; B received ${b.received}, skipped ${b.skipped} in ${b.skips.length} skips`
    + ` (${b.skips.map((s) => `[${s.seq}, ${s.to})`).join(' ')}), ${ms} ms`);
  assert.ok(a.received > 2_000_000, `the flood is big (${a.received} bytes)`);
  assert.ok(b.skips.length >= 1, 'the slow client was sent at least one skip');
  assert.equal(b.received + b.skipped, a.received, 'B received and skipped exactly what A received');
  const s = assertSameState(a, b);
  assert.equal(s.title, 'flood title');
  assert.equal(s.length, SCROLLBACK + ROWS, 'the scrollback is full');
  assert.match(s.lines.join('\n'), / FLOOD-42\n [$#]\s*$/, 'the marker and the prompt are last');
});

test('a flood with an escape sequence on every line is never skipped', async () => {
  const { a, b, ms } = await flood('colored.sh', 'COLORED');
  console.log(`colored: ${a.received} bytes to A; B received ${b.received}, skipped ${b.skipped} in ${b.skips.length} skips, ${ms} ms`);
  assert.ok(a.received > 500_000, `the flood is big (${a.received} bytes)`);
  assert.equal(b.skips.length, 0, 'nothing skipped');
  assert.equal(b.received, a.received);
  assertSameState(a, b);
});

test('plain lines printed over older, longer lines from the top of the screen', async () => {
  const { a, b, ms } = await flood('overwrite.sh', 'OVERWRITE');
  console.log(`overwrite: ${a.received} bytes to A; B received ${b.received}, skipped ${b.skipped} in ${b.skips.length} skips`
    + ` (${b.skips.map((s) => `[${s.seq}, ${s.to})`).join(' ')}), ${ms} ms`);
  assert.equal(b.received + b.skipped, a.received);
  assertSameState(a, b);
});

test('plain lines on the last row below a scroll region', async () => {
  const { a, b, ms } = await flood('region.sh', 'REGION');
  console.log(`region: ${a.received} bytes to A; B received ${b.received}, skipped ${b.skipped} in ${b.skips.length} skips`
    + ` (${b.skips.map((s) => `[${s.seq}, ${s.to})`).join(' ')}), ${ms} ms`);
  assert.equal(b.received + b.skipped, a.received);
  assertSameState(a, b);
});
