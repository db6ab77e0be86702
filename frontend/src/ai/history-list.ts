import type { AiClient, AiConversationSummary } from '../rpc/ai-client';
import { describeError, errorCode, ErrorCode } from '../rpc/errors';
import { confirmDialog } from '../ui/dialog';
import { h } from '../ui/dom';
import { toast } from '../ui/toast';

export interface HistoryListDeps {
  client: AiClient;
  /** The conversation the panel shows, if any. */
  current(): string | undefined;
  /** The user picked a conversation. */
  open(conversationId: string): void;
  /** The user deleted a conversation (already gone counts: what they asked for is done). */
  deleted(conversationId: string): void;
  /** The user asked for a conversation as a Markdown file. */
  export(conversationId: string): void;
}

/** The chat panel's conversation history of this workspace: listed on open, and again when another tab changes it. */
export class HistoryList {
  // Focusable from script only: it keeps the keyboard when its last row is deleted.
  readonly el = h('div', { class: 'ai-history', role: 'region', 'aria-label': 'Conversation history', tabindex: '-1',
    'data-testid': 'ai-history', hidden: true });
  /** Counts listings, so that an older answer never replaces a newer one. */
  private listing = 0;

  constructor(private readonly deps: HistoryListDeps) {}

  get isOpen(): boolean {
    return !this.el.hidden;
  }

  hide(): void {
    this.el.hidden = true;
  }

  async toggle(): Promise<void> {
    if (this.isOpen) return this.hide();
    this.el.hidden = false;
    this.el.replaceChildren(h('div', { class: 'ai-history-note' }, 'Loading…'));
    await this.refresh();
  }

  /** Lists the conversations again while the list is open. */
  async refresh(): Promise<void> {
    if (!this.isOpen) return;
    const listing = ++this.listing;
    try {
      const list = await this.deps.client.conversations();
      if (listing !== this.listing) return;
      this.el.replaceChildren(...(list.length ? list.map((c) => this.row(c)) : [noConversations()]));
    } catch (e) {
      if (listing !== this.listing) return;
      this.el.replaceChildren(h('div', { class: 'ai-history-note error' }, describeError('Cannot list conversations', e)));
    }
  }

  private row(c: AiConversationSummary): HTMLElement {
    const item = h('button', { class: 'ai-history-item', type: 'button', 'data-testid': 'ai-history-item', 'data-id': c.id,
      'aria-current': String(c.id === this.deps.current()) },
    h('span', { class: 'ai-history-title' }, c.title || 'Untitled'), h('span', { class: 'ai-history-time' }, when(c.updated)));
    item.addEventListener('click', () => this.deps.open(c.id));
    const remove = h('button', { class: 'icon-btn', type: 'button', title: 'Delete conversation', 'aria-label': 'Delete conversation',
      'data-testid': 'ai-history-delete' }, h('span', { class: 'codicon codicon-trash', 'aria-hidden': 'true' }));
    const exportButton = h('button', { class: 'icon-btn', type: 'button', title: 'Export conversation as Markdown',
      'aria-label': 'Export conversation as Markdown', 'data-testid': 'ai-history-export' },
    h('span', { class: 'codicon codicon-export', 'aria-hidden': 'true' }));
    exportButton.addEventListener('click', () => this.deps.export(c.id));
    const row = h('div', { class: 'ai-history-row' }, item, exportButton, remove);
    remove.addEventListener('click', () => void this.delete(c, row));
    return row;
  }

  /** Deletes a conversation after the user confirms. */
  private async delete(c: AiConversationSummary, row: HTMLElement): Promise<void> {
    const title = c.title || 'Untitled';
    if (!(await confirmDialog('Delete conversation', `Delete "${title}" from this workspace's history? This cannot be undone.`,
      'Delete', true))) return;
    try {
      await this.deps.client.deleteConversation(c.id);
    } catch (e) {
      // Already gone (deleted from another window): what the user asked for is done.
      if (errorCode(e) !== ErrorCode.NotFound) return toast(describeError('Cannot delete the conversation', e), 'error');
    }
    // The keyboard was on the row's trash button: it goes to the next row, or the one before, not to the page.
    const hadFocus = row.contains(document.activeElement);
    const next = (row.nextElementSibling ?? row.previousElementSibling)?.querySelector<HTMLElement>('[data-testid="ai-history-item"]');
    row.remove();
    if (!this.el.querySelector('[data-testid="ai-history-item"]')) this.el.replaceChildren(noConversations());
    if (hadFocus) (next ?? this.el).focus();
    this.deps.deleted(c.id);
  }
}

function noConversations(): HTMLElement {
  return h('div', { class: 'ai-history-note' }, 'No conversations in this workspace yet.');
}

function when(updated: string | number): string {
  const d = new Date(updated);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}
