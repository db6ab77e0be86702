import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../src/backoff';

const opts = { baseMs: 500, maxMs: 10_000, jitter: 0.3 };

describe('backoffDelay', () => {
  it('doubles from the base delay without jitter', () => {
    const none = () => 0;
    expect([0, 1, 2, 3, 4].map((a) => backoffDelay(a, opts, none))).toEqual([500, 1000, 2000, 4000, 8000]);
  });

  it('never exceeds the cap, even for huge attempt numbers', () => {
    expect(backoffDelay(5, opts, () => 0)).toBe(10_000);
    expect(backoffDelay(10_000, opts, () => 0)).toBe(10_000);
  });

  it('jitter only shortens the delay, by at most the jitter fraction', () => {
    expect(backoffDelay(3, opts, () => 1)).toBe(Math.round(4000 * 0.7));
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(2, opts);
      expect(d).toBeGreaterThanOrEqual(1400);
      expect(d).toBeLessThanOrEqual(2000);
    }
  });

  it('treats negative attempts as the first one', () => {
    expect(backoffDelay(-3, opts, () => 0)).toBe(500);
  });
});
