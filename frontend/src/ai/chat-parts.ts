import { h } from '../ui/dom';
import type { ConversationStorage } from './current-conversation';

// The small pieces the chat view is drawn with.

export function browserStorage(): ConversationStorage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

/** A screen reader tells the messages apart by their names; on screen, their look does. */
export function userMessage(text: string): HTMLElement {
  return h('div', { class: 'ai-message ai-user', role: 'article', 'aria-label': 'You', 'data-testid': 'ai-message', 'data-role': 'user' },
    text);
}

export function iconButton(testId: string, icon: string, label: string): HTMLButtonElement {
  return h('button', { class: 'icon-btn', type: 'button', title: label, 'aria-label': label, 'data-testid': testId },
    h('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }));
}
