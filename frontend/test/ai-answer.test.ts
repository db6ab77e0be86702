import { describe, expect, it } from 'vitest';
import { Answer, errorMeaning, FrameScheduler } from '../src/ai/answer';
import type { AiEvent } from '../src/rpc/ai-client';

const delta = (text: string): AiEvent => ({ type: 'delta', params: { requestId: 'r', text } });

describe('Answer', () => {
  it('assembles deltas into one text part', () => {
    const a = new Answer('r');
    for (const t of ['Hel', 'lo ', '`wor', 'ld`']) a.apply(delta(t));
    expect(a.parts).toEqual([{ kind: 'text', text: 'Hello `world`' }]);
    expect(a.revision).toBe(4);
  });

  it('places a notice where it happened and continues after it', () => {
    const a = new Answer('r');
    a.apply({ type: 'notice', params: { requestId: 'r', kind: 'fallback', message: 'gpt-a unreachable, using gpt-b' } });
    a.apply(delta('first'));
    a.apply({ type: 'notice', params: { requestId: 'r', kind: 'waiting', message: 'rate limited, waiting 2 s' } });
    a.apply(delta('second'));
    expect(a.parts.map((p) => p.kind)).toEqual(['notice', 'text', 'notice', 'text']);
    expect(a.text).toBe('firstsecond');
  });

  it('takes discarded text back out on a restart and keeps it with the notice', () => {
    const a = new Answer('r');
    a.apply(delta('Intro. '));
    a.apply({ type: 'toolCall', params: { requestId: 'r', callId: 'c', name: 'read', arguments: {}, requiresApproval: false, state: 'done' } });
    a.apply(delta('Half an ans'));
    a.apply({ type: 'notice', params: { requestId: 'r', kind: 'restart', message: 'stream cut; restarted', discardedChars: 13 } });
    a.apply(delta('A whole answer.'));
    expect(a.parts).toEqual([
      { kind: 'text', text: 'Intro' },
      { kind: 'tool', call: expect.objectContaining({ callId: 'c' }) },
      { kind: 'notice', notice: 'restart', message: 'stream cut; restarted', discarded: '. Half an ans' },
      { kind: 'text', text: 'A whole answer.' },
    ]);
    expect(a.parts[2]).toMatchObject({ discarded: '. Half an ans' });
  });

  it('updates a tool step in place and records the outcome', () => {
    const a = new Answer('r');
    const call = { requestId: 'r', callId: 'c1', name: 'write', arguments: { path: 'a' }, requiresApproval: true };
    a.apply({ type: 'toolCall', params: { ...call, state: 'pending' } });
    a.apply({ type: 'toolCall', params: { ...call, state: 'running' } });
    expect(a.parts).toEqual([{ kind: 'tool', call: { ...call, state: 'running' } }]);
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c', error: { code: 1009, message: 'no model' } } });
    expect(a.status).toBe('error');
    expect(a.error?.code).toBe(1009);
    a.apply(delta('ignored'));
    expect(a.text).toBe('');
    expect(errorMeaning(1009)).toMatch(/No model/);
  });

  it('shows every call as its own step when the model reuses a call id, in this step or another', () => {
    const a = new Answer('r');
    const call = (step: number, index: number, name: string, state: 'running' | 'done') => a.apply({ type: 'toolCall',
      params: { requestId: 'r', callId: 'call_0', name, arguments: {}, requiresApproval: false, state, step, index } });
    a.apply(delta('Working on MULTI.'));
    call(1, 0, 'read_file', 'running');
    call(1, 0, 'read_file', 'done');
    a.apply(delta('Step 1: looking.'));
    call(2, 0, 'read_file', 'running');
    call(2, 0, 'read_file', 'done');
    call(2, 1, 'list_files', 'running');
    call(2, 1, 'list_files', 'done');
    expect(a.parts.map((p) => (p.kind === 'tool' ? `${p.call.step}/${p.call.index} ${p.call.name} ${p.call.state}` : p.kind)))
      .toEqual(['text', '1/0 read_file done', 'text', '2/0 read_file done', '2/1 list_files done']);
    expect(a.text).toBe('Working on MULTI.Step 1: looking.');
  });

  it('rebuilds a stored answer with its tool steps where they happened, and reads one stored without steps as before', () => {
    const step = (n: number, name: string, at: number) => ({ step: n, index: 0, callId: 'call_0', name, arguments: '{}',
      requiresApproval: false, state: 'done' as const, result: 'ok', at });
    const a = Answer.stored('Working on MULTI.Step 1: looking.Done.', undefined, undefined,
      [step(1, 'read_file', 17), step(2, 'read_file', 33), step(3, 'list_files', 33)], 'r1');
    expect(a.parts.map((p) => (p.kind === 'tool' ? `${p.call.step} ${p.call.name}` : p.kind === 'text' ? p.text : p.kind)))
      .toEqual(['Working on MULTI.', '1 read_file', 'Step 1: looking.', '2 read_file', '3 list_files', 'Done.']);
    expect(a.requestId).toBe('r1');
    expect(a.isStored).toBe(true);
    expect(a.status).toBe('done');
    const old = Answer.stored('Just text.');
    expect(old.parts).toEqual([{ kind: 'text', text: 'Just text.' }]);
    expect(old.requestId).toBeUndefined();
  });

  it('puts a stored answer\'s notices where they were shown, before its own step\'s tool calls and after earlier ones', () => {
    const step = (n: number, name: string, at: number) => ({ step: n, index: 0, callId: 'call_0', name, arguments: '{}',
      requiresApproval: false, state: 'done' as const, result: 'ok', at });
    const a = Answer.stored('Looking.Answer cut', undefined, undefined, [step(1, 'read_file', 8), step(2, 'search', 8)], 'r1', [
      { kind: 'fallback', message: 'answering with the medium tier', at: 0, step: 1 },
      { kind: 'context', message: 'Left out of the context: big.log', at: 0, step: 1 },
      { kind: 'fallback', message: 'step 2 does not fit small', at: 8, step: 2 },
      { kind: 'steps', message: 'last of the steps', at: 8, step: 3 },
      { kind: 'length', message: 'reached its length limit', at: 18, step: 3 }]);
    expect(a.parts.map((p) => (p.kind === 'tool' ? `tool ${p.call.name}` : p.kind === 'text' ? p.text : `${p.notice}: ${p.message}`)))
      .toEqual(['fallback: answering with the medium tier', 'context: Left out of the context: big.log', 'Looking.',
        'tool read_file', 'fallback: step 2 does not fit small', 'tool search', 'steps: last of the steps', 'Answer cut',
        'length: reached its length limit']);
    expect(a.text).toBe('Looking.Answer cut');
  });

  it('takes thinking shown as text back out and never gives it back as the answer', () => {
    const a = new Answer('r');
    a.apply(delta('Okay, the user'));
    a.apply({ type: 'notice', params: { requestId: 'r', kind: 'thinking', message: 'The model thought before answering.', discardedChars: 14 } });
    expect(a.text).toBe('');
    expect(a.parts).toEqual([
      { kind: 'notice', notice: 'thinking', message: 'The model thought before answering.', discarded: 'Okay, the user' }]);
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c', error: { code: 1011, message: 'stopped' } } });
    expect(a.text).toBe('');
  });

  it('gathers the model\'s thinking beside the answer, never in it, block by block', () => {
    const thinking = (text: string): AiEvent => ({ type: 'thinking', params: { requestId: 'r', text } });
    const thought = (message: string, discardedChars?: number): AiEvent =>
      ({ type: 'notice', params: { requestId: 'r', kind: 'thinking', message, ...(discardedChars ? { discardedChars } : {}) } });
    const a = new Answer('r');
    a.apply(thinking('The user'));
    a.apply(thinking(' wants the log.'));
    expect(a.thinking).toEqual({ blocks: ['The user wants the log.'], open: true, ended: [] });
    expect(a.text).toBe('');
    a.apply(thought('The model thought before answering (23 characters, not part of the answer).'));
    a.apply(delta('Use git log.'));
    expect(a.thinking).toEqual({ blocks: ['The user wants the log.'], open: false,
      ended: ['The model thought before answering (23 characters, not part of the answer).'] });
    expect(a.text).toBe('Use git log.');
    // A later step thinks again: a block of its own, a paragraph apart.
    a.apply(thinking('Now shorter.'));
    expect(a.thinkingText).toBe('The user wants the log.\n\nNow shorter.');
    expect(a.thinking!.open).toBe(true);
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c' } });
    expect(a.text).toBe('Use git log.');
  });

  it('makes thinking shown as text, then taken back, the start of the same block of thinking', () => {
    const a = new Answer('r');
    a.apply(delta('Okay, the user'));
    a.apply({ type: 'thinking', params: { requestId: 'r', text: ' wants the log.\n' } });
    a.apply({ type: 'notice', params: { requestId: 'r', kind: 'thinking', message: 'The model thought.', discardedChars: 14 } });
    a.apply(delta('Use git log.'));
    expect(a.thinkingText).toBe('Okay, the user wants the log.\n');
    expect(a.thinking!.blocks).toHaveLength(1);
    expect(a.text).toBe('Use git log.');

    // Everything was shown as text before the block's end: the taken-back text is the whole block.
    const b = new Answer('r');
    b.apply(delta('All of it shown.\n'));
    b.apply({ type: 'notice', params: { requestId: 'r', kind: 'thinking', message: 'The model thought.', discardedChars: 17 } });
    expect(b.thinkingText).toBe('All of it shown.\n');
    expect(b.text).toBe('');
  });

  it('rebuilds a stored answer\'s thinking with the notice that ended it, and none for an answer stored without', () => {
    const notices = [{ kind: 'thinking' as const, message: 'The model thought before answering (5 characters).', at: 0, step: 1 }];
    const a = Answer.stored('Use git log.', undefined, undefined, [], 'r', notices, 'Hmm.\n');
    expect(a.thinking).toEqual({ blocks: ['Hmm.\n'], open: false, ended: ['The model thought before answering (5 characters).'] });
    expect(a.text).toBe('Use git log.');
    expect(Answer.stored('Use git log.', undefined, undefined, [], 'r', notices).thinking).toBeUndefined();
  });

  it('shows the text a restart took back as the partial answer when the retry fails before writing', () => {
    const restart = { type: 'notice' as const, params: { requestId: 'r', kind: 'restart' as const,
      message: 'The answer from a was cut off after 13 characters; continuing with b.', discardedChars: 13 } };
    const failed = { type: 'done' as const, params: { requestId: 'r', conversationId: 'c', error: { code: 1009, message: 'No deployment' } } };
    const a = new Answer('r');
    a.apply(delta('Half an answe'));
    a.apply(restart);
    a.apply(failed);
    expect(a.parts).toEqual([{ kind: 'text', text: 'Half an answe' },
      { kind: 'notice', notice: 'restart', message: 'The answer from a was cut off after 13 characters; continuing with b.' }]);
    expect(a.text).toBe('Half an answe');
    expect(a.status).toBe('error');

    // Stopped while the retry had written nothing: the same.
    const stopped = new Answer('r');
    stopped.apply(delta('Intro. Half an answe'));
    stopped.apply(restart);
    stopped.abandon('Stopped.');
    expect(stopped.parts.map((p) => p.kind)).toEqual(['text', 'notice']);
    expect(stopped.text).toBe('Intro. Half an answe');

    // The retry wrote text of its own before it failed: that is the answer, the cut one stays struck.
    const retried = new Answer('r');
    retried.apply(delta('Half an answe'));
    retried.apply(restart);
    retried.apply(delta('A new st'));
    retried.apply(failed);
    expect(retried.text).toBe('A new st');
    expect(retried.parts[0]).toMatchObject({ kind: 'notice', discarded: 'Half an answe' });
  });

  it('explains an unavailable model by whether any is configured', () => {
    expect(errorMeaning(1009, true)).not.toMatch(/no model is configured|none is configured/i);
    expect(errorMeaning(1009, true)).toMatch(/Every configured model failed/);
    expect(errorMeaning(1009, false)).toMatch(/No model is configured/);
    // Not known yet: both cases.
    expect(errorMeaning(1009)).toMatch(/none is configured, or every deployment is unreachable/);
  });

  it('is abandoned once, without overwriting a finished answer', () => {
    const a = new Answer('r');
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c', usage: { promptTokens: 3, completionTokens: 4 } } });
    a.abandon('lost');
    expect(a.status).toBe('done');
    const b = new Answer('r2');
    b.abandon('Cancelled');
    expect(b.error).toEqual({ code: 1011, message: 'Cancelled' });
  });
});

describe('FrameScheduler', () => {
  it('renders at most once per frame, with the latest state', () => {
    const frames: (() => void)[] = [];
    const a = new Answer('r');
    const drawn: string[] = [];
    const s = new FrameScheduler(() => drawn.push(a.text), (cb) => frames.push(cb));
    for (const t of ['a', 'b', 'c']) { a.apply(delta(t)); s.schedule(); }
    expect(frames).toHaveLength(1);
    frames.shift()!();
    a.apply(delta('d'));
    s.schedule();
    s.flush();
    expect(drawn).toEqual(['abc', 'abcd']);
    frames.shift()!();
    expect(drawn).toEqual(['abc', 'abcd', 'abcd']);
  });
});
