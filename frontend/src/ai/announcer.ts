import { h } from '../ui/dom';
import type { Answer } from './answer';

/** How long a polite line stays in its region, in milliseconds: long enough to be queued for reading. */
export const POLITE_LINE_MS = 5_000;
/** The most lines the polite region holds; older ones go first. */
export const POLITE_LINES = 4;

/**
 * What a screen reader says about the chat without moving the focus: a polite region for an
 * answer that is complete and its notices, an assertive one for what cannot wait (a command
 * waiting for approval). The messages themselves are not a live region: a streamed answer would
 * be read out again with every piece of it.
 */
export class Announcer {
  private readonly polite = h('div', { class: 'ai-sr-only', role: 'status', 'data-testid': 'ai-announce' });
  private readonly urgent = h('div', { class: 'ai-sr-only', role: 'alert', 'data-testid': 'ai-announce-urgent' });
  readonly el = h('div', {}, this.polite, this.urgent);

  /**
   * Says `text`; a new node each time, so the same words said twice are read twice. A polite
   * line is added after those before it, not put in their place: one said in the same frame (a
   * notice, then that the answer is complete) would be gone before a screen reader read it. Each
   * goes after a few seconds, and the oldest first when many come, so the region stays small.
   */
  say(text: string, urgent = false): void {
    const line = h('div', {}, text);
    if (urgent) {
      this.urgent.replaceChildren(line);
      return;
    }
    this.polite.append(line);
    while (this.polite.childElementCount > POLITE_LINES) this.polite.firstElementChild!.remove();
    setTimeout(() => line.remove(), POLITE_LINE_MS);
  }
}

/**
 * What is said when an answer ends: that it is complete. An error says nothing here, it shows
 * as an alert of its own.
 */
export function endOfAnswer(a: Answer): string | undefined {
  if (a.status !== 'done') return undefined;
  const tools = a.parts.filter((p) => p.kind === 'tool').length;
  return tools ? `The answer is complete, after ${tools} tool step${tools > 1 ? 's' : ''}.` : 'The answer is complete.';
}

/** What is said when a tool call starts waiting for the user's approval. */
export function approvalRequest(tool: string, command: string | undefined): string {
  return `The assistant asks to run ${command ? `the command ${command}` : `the tool ${tool}`}: approve or deny it.`;
}
