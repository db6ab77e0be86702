// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { Answer } from '../src/ai/answer';
import { AnswerView, proposedEdit, type AnswerActions } from '../src/ai/answer-view';
import { ChatView } from '../src/ai/chat-view';
import type { EditorArea } from '../src/editor/editor-area';
import { AiEventRouter } from '../src/ai/event-router';
import { problemAt, quickPrompt } from '../src/ai/prompts';
import { DiagnosticsStore, type Problem } from '../src/lsp/diagnostics';
import type { AiClient, AiEvent } from '../src/rpc/ai-client';

const q = (root: ParentNode, id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`);
const all = (root: ParentNode, id: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${id}"]`)];

function actions(over: Partial<AnswerActions> = {}): AnswerActions {
  return { copy: vi.fn(), insert: vi.fn(), apply: vi.fn(), approve: vi.fn(), colorize: async () => undefined, ...over };
}

describe('AnswerView', () => {
  it('shows model HTML as text, never as elements', () => {
    const a = new Answer('r');
    a.apply({ type: 'delta', params: { requestId: 'r', text: 'x <script>window.pwned = 1</script> <img src=x onerror="window.pwned=2">' } });
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c' } });
    const v = new AnswerView(a, actions(), () => undefined);
    expect(v.el.querySelector('script, img')).toBeNull();
    expect(v.el.textContent).toContain('<script>');
  });

  it('copies the whole answer as Markdown once it is complete, not while it streams, nor an empty one', () => {
    const a = new Answer('r');
    const acts = actions();
    const v = new AnswerView(a, acts, () => undefined);
    a.apply({ type: 'delta', params: { requestId: 'r', text: 'Use **this**:\n\n```ts\nretry(3);\n```\n' } });
    v.update();
    expect(q(v.el, 'ai-answer-copy')).toBeNull();
    a.apply({ type: 'delta', params: { requestId: 'r', text: 'Then test it.' } });
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c' } });
    v.update();
    const copy = q(v.el, 'ai-answer-copy') as HTMLButtonElement;
    expect(copy.getAttribute('aria-label')).toBe('Copy answer');
    copy.click();
    expect(acts.copy).toHaveBeenCalledWith('Use **this**:\n\n```ts\nretry(3);\n```\nThen test it.');

    const none = new Answer('r2');
    const nv = new AnswerView(none, actions(), () => undefined);
    none.apply({ type: 'done', params: { requestId: 'r2', conversationId: 'c', error: { code: 1009, message: 'All deployments failed' } } });
    nv.update();
    expect(q(nv.el, 'ai-answer-copy')).toBeNull();
  });

  it('asks for approval of a pending tool call and reports the decision once', () => {
    const a = new Answer('r');
    const acts = actions();
    const v = new AnswerView(a, acts, () => undefined);
    a.apply({ type: 'toolCall', params: { requestId: 'r', callId: 'c1', name: 'run_command', arguments: '{"command": "rm -rf build", "cwd": "app"}', requiresApproval: true, state: 'pending' } });
    v.update();
    v['render']();
    const step = q(v.el, 'ai-tool-step')!;
    expect(step.dataset.state).toBe('pending');
    // The command to approve is in plain sight, and so are all the arguments.
    expect(q(step, 'ai-tool-command')!.textContent).toBe('app $ rm -rf build');
    expect(step.querySelector('details')!.hasAttribute('open')).toBe(true);
    q(step, 'ai-tool-approve')!.click();
    expect(acts.approve).toHaveBeenCalledWith('c1', true);
    expect((q(step, 'ai-tool-deny') as HTMLButtonElement).disabled).toBe(true);
    a.apply({ type: 'toolCall', params: { requestId: 'r', callId: 'c1', name: 'run_command', arguments: { cmd: 'ls' }, requiresApproval: true, state: 'done', result: 'a.txt' } });
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c', route: { tier: 'small', deployment: 'local', model: 'm', reasons: ['short question'], fallbacks: [] }, usage: { promptTokens: 10, completionTokens: 2 } } });
    v.update();
    expect(all(v.el, 'ai-tool-step')).toHaveLength(1);
    expect(q(v.el, 'ai-tool-step')!.dataset.state).toBe('done');
    expect(q(v.el, 'ai-tool-approve')).toBeNull();
    expect(q(v.el, 'ai-route')!.textContent).toContain('small · m (local) · 10 + 2 tokens');
  });

  it('stops asking for approval once the connection is lost, and says the call was stopped', () => {
    const a = new Answer('r');
    const acts = actions();
    const v = new AnswerView(a, acts, () => undefined);
    a.apply({ type: 'toolCall', params: { requestId: 'r', callId: 'c1', name: 'run_command', arguments: '{"command": "make"}',
      requiresApproval: true, state: 'pending', step: 1, index: 0 } });
    a.apply({ type: 'toolCall', params: { requestId: 'r', callId: 'c2', name: 'read_file', arguments: '{"path": "a"}',
      requiresApproval: false, state: 'running', step: 1, index: 1 } });
    v.update();
    v['render']();
    expect(q(v.el, 'ai-tool-approve')).not.toBeNull();
    // The server stops the request when its connection closes; no ai/toolCall says so to this page.
    a.abandon('The connection to the workspace was lost; the answer is incomplete.', -1);
    v.update();
    expect(q(v.el, 'ai-tool-approve')).toBeNull();
    expect(q(v.el, 'ai-tool-deny')).toBeNull();
    expect(all(v.el, 'ai-tool-step').map((s) => s.dataset.state)).toEqual(['stopped', 'stopped']);
    expect(v.el.textContent).not.toContain('waiting for approval');
  });

  it('asks about each call sharing an id on its own, naming it by its step and index', () => {
    const a = new Answer('r');
    const acts = actions();
    const v = new AnswerView(a, acts, () => undefined);
    const call = { requestId: 'r', callId: 'call_0', name: 'run_command', arguments: '{"command": "make"}', requiresApproval: true };
    a.apply({ type: 'toolCall', params: { ...call, state: 'pending', step: 1, index: 0 } });
    v['render']();
    q(v.el, 'ai-tool-approve')!.click();
    a.apply({ type: 'toolCall', params: { ...call, state: 'done', result: 'ok', step: 1, index: 0 } });
    a.apply({ type: 'toolCall', params: { ...call, state: 'pending', step: 2, index: 0 } });
    v['render']();
    const steps = all(v.el, 'ai-tool-step');
    expect(steps.map((s) => s.dataset.state)).toEqual(['done', 'pending']);
    q(steps[1], 'ai-tool-deny')!.click();
    expect(acts.approve).toHaveBeenNthCalledWith(1, 'call_0', true, { step: 1, index: 0 });
    expect(acts.approve).toHaveBeenNthCalledWith(2, 'call_0', false, { step: 2, index: 0 });
  });

  it('brings a command waiting for approval into view once, leaving the focus where the user types', () => {
    const a = new Answer('r');
    const v = new AnswerView(a, actions(), () => undefined);
    const input = document.createElement('textarea');
    document.body.append(v.el, input);
    input.focus();
    const scrolled: HTMLElement[] = [];
    const spy = vi.spyOn(HTMLElement.prototype, 'scrollIntoView').mockImplementation(function (this: HTMLElement) { scrolled.push(this); });
    try {
      a.apply({ type: 'delta', params: { requestId: 'r', text: 'Let me build it.' } });
      a.apply({ type: 'toolCall', params: { requestId: 'r', callId: 'c1', name: 'run_command', arguments: '{"command": "make"}', requiresApproval: true, state: 'pending' } });
      v['render']();
      expect(scrolled.map((el) => el.dataset.testid ?? el.className)).toEqual(['ai-tool-actions ai-tool-approval', 'ai-tool-command']);
      expect(document.activeElement).toBe(input);
      // Later deltas leave the scrolling to the user.
      a.apply({ type: 'delta', params: { requestId: 'r', text: ' More.' } });
      v['render']();
      expect(scrolled).toHaveLength(2);
      // A second command asks again.
      a.apply({ type: 'toolCall', params: { requestId: 'r', callId: 'c2', name: 'run_command', arguments: '{"command": "make test"}', requiresApproval: true, state: 'pending' } });
      v['render']();
      expect(scrolled).toHaveLength(4);
      expect(scrolled[3].textContent).toBe('$ make test');
    } finally {
      spy.mockRestore();
      v.el.remove();
      input.remove();
    }
  });

  it('offers the review of a proposed edit, and nothing for other tools or stored answers', () => {
    const a = new Answer('r');
    const review = vi.fn();
    const v = new AnswerView(a, actions({ review }), () => undefined);
    const args = { path: 'src/a.ts', content: 'export const a = 2;\n', summary: 'bump' };
    a.apply({ type: 'toolCall', params: { requestId: 'r', callId: 'p1', name: 'propose_edit', arguments: args, requiresApproval: false, state: 'running' } });
    a.apply({ type: 'toolCall', params: { requestId: 'r', callId: 'l1', name: 'list_files', arguments: { path: '' }, requiresApproval: false, state: 'done', result: 'a' } });
    v.update();
    v['render']();
    expect(q(v.el, 'ai-tool-review')).toBeNull(); // not before the call is done
    // What is reviewed is the server's edit (the file's secrets back), not the model's arguments.
    const edit = { path: 'src/a.ts', oldText: 'export const a = 1;\n', newText: 'export const a = 2;\n' };
    a.apply({ type: 'toolCall', params: { requestId: 'r', callId: 'p1', name: 'propose_edit', arguments: args, requiresApproval: false, state: 'done', result: 'Proposed', edit } });
    // The same content as the file's: the server sends no edit, and there is nothing to review.
    a.apply({ type: 'toolCall', params: { requestId: 'r', callId: 'p2', name: 'propose_edit', arguments: args, requiresApproval: false, state: 'done',
      result: 'The proposed content is the same as the file\'s: nothing to review.' } });
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c' } });
    v.update();
    expect(all(v.el, 'ai-tool-review')).toHaveLength(1);
    q(v.el, 'ai-tool-review')!.click();
    expect(review).toHaveBeenCalledWith(edit);
    const stored = new AnswerView(a, actions({ review: undefined }), () => undefined);
    expect(q(stored.el, 'ai-tool-review')).toBeNull();
  });

  it('offers to create a proposed new file instead of a review', () => {
    const a = new Answer('r');
    const create = vi.fn();
    const review = vi.fn();
    const v = new AnswerView(a, actions({ create, review }), () => undefined);
    a.apply({ type: 'toolCall', params: { requestId: 'r', callId: 'n1', name: 'propose_edit', arguments: '{"path": "test/a.test.ts", "content": "it()\\n"}',
      requiresApproval: false, state: 'done', result: 'Proposed a new file test/a.test.ts (1 line); the user reviews it and decides. It is not created yet.' } });
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c' } });
    v.update();
    expect(q(v.el, 'ai-tool-review')).toBeNull();
    const button = q(v.el, 'ai-tool-create') as HTMLButtonElement;
    expect(button.textContent).toBe('Create test/a.test.ts');
    button.click();
    expect(create).toHaveBeenCalledWith('test/a.test.ts', 'it()\n');
    expect(button.disabled).toBe(true);
  });

  it('reads a proposal only from propose_edit calls with a path and content', () => {
    expect(proposedEdit('propose_edit', { path: 'a', content: '' })).toEqual({ path: 'a', content: '' });
    expect(proposedEdit('propose_edit', '{"path": "a", "content": "x\\n"}')).toEqual({ path: 'a', content: 'x\n' });
    expect(proposedEdit('propose_edit', '{"path": "a", "cont')).toBeUndefined();
    expect(proposedEdit('propose_edit', { path: '', content: 'x' })).toBeUndefined();
    expect(proposedEdit('propose_edit', { path: 'a' })).toBeUndefined();
    expect(proposedEdit('propose_edit', 'nope')).toBeUndefined();
    expect(proposedEdit('read_file', { path: 'a', content: 'x' })).toBeUndefined();
  });

  it('puts notices where they happened and strikes discarded text', () => {
    const a = new Answer('r');
    const v = new AnswerView(a, actions(), () => undefined);
    const events: AiEvent[] = [
      { type: 'delta', params: { requestId: 'r', text: 'Partial' } },
      { type: 'notice', params: { requestId: 'r', kind: 'restart', message: 'restarted', discardedChars: 7 } },
      { type: 'delta', params: { requestId: 'r', text: 'Full answer' } },
      { type: 'done', params: { requestId: 'r', conversationId: 'c', error: { code: 1010, message: 'rate limited' } } },
    ];
    for (const e of events) a.apply(e);
    v.update();
    const body = v.el.querySelector('.ai-answer-body')!;
    expect([...body.children].map((c) => c.getAttribute('data-testid') ?? c.className)).toEqual(['ai-notice', 'ai-md']);
    expect(q(v.el, 'ai-notice')!.dataset.kind).toBe('restart');
    expect(q(v.el, 'ai-discarded')!.tagName).toBe('DEL');
    expect(q(v.el, 'ai-error')!.textContent).toMatch(/rate limited.*rate limiting/);
  });

  it('shows text a restart struck as the partial answer once the retry fails without writing', () => {
    const a = new Answer('r');
    const v = new AnswerView(a, actions(), () => undefined);
    a.apply({ type: 'delta', params: { requestId: 'r', text: 'Partial' } });
    a.apply({ type: 'notice', params: { requestId: 'r', kind: 'restart', message: 'restarted', discardedChars: 7 } });
    v.update();
    v['render']();
    expect(q(v.el, 'ai-discarded')!.textContent).toBe('Partial');
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c', error: { code: 1009, message: 'No deployment' } } });
    v.update();
    const body = v.el.querySelector('.ai-answer-body')!;
    expect([...body.children].map((c) => c.getAttribute('data-testid') ?? c.className)).toEqual(['ai-md', 'ai-notice']);
    expect(q(v.el, 'ai-discarded')).toBeNull();
    expect(body.querySelector('.ai-md')!.textContent).toBe('Partial');
    expect(q(v.el, 'ai-error')!.textContent).toContain('No deployment');
  });

  it('says a repeated call was not run again, and why, with no approval to give', () => {
    const a = new Answer('r');
    const v = new AnswerView(a, actions(), () => undefined);
    a.apply({ type: 'toolCall', params: { requestId: 'r', callId: 'c2', name: 'run_command', arguments: '{"command": "make"}',
      requiresApproval: true, state: 'repeated', result: 'Not run again: you made this same call in step 1.', step: 2, index: 0 } });
    v['render']();
    const step = q(v.el, 'ai-tool-step')!;
    expect(step.querySelector('.ai-tool-state')!.textContent).toBe('not run again: a repeat');
    expect(step.querySelector('.codicon')!.classList).toContain('codicon-history');
    const result = [...step.querySelectorAll('details')].find((d) => d.textContent!.includes('Not run again'))!;
    expect(result.hasAttribute('open')).toBe(true);
    expect(q(step, 'ai-tool-approve')).toBeNull();
  });

  it('shows where an answer reached its step limit, before the text it ends with', () => {
    const a = new Answer('r');
    const v = new AnswerView(a, actions(), () => undefined);
    a.apply({ type: 'toolCall', params: { requestId: 'r', callId: 'c5', name: 'read_file', arguments: '{"path": "a"}', requiresApproval: false, state: 'done', result: 'x' } });
    a.apply({ type: 'notice', params: { requestId: 'r', kind: 'steps', message: 'This is the last of the 6 steps an answer may take.' } });
    a.apply({ type: 'delta', params: { requestId: 'r', text: 'What I found.' } });
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c' } });
    v.update();
    const body = v.el.querySelector('.ai-answer-body')!;
    expect([...body.children].map((c) => c.getAttribute('data-testid') ?? c.className)).toEqual(['ai-tool-step', 'ai-notice', 'ai-md']);
    const notice = q(v.el, 'ai-notice')!;
    expect(notice.dataset.kind).toBe('steps');
    expect(notice.textContent).toBe('This is the last of the 6 steps an answer may take.');
    expect(notice.querySelector('.codicon')!.classList).toContain('codicon-debug-stop');
  });

  it('keeps finished blocks while the answer streams: buttons take clicks and selections stay', () => {
    const a = new Answer('r');
    const acts = actions();
    const v = new AnswerView(a, acts, () => undefined);
    document.body.append(v.el);
    const stream = (text: string) => {
      a.apply({ type: 'delta', params: { requestId: 'r', text } });
      v['render']();
    };
    stream('First paragraph <script>window.pwned = 1</script>.\n\n```js\nlet a = 1;\n```\n\nSecond');
    const first = v.el.querySelector('p')!;
    const copy = q(v.el, 'ai-code-copy')!;
    const selection = document.getSelection()!;
    selection.selectAllChildren(first);
    const selected = selection.toString();
    expect(selected).toContain('First paragraph');
    stream(' paragraph, still');
    stream(' being written.\n\n```py\nprint(');
    expect(v.el.querySelector('p')).toBe(first);
    expect(q(v.el, 'ai-code-copy')).toBe(copy);
    expect(copy.isConnected).toBe(true);
    expect(selection.toString()).toBe(selected);
    copy.click();
    expect(acts.copy).toHaveBeenCalledWith('let a = 1;\n');
    expect([...v.el.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      'First paragraph <script>window.pwned = 1</script>.', 'Second paragraph, still being written.']);
    expect(v.el.querySelector('script')).toBeNull();
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c' } });
    v.update();
    expect(v.el.querySelector('p')).toBe(first);
    expect(all(v.el, 'ai-code-copy')).toHaveLength(2);
    // Text taken back by a restart is taken out of what is shown too.
    const b = new Answer('r');
    const w = new AnswerView(b, actions(), () => undefined);
    b.apply({ type: 'delta', params: { requestId: 'r', text: 'Kept.\n\nDropped later' } });
    w['render']();
    b.apply({ type: 'notice', params: { requestId: 'r', kind: 'restart', message: 'restarted', discardedChars: 14 } });
    w['render']();
    expect(w.el.querySelector('.ai-md')!.textContent).toBe('Kept.');
  });

  it('offers a reopened answer\'s proposal for review again, unless it was too large to keep', () => {
    const acts = actions({ reviewAgain: vi.fn() });
    const proposal = { step: 1, index: 0, callId: 'call_0', name: 'propose_edit', requiresApproval: false, state: 'done' as const,
      result: 'Proposed a change of a.txt', at: 5 };
    const a = Answer.stored('Here.Done.', undefined, undefined, [
      { ...proposal, arguments: '{"path": "a.txt", "content": "new\\n"}' },
      { ...proposal, index: 1, arguments: '{"path": "b.txt", "content": "ne', argumentsCut: true }], 'r1');
    const v = new AnswerView(a, acts, () => undefined);
    const steps = all(v.el, 'ai-tool-step');
    expect(steps).toHaveLength(2);
    q(steps[0], 'ai-tool-review')!.click();
    expect(acts.reviewAgain).toHaveBeenCalledWith('a.txt', 'new\n');
    expect(q(steps[1], 'ai-tool-review')).toBeNull();
    expect(q(steps[1], 'ai-tool-cut')!.textContent).toMatch(/too large to keep/);
    expect(v.el.textContent).toContain('Here.');
  });

  it('gives each code block Copy, Insert and Apply, and no Apply on a stored answer', () => {
    const acts = actions();
    const a = Answer.stored('```ts\nlet x = 1;\n```');
    const live = new Answer('r');
    live.apply({ type: 'delta', params: { requestId: 'r', text: '```ts\nlet x = 1;\n```' } });
    live.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c' } });
    const v = new AnswerView(live, acts, () => undefined);
    q(v.el, 'ai-code-insert')!.click();
    q(v.el, 'ai-code-apply')!.click();
    expect(acts.insert).toHaveBeenCalledWith('let x = 1;\n');
    expect(acts.apply).toHaveBeenCalledWith('let x = 1;\n');
    const stored = new AnswerView(a, { ...acts, apply: undefined }, () => undefined);
    expect(q(stored.el, 'ai-code-copy')).not.toBeNull();
    expect(q(stored.el, 'ai-code-apply')).toBeNull();
  });
});

describe('the Thinking section', () => {
  const thinking = (text: string): AiEvent => ({ type: 'thinking', params: { requestId: 'r', text } });
  const done: AiEvent = { type: 'done', params: { requestId: 'r', conversationId: 'c' } };
  const message = 'The model thought before answering (23 characters, not part of the answer).';

  it('grows collapsed above the answer while the model thinks, then says it is done instead of a note of its own', () => {
    const a = new Answer('r');
    const v = new AnswerView(a, actions(), () => undefined);
    a.apply(thinking('The user'));
    v['render']();
    const section = q(v.el, 'ai-thinking') as HTMLDetailsElement;
    expect(section.tagName).toBe('DETAILS');
    expect(section.open).toBe(false);
    expect(q(v.el, 'ai-thinking-summary')!.textContent).toBe('Thinking…');
    expect(q(v.el, 'ai-thinking-text')!.textContent).toBe('The user');
    // The user opens it: it stays open, the same element, while the thinking streams.
    section.open = true;
    a.apply(thinking(' wants the log.'));
    v['render']();
    expect(q(v.el, 'ai-thinking')).toBe(section);
    expect(section.open).toBe(true);
    expect(q(v.el, 'ai-thinking-text')!.textContent).toBe('The user wants the log.');
    a.apply({ type: 'notice', params: { requestId: 'r', kind: 'thinking', message } });
    a.apply({ type: 'delta', params: { requestId: 'r', text: 'Use git log.' } });
    a.apply(done);
    v.update();
    expect(q(v.el, 'ai-thinking-summary')!.textContent).toBe(message);
    expect(section.open).toBe(true);
    // One place says the model thought: the section, not a note beside it.
    expect(all(v.el, 'ai-notice').filter((n) => !n.hidden)).toEqual([]);
    expect(v.el.textContent!.split(message)).toHaveLength(2);
    // Above the answer's text, which holds none of the thinking.
    const body = v.el.querySelector('.ai-answer-body')!;
    expect(section.compareDocumentPosition(body) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(body.textContent).toBe('Use git log.');
    // Not read out piece by piece: no live region in it, and the answer is busy while it streams.
    expect(section.closest('[aria-live], [role="status"], [role="log"], [role="alert"]')).toBeNull();
    expect(section.querySelector('[aria-live], [role="status"], [role="log"], [role="alert"]')).toBeNull();
  });

  it('holds the text taken back as thinking in the same one section, at its start', () => {
    const a = new Answer('r');
    const v = new AnswerView(a, actions(), () => undefined);
    a.apply({ type: 'delta', params: { requestId: 'r', text: 'Okay, the user' } });
    v['render']();
    a.apply(thinking(' wants the log.\n'));
    a.apply({ type: 'notice', params: { requestId: 'r', kind: 'thinking', message, discardedChars: 14 } });
    a.apply({ type: 'delta', params: { requestId: 'r', text: 'Use git log.' } });
    a.apply(done);
    v.update();
    expect(all(v.el, 'ai-thinking')).toHaveLength(1);
    expect(v.el.querySelectorAll('details')).toHaveLength(1 + all(v.el, 'ai-route').length);
    expect(q(v.el, 'ai-thinking-text')!.textContent).toBe('Okay, the user wants the log.\n');
    expect(v.el.querySelector('.ai-answer-body')!.textContent).toBe('Use git log.');
  });

  it('is there, collapsed and done, in an answer reopened from history; an answer stored without thinking keeps its note', () => {
    const notices = [{ kind: 'thinking' as const, message, at: 0, step: 1 }];
    const v = new AnswerView(Answer.stored('Use git log.', undefined, undefined, [], 'r', notices, 'The user wants the log.'),
      actions(), () => undefined);
    const section = q(v.el, 'ai-thinking') as HTMLDetailsElement;
    expect(section.open).toBe(false);
    expect(q(v.el, 'ai-thinking-summary')!.textContent).toBe(message);
    expect(q(v.el, 'ai-thinking-text')!.textContent).toBe('The user wants the log.');
    expect(all(v.el, 'ai-notice').filter((n) => !n.hidden)).toEqual([]);

    const older = new AnswerView(Answer.stored('Use git log.', undefined, undefined, [], 'r', notices), actions(), () => undefined);
    expect(q(older.el, 'ai-thinking')).toBeNull();
    expect(q(older.el, 'ai-notice')!.textContent).toBe(message);
  });

  it('is shown when a conversation is reopened from history', async () => {
    const client = {
      status: async () => ({ configured: true, deployments: [] }),
      conversations: async () => [{ id: 'c1', title: 'commits', updated: 1 }],
      conversation: async () => ({ id: 'c1', title: 'commits', messages: [{ role: 'user', text: 'how do I list commits' },
        { role: 'assistant', text: 'Use git log.', notices: [{ kind: 'thinking', message, at: 0, step: 1 }], thinking: 'The user wants the log.' }] }),
    } as unknown as AiClient;
    const area = { active: undefined, list: () => [], docs: new Map(), onActiveChange: () => undefined,
      codeEditor: { onDidChangeCursorSelection: () => undefined, getSelection: () => null } } as unknown as EditorArea;
    const view = new ChatView({ client, router: new AiEventRouter(), area, diagnostics: new DiagnosticsStore(), findFiles: async () => [],
      answerActions: () => actions() });
    document.body.append(view.el);
    q(view.el, 'ai-history-toggle')!.click();
    await vi.waitFor(() => expect(all(view.el, 'ai-history-item')).toHaveLength(1));
    all(view.el, 'ai-history-item')[0].click();
    await vi.waitFor(() => expect(q(view.el, 'ai-thinking')).not.toBeNull());
    expect((q(view.el, 'ai-thinking') as HTMLDetailsElement).open).toBe(false);
    expect(q(view.el, 'ai-thinking-text')!.textContent).toBe('The user wants the log.');
    view.el.remove();
  });
});

describe('ChatView', () => {
  function setup() {
    const listeners: (() => void)[] = [];
    const area = {
      active: undefined, list: () => [], docs: new Map(),
      onActiveChange: (l: () => void) => listeners.push(l),
      codeEditor: { onDidChangeCursorSelection: () => undefined, getSelection: () => null },
    } as unknown as EditorArea;
    const calls: [string, unknown][] = [];
    const client = {
      status: async () => ({ configured: true, deployments: [] }),
      chat: async (p: unknown) => { calls.push(['chat', p]); return { conversationId: 'c1', requestId: `r${calls.length}` }; },
      cancel: async (id: string) => { calls.push(['cancel', id]); },
    } as unknown as AiClient;
    const router = new AiEventRouter();
    const view = new ChatView({ client, router, area, diagnostics: new DiagnosticsStore(), findFiles: async () => [],
      answerActions: () => actions() });
    document.body.append(view.el);
    return { view, calls, router };
  }

  it('sends on Enter with the mentions as context, streams the answer, and continues the conversation', async () => {
    const { view, calls, router } = setup();
    const input = q(view.el, 'ai-input') as HTMLTextAreaElement;
    input.value = 'What does @src/a.ts do?';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual(['chat', { conversationId: undefined, message: 'What does @src/a.ts do?', task: undefined, context: { paths: ['src/a.ts'] } }]);
    expect(q(view.el, 'ai-stop')!.hidden).toBe(false);
    router.dispatch({ type: 'delta', params: { requestId: 'r1', text: 'It **parses**.' } });
    router.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: 'c1' } });
    const msgs = all(view.el, 'ai-message');
    expect(msgs.map((m) => m.dataset.role)).toEqual(['user', 'assistant']);
    expect(msgs[1].querySelector('strong')!.textContent).toBe('parses');
    expect(q(view.el, 'ai-stop')!.hidden).toBe(true);
    await view.ask('And then?');
    expect(calls[1]).toEqual(['chat', expect.objectContaining({ conversationId: 'c1', message: 'And then?' })]);
  });

  it('stops an answer with ai/cancel', async () => {
    const { view, calls, router } = setup();
    await view.ask('long question');
    q(view.el, 'ai-stop')!.click();
    await vi.waitFor(() => expect(calls).toContainEqual(['cancel', 'r1']));
    router.dispatch({ type: 'done', params: { requestId: 'r1', conversationId: 'c1', error: { code: 1011, message: 'Cancelled' } } });
    expect(q(view.el, 'ai-error')!.dataset.code).toBe('1011');
    expect(q(view.el, 'ai-send')!.hidden).toBe(false);
  });
});

describe('quick actions', () => {
  it('word the request for the selection or the file', () => {
    expect(quickPrompt('explain', 'a.ts', true)).toBe('Explain the selected code in a.ts.');
    expect(quickPrompt('generate-tests', 'a.ts', false)).toBe('Generate unit tests for a.ts.');
  });

  it('pick the most severe problem covering the cursor line', () => {
    const p = (line: number, severity: Problem['severity'], endLine = line): Problem =>
      ({ severity, message: `${severity}@${line}`, line, column: 1, endLine, endColumn: 2 });
    const problems = [p(3, 'warning'), p(2, 'info', 4), p(3, 'error'), p(9, 'error')];
    expect(problemAt(problems, 3)?.message).toBe('error@3');
    expect(problemAt(problems, 4)?.message).toBe('info@2');
    expect(problemAt(problems, 8)?.message).toBe('error@9');
    expect(problemAt(problems, 6)).toBeUndefined();
  });
});
