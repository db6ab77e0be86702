import { describe, expect, it, vi } from 'vitest';
import {
  boundPrefix, boundSuffix, completionToShow, CompletionResults, DEBOUNCE_MS, InlineCompleter, OFF_RECHECK_MS, type CancelToken,
} from '../src/ai/inline-completion';
import { RpcError } from '../src/rpc/errors';

describe('completionToShow', () => {
  it('takes off the end that repeats the code after the cursor', () => {
    expect(completionToShow('a + b;\n}', '\n}\n')).toBe('a + b;');
    expect(completionToShow('x, y)', ')')).toBe('x, y');
    expect(completionToShow('count += 1;', '\nreturn count;')).toBe('count += 1;');
  });

  it('shows nothing for an empty or blank answer, or one that only repeats the suffix', () => {
    expect(completionToShow('', '}')).toBeUndefined();
    expect(completionToShow(' \n\t\n', '')).toBeUndefined();
    expect(completionToShow(')', ');\n')).toBeUndefined();
  });

  it('in the middle of a line, never repeats the rest of the line', () => {
    // foo(|); with the model writing the call's end and the lines after it.
    expect(completionToShow('a, b);\n  return x;', ');\n}\n')).toBe('a, b');
    expect(completionToShow('x > 0) {\n    return;\n  }', ') {\n}')).toBe('x > 0');
    expect(completionToShow('a, b);  \nnext();', ');')).toBe('a, b');
    // Lines that do not repeat it are kept: the rest follows the last of them.
    expect(completionToShow('{\n  a: 1,\n}', ';\n')).toBe('{\n  a: 1,\n}');
    expect(completionToShow('\n\treturn x;', '\n}')).toBe('\n\treturn x;');
  });

  it('never offers a redaction placeholder', () => {
    expect(completionToShow('"[REDACTED:github-token]";', '')).toBeUndefined();
    expect(completionToShow('x = 1;\nkey = [REDACTED:aws-secret]', '')).toBeUndefined();
    expect(completionToShow('items[REDACTED]', '')).toBe('items[REDACTED]');
  });
});

describe('bounds', () => {
  it('keep whole lines nearest the cursor', () => {
    expect(boundPrefix('first line\nsecond\nthird = ', 15)).toBe('second\nthird = ');
    expect(boundPrefix('first line\nsecond\nthird = ', 14)).toBe('third = ');
    expect(boundSuffix(';\nsecond\nthird line', 8)).toBe(';\nsecond');
    expect(boundSuffix(';\nsecond\nthird line', 7)).toBe(';');
    expect(boundPrefix('short', 8000)).toBe('short');
  });

  it('cut inside the cursor line only when it alone is longer', () => {
    expect(boundPrefix('x'.repeat(20) + '= ', 5)).toBe('xxx= ');
    expect(boundSuffix(');' + 'y'.repeat(20), 5)).toBe(');yyy');
  });
});

describe('CompletionResults', () => {
  it('gathers a request\'s text until its done', async () => {
    const r = new CompletionResults();
    const wait = r.wait('c1');
    r.dispatch({ type: 'delta', params: { requestId: 'c1', text: 'a + ' } });
    r.dispatch({ type: 'delta', params: { requestId: 'other', text: 'chat' } });
    r.dispatch({ type: 'delta', params: { requestId: 'c1', text: 'b;' } });
    r.dispatch({ type: 'done', params: { requestId: 'c1', conversationId: '' } });
    expect(await wait).toEqual({ text: 'a + b;', error: undefined });
  });

  it('keeps a done that came before the answer naming its request', async () => {
    const r = new CompletionResults();
    r.dispatch({ type: 'done', params: { requestId: 'c2', conversationId: '', error: { code: 1010, message: 'budget' } } });
    expect(await r.wait('c2')).toEqual({ text: '', error: { code: 1010, message: 'budget' } });
  });
});

/** A token Monaco would cancel at the next keystroke. */
function token(): CancelToken & { cancel(): void } {
  const listeners: (() => void)[] = [];
  const t = {
    isCancellationRequested: false,
    onCancellationRequested: (l: () => void) => {
      listeners.push(l);
      return { dispose: () => listeners.splice(listeners.indexOf(l), 1) };
    },
    cancel: () => {
      t.isCancellationRequested = true;
      [...listeners].forEach((l) => l());
    },
  };
  return t;
}

function setup(options: { enabled?: () => boolean; complete?: () => Promise<{ requestId: string }> } = {}) {
  const results = new CompletionResults();
  const sleeps: { ms: number; resolve: () => void }[] = [];
  let now = 0;
  let asked = 0;
  const deps = {
    complete: vi.fn(options.complete ?? (async (_prefix: string, _suffix: string) => ({ requestId: `r${++asked}` }))),
    cancel: vi.fn(async (_id: string) => undefined),
    results,
    enabled: options.enabled ?? (() => true),
    sleep: (ms: number) => new Promise<void>((resolve) => sleeps.push({ ms, resolve })),
    now: () => now,
  };
  const completer = new InlineCompleter(deps);
  const pause = async () => {
    await vi.waitFor(() => expect(sleeps.length).toBeGreaterThan(0));
    sleeps.shift()!.resolve();
  };
  return { completer, deps, results, sleeps, pause, advance: (ms: number) => { now += ms; } };
}

describe('InlineCompleter', () => {
  it('asks once typing has paused, and shows the trimmed answer', async () => {
    const { completer, deps, results, pause } = setup();
    const shown = completer.complete('return ', ';\n}', token());
    expect(deps.complete).not.toHaveBeenCalled();
    await pause();
    await vi.waitFor(() => expect(deps.complete).toHaveBeenCalledWith('return ', ';\n}'));
    results.dispatch({ type: 'delta', params: { requestId: 'r1', text: 'a + b;' } });
    results.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: '' } });
    expect(await shown).toBe('a + b');
  });

  it('waits for typing to pause 300 ms before asking', async () => {
    const { completer, deps, sleeps } = setup();
    void completer.complete('x', '', token());
    await vi.waitFor(() => expect(sleeps.map((s) => s.ms)).toEqual([DEBOUNCE_MS]));
    expect(DEBOUNCE_MS).toBe(300);
    expect(deps.complete).not.toHaveBeenCalled();
  });

  it('asks nothing when the next keystroke came during the pause', async () => {
    const { completer, deps, pause } = setup();
    const t = token();
    const shown = completer.complete('x', '', t);
    t.cancel();
    await pause();
    expect(await shown).toBeUndefined();
    expect(deps.complete).not.toHaveBeenCalled();
  });

  it('cancels the request it is waiting for when the next keystroke comes', async () => {
    const { completer, deps, pause } = setup();
    const t = token();
    const shown = completer.complete('x', '', t);
    await pause();
    await vi.waitFor(() => expect(deps.complete).toHaveBeenCalled());
    t.cancel();
    expect(await shown).toBeUndefined();
    expect(deps.cancel).toHaveBeenCalledWith('r1');
  });

  it('shows nothing for a failed request, and asks again at the next pause', async () => {
    const { completer, deps, results, pause } = setup();
    const shown = completer.complete('x', '', token());
    await pause();
    await vi.waitFor(() => expect(deps.complete).toHaveBeenCalledTimes(1));
    results.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: '', error: { code: 1009, message: 'down' } } });
    expect(await shown).toBeUndefined();
    expect(completer.active).toBe(true);
  });

  it('is off when the user turned it off', async () => {
    const { completer, deps } = setup({ enabled: () => false });
    expect(await completer.complete('x', '', token())).toBeUndefined();
    expect(deps.complete).not.toHaveBeenCalled();
  });

  it('goes quietly off when no model serves completions, until a recheck or a minute later', async () => {
    const { completer, deps, pause, advance } = setup({
      complete: async () => { throw new RpcError(1001, 'Inline completion is off: no configured model serves text completions'); },
    });
    const shown = completer.complete('x', '', token());
    await pause();
    expect(await shown).toBeUndefined();
    expect(completer.active).toBe(false);
    expect(await completer.complete('y', '', token())).toBeUndefined();
    expect(deps.complete).toHaveBeenCalledTimes(1);
    advance(OFF_RECHECK_MS);
    expect(completer.active).toBe(true);
    advance(-OFF_RECHECK_MS);
    completer.recheck();
    expect(completer.active).toBe(true);
  });

  it('asks nothing until the wait a rate limit refusal gave has passed', async () => {
    const { completer, deps, results, pause, advance } = setup();
    const shown = completer.complete('x', '', token());
    await pause();
    await vi.waitFor(() => expect(deps.complete).toHaveBeenCalledTimes(1));
    results.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: '',
      error: { code: 1010, message: 'Too many AI completions', retryAfterSeconds: 20 } } });
    expect(await shown).toBeUndefined();
    expect(completer.active).toBe(false);
    expect(await completer.complete('xy', '', token())).toBeUndefined();
    expect(deps.complete).toHaveBeenCalledTimes(1);
    advance(19_999);
    expect(completer.active).toBe(false);
    advance(1);
    expect(completer.active).toBe(true);
  });

  it('a reconnect ends the wait a rate limit refusal gave', async () => {
    const { completer, deps, results, pause } = setup();
    const shown = completer.complete('x', '', token());
    await pause();
    await vi.waitFor(() => expect(deps.complete).toHaveBeenCalledTimes(1));
    results.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: '',
      error: { code: 1010, message: 'Too many AI completions', retryAfterSeconds: 20 } } });
    await shown;
    completer.recheck();
    expect(completer.active).toBe(true);
  });
});
