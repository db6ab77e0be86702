import type { AiTask } from '../rpc/ai-client';
import type { ConversationStorage } from './current-conversation';
import type { HunkDecision } from './hunks';

const KEY = 'stratus.ai.editsInFlight';
/** Longer than the server waits for a page (`ai.resumeSeconds` is at most 600): an older entry is stale. */
const MAX_AGE_MS = 11 * 60_000;
/** A review shown: the server keeps its proposal until it is applied; a day without a decision is long enough. */
const SHOWN_MAX_AGE_MS = 24 * 60 * 60_000;
const DECISIONS: readonly unknown[] = ['pending', 'accepted', 'rejected'] satisfies HunkDecision[];

/**
 * An Edit with AI being written, or reviewed, when the page was left: what a reload needs to take
 * it up (`ai/resume`) or show its review again (`ai/proposal`), with the decisions made.
 */
export interface EditInFlight {
  requestId: string;
  path: string;
  instruction: string;
  selection?: { startLine: number; endLine: number };
  task?: AiTask;
  /** When it was asked, or last decided on once shown (ms since the epoch). */
  at: number;
  /** Its review was shown: a reload shows it again rather than taking the edit up. */
  shown?: boolean;
  /** The decision per hunk made in that review. */
  decisions?: HunkDecision[];
}

/**
 * The Edit with AI requests this tab is waiting for or reviewing, kept in the tab's session
 * storage, so that after a reload the page takes them up (`ai/resume`) or fetches their proposal
 * (`ai/proposal`) and opens their review, instead of losing the model's work. Only ids and
 * decisions are kept here, never the file's text. Session storage is the tab's own: another tab never takes up this one's edits.
 * Light on purpose: the workbench reads it at start without loading the assistant.
 */
export class EditsInFlight {
  constructor(private readonly storage: ConversationStorage | undefined, private readonly now: () => number = Date.now) {}

  add(edit: EditInFlight): void {
    this.write([...this.list().filter((e) => e.requestId !== edit.requestId), edit]);
  }

  /** `requestId`'s review is shown, with `decisions` made: a reload shows it again so. */
  reviewed(requestId: string, decisions?: HunkDecision[]): void {
    const all = this.list();
    const e = all.find((x) => x.requestId === requestId);
    if (!e) return;
    this.write(all.map((x) => (x === e ? { ...e, shown: true, ...(decisions ? { decisions: [...decisions] } : {}), at: this.now() } : x)));
  }

  /** `requestId`'s edit failed, or its review was closed or saved: a reload has nothing to take up. */
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
      && typeof e.instruction === 'string' && typeof e.at === 'number'
      && this.now() - e.at < (e.shown === true ? SHOWN_MAX_AGE_MS : MAX_AGE_MS))
      .map((e) => (e.decisions === undefined || (Array.isArray(e.decisions) && e.decisions.every((d) => DECISIONS.includes(d)))
        ? e : { ...e, decisions: undefined }));
  }

  private write(edits: EditInFlight[]): void {
    try {
      this.storage?.setItem(KEY, JSON.stringify(edits));
    } catch { /* storage blocked or full: a reload loses the edit, as before */ }
  }
}
