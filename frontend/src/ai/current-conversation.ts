/** Browser storage as this needs it; missing or blocked storage just remembers nothing. */
export type ConversationStorage = Pick<Storage, 'getItem' | 'setItem'>;

const KEY = 'stratus.ai.currentConversations';
/** Old entries go first; one per workspace in use is all that is needed. */
const MAX_REMEMBERED = 50;

/**
 * Which conversation the chat panel of each workspace has open, so a reload reopens it. The
 * browser does not know which workspace a conversation belongs to, but the server's list of this
 * workspace's conversations does: one set of ids serves every workspace, and the id to reopen is
 * the one (most recently current) that the list names.
 */
export class CurrentConversation {
  constructor(private readonly storage: ConversationStorage | undefined) {}

  /** `id` replaces `previous` as the panel's conversation; undefined `id` is a new, empty chat. */
  set(id: string | undefined, previous: string | undefined): void {
    const all = this.load();
    if (previous !== undefined) delete all[previous];
    if (id !== undefined) all[id] = Date.now();
    const kept = Object.entries(all).sort((a, b) => b[1] - a[1]).slice(0, MAX_REMEMBERED);
    try {
      this.storage?.setItem(KEY, JSON.stringify(Object.fromEntries(kept)));
    } catch { /* storage blocked or full */ }
  }

  /** The conversation to reopen among this workspace's (`ai/conversations`), if any. */
  pick(listed: readonly { id: string }[]): string | undefined {
    const all = this.load();
    return listed.filter((c) => Object.hasOwn(all, c.id)).sort((a, b) => all[b.id] - all[a.id])[0]?.id;
  }

  private load(): Record<string, number> {
    try {
      const value: unknown = JSON.parse(this.storage?.getItem(KEY) ?? '{}');
      if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
      return Object.fromEntries(Object.entries(value).filter((e): e is [string, number] => typeof e[1] === 'number'));
    } catch {
      return {};
    }
  }
}
