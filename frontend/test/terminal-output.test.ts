import { describe, expect, it } from 'vitest';
import { WriteCoalescer } from '../src/terminal/coalesce';
import { chooseRenderer, isSoftwareRenderer } from '../src/terminal/renderer';

/** A fake xterm: writes wait until the test lets it "parse" them. */
function fakeTerm() {
  const writes: string[] = [];
  const pending: (() => void)[] = [];
  const decoder = new TextDecoder();
  const coalescer = new WriteCoalescer((data, done) => {
    writes.push(decoder.decode(data));
    pending.push(done);
  });
  return { writes, pending, coalescer, parse: () => pending.shift()!() };
}

describe('WriteCoalescer', () => {
  it('writes at once when xterm is idle, batches while it is busy, and calls done only after parsing', () => {
    const t = fakeTerm();
    const done: string[] = [];
    t.coalescer.write(new TextEncoder().encode('a'), () => done.push('a'));
    expect(t.writes).toEqual(['a']);
    t.coalescer.write(new TextEncoder().encode('b'), () => done.push('b'));
    t.coalescer.write('c', () => done.push('c'));
    t.coalescer.write(new TextEncoder().encode('d'), () => done.push('d'));
    expect(t.writes).toEqual(['a']);
    expect(t.coalescer.pendingBytes).toBe(3);
    expect(done).toEqual([]);
    t.parse();
    // a is parsed; b, c, d go to xterm as one write, none of them done yet.
    expect(done).toEqual(['a']);
    expect(t.writes).toEqual(['a', 'bcd']);
    expect(t.coalescer.pendingBytes).toBe(0);
    t.parse();
    expect(done).toEqual(['a', 'b', 'c', 'd']);
    // Idle again: the next write goes straight through.
    t.coalescer.write('e');
    expect(t.writes).toEqual(['a', 'bcd', 'e']);
    t.parse();
    expect(t.pending).toEqual([]);
  });

  it('keeps text notices in order with output (UTF-8)', () => {
    const t = fakeTerm();
    t.coalescer.write(new TextEncoder().encode('x'));
    t.coalescer.write(new TextEncoder().encode('é'));
    t.coalescer.write('[exit ✓]');
    t.parse();
    t.parse();
    expect(t.writes.join('')).toBe('xé[exit ✓]');
  });

  it('calls done for an empty write at once when idle, and in order after earlier writes when busy', () => {
    const t = fakeTerm();
    const done: string[] = [];
    t.coalescer.write(new Uint8Array(0), () => done.push('empty-idle'));
    expect(done).toEqual(['empty-idle']);
    expect(t.writes).toEqual([]);
    t.coalescer.write('a', () => done.push('a'));
    t.coalescer.write(new Uint8Array(0), () => done.push('empty-1'));
    t.coalescer.write('b', () => done.push('b'));
    t.coalescer.write(new Uint8Array(0), () => done.push('empty-2'));
    expect(done).toEqual(['empty-idle']);
    t.parse();
    expect(done).toEqual(['empty-idle', 'a']);
    expect(t.writes).toEqual(['a', 'b']);
    t.parse();
    expect(done).toEqual(['empty-idle', 'a', 'empty-1', 'b', 'empty-2']);
    // Only empty writes queued behind a busy write still wait for it.
    t.coalescer.write('c', () => done.push('c'));
    t.coalescer.write(new Uint8Array(0), () => done.push('empty-3'));
    expect(done.slice(5)).toEqual([]);
    t.parse();
    t.parse();
    expect(done.slice(5)).toEqual(['c', 'empty-3']);
    expect(t.pending).toEqual([]);
  });

  it('drops queued output after dispose', () => {
    const t = fakeTerm();
    t.coalescer.write('a');
    t.coalescer.write('b');
    t.coalescer.dispose();
    t.parse();
    t.coalescer.write('c');
    expect(t.writes).toEqual(['a']);
  });
});

describe('renderer choice', () => {
  it('recognises software rasterizers', () => {
    for (const r of ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      'llvmpipe (LLVM 15.0.6, 256 bits)', 'softpipe', 'Google SwiftShader', 'Microsoft Basic Render Driver']) {
      expect(isSoftwareRenderer(r), r).toBe(true);
    }
    for (const r of ['ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)', 'Apple M2', 'Mesa Intel(R) UHD Graphics 620 (KBL GT2)',
      'AMD Radeon RX 6800 (radeonsi, navi21, LLVM 15.0.7, DRM 3.49, 6.1.0)']) {
      expect(isSoftwareRenderer(r), r).toBe(false);
    }
  });

  it('uses WebGL only on a hardware GPU, unless overridden', () => {
    expect(chooseRenderer(null, () => 'Apple M2')).toBe('webgl');
    expect(chooseRenderer(null, () => 'Google SwiftShader')).toBe('dom');
    expect(chooseRenderer(null, () => null)).toBe('dom');
    expect(chooseRenderer('webgl', () => null)).toBe('webgl');
    expect(chooseRenderer('dom', () => 'Apple M2')).toBe('dom');
    expect(chooseRenderer('bogus', () => 'Apple M2')).toBe('webgl');
  });
});
