// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { InputHistory } from '../src/ai/input-history';

describe('InputHistory', () => {
  it('goes back and forth through the messages and gives back the text being written', () => {
    const h = new InputHistory();
    expect(h.back('draft')).toBeUndefined();
    h.add('first');
    h.add('second');
    h.add('second');
    expect(h.back('half a question')).toBe('second');
    expect(h.back('second')).toBe('first');
    expect(h.back('first')).toBeUndefined();
    expect(h.forward()).toBe('second');
    expect(h.forward()).toBe('half a question');
    expect(h.forward()).toBeUndefined();
  });

  it('starts again from the newest after typing, keeping what was typed', () => {
    const h = new InputHistory();
    h.reset(['a', 'b', 'c']);
    expect(h.back('')).toBe('c');
    expect(h.back('c')).toBe('b');
    h.edited();
    expect(h.back('b, but shorter')).toBe('c');
    expect(h.forward()).toBe('b, but shorter');
  });

  it('keeps the last fifty', () => {
    const h = new InputHistory();
    h.reset(Array.from({ length: 60 }, (_, i) => `m${i}`));
    let oldest = '';
    for (let m = h.back(''); m !== undefined; m = h.back(m)) oldest = m;
    expect(oldest).toBe('m10');
  });
});
