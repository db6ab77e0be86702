import type { AiTask } from '../rpc/ai-client';
import type { ConversationStorage } from './current-conversation';

const KEY = 'stratus.ai.editsInFlight';
/** Longer than the server waits for a page (`ai.resumeSeconds` is at most 600): an older entry is stale. */
const MAX_AGE_MS = 11 * 60_000;

/** An Edit with AI being written when the page was left: what a reload needs to take it up and review it. */
export interface EditInFlight {
  requestId: string;
  path: string;
  instruction: string;
  selection?: { startLine: number; endLine: number };
  task?: AiTask;
  /** When it was asked (ms since the epoch). */
  at: number;
}

/**
 * The Edit with AI requests this tab is waiting for, kept in the tab's session storage, so that
 * after a reload the page takes them up (`ai/resume`) and opens their review, instead of losing
 * the model's work. Session storage is the tab's own: another tab never takes up this one's edits.
 * Light on purpose: the workbench reads it at start without loading the assistant.
 */
export class EditsInFlight {
  constructor(private readonly storage: ConversationStorage | undefined, private readonly now: () => number = Date.now) {}

  add(edit: EditInFlight): void {
    this.write([...this.list().filter((e) => e.requestId !== edit.requestId), edit]);
  }

  /** `requestId`'s edit came, failed or was closed: a reload has nothing to take up. */
  remove(requestId: string): void {
    const all = this.list();
    if (all.some((e) => e.requestId === requestId)) this.write(all.filter((e) => e.requestId !== requestId));
  }

  /** The edits left being written, oldest first; stale or unreadable entries are left out. */
  list(): EditInFlight[] {
    let v: unknown;
    try {
      v = JSON.parse(this.storage?.getItem(KEY) ?? '[]');
    } catch {
      return [];
    }
    if (!Array.isArray(v)) return [];
    return v.filter((e): e is EditInFlight => !!e && typeof e.requestId === 'string' && typeof e.path === 'string'
      && typeof e.instruction === 'string' && typeof e.at === 'number' && this.now() - e.at < MAX_AGE_MS);
  }

  private write(edits: EditInFlight[]): void {
    try {
      this.storage?.setItem(KEY, JSON.stringify(edits));
    } catch { /* storage blocked or full: a reload loses the edit, as before */ }
  }
}
