import { describe, expect, it } from 'vitest';
import { describeError, errorCode, RpcError } from '../src/rpc/errors';

describe('describeError', () => {
  it('names the protocol error and keeps the server detail', () => {
    expect(describeError('Cannot save a.txt', new RpcError(1005, 'a.txt is read-only')))
      .toBe('Cannot save a.txt: Permission denied (a.txt is read-only)');
  });

  it('does not repeat a detail equal to the title', () => {
    expect(describeError('Cannot open x', new RpcError(1001, 'Not found'))).toBe('Cannot open x: Not found');
  });

  it('falls back to the raw message for unknown codes and plain errors', () => {
    expect(describeError('Oops', new RpcError(4242, 'strange'))).toBe('Oops: strange');
    expect(describeError('Oops', new Error('boom'))).toBe('Oops: boom');
    expect(describeError('Oops', 'text')).toBe('Oops: text');
  });

  it('extracts codes only when numeric', () => {
    expect(errorCode(new RpcError(1003, 'c'))).toBe(1003);
    expect(errorCode({ code: 'x' })).toBeUndefined();
    expect(errorCode(null)).toBeUndefined();
  });
});
