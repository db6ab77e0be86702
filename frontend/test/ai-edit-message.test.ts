// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EditorArea } from '../src/editor/editor-area';
import type { AiClient } from '../src/rpc/ai-client';

vi.mock('../src/editor/monaco', () => ({ editor: {}, languageOf: () => 'plaintext', Uri: {} }));
const { EditReview } = await import('../src/ai/edit-review');

function review() {
  // Another file is active: the review waits, its message is what it would show.
  const area = { active: { path: 'other.ts' }, codeEditor: {}, docs: new Map() } as unknown as EditorArea;
  return new EditReview({ area, client: {} as AiClient, closed: () => undefined }, 'src/a.ts', () => undefined);
}

const message = (r: { el: HTMLElement }) => r.el.querySelector<HTMLElement>('[data-testid="ai-edit-message"]')!;

afterEach(() => {
  document.body.replaceChildren();
});

describe('the edit review\'s message', () => {
  it('is a status while the assistant works, and an alert marked by more than its colour once the edit failed', () => {
    const r = review();
    expect(message(r).getAttribute('role')).toBe('status');
    expect(message(r).textContent).toBe('Asking the assistant…');
    r.failed('The assistant proposed nothing.');
    expect(message(r).getAttribute('role')).toBe('alert');
    expect(message(r).classList.contains('error')).toBe(true);
    expect(message(r).querySelector('.codicon-error[aria-hidden="true"]')).not.toBeNull();
    expect(message(r).textContent).toBe('The assistant proposed nothing.');
  });

  it('is a status again, without the mark, for a proposal after a failure', () => {
    const r = review();
    r.failed('Cannot reach the model.');
    r.propose('q1', 'a\n', undefined, 'a\n', 'b\n');
    expect(message(r).getAttribute('role')).toBe('status');
    expect(message(r).classList.contains('error')).toBe(false);
    expect(message(r).querySelector('.codicon-error')).toBeNull();
  });
});
