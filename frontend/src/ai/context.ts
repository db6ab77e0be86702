import type { AiContext, AiDiagnostic, AiSelection } from '../rpc/ai-client';
import type { Problem } from '../lsp/diagnostics';

export interface Mentions {
  /** `@path` mentions, in order, without duplicates. */
  paths: string[];
  /** The first `@search` mention's query: `@search "two words"` or the rest of its line. */
  search?: string;
}

const SEARCH = /(^|\s)@search\s+(?:"([^"]*)"|([^\n]*))/;
const PATH = /(^|\s)@([\w.\-/]+[\w\-/])/g;

/** The `@file` and `@search` mentions of a message. Pure. */
export function parseMentions(message: string): Mentions {
  const m = SEARCH.exec(message);
  const search = m ? (m[2] ?? m[3]).trim() : undefined;
  // What the search query spans is not a path.
  const rest = m ? message.slice(0, m.index) + message.slice(m.index + m[0].length) : message;
  const paths: string[] = [];
  for (const p of rest.matchAll(PATH)) {
    const path = p[2];
    if (path === 'search' || paths.includes(path)) continue;
    paths.push(path);
  }
  return { paths, ...(search ? { search } : {}) };
}

/**
 * The `@word` being typed just before the caret (`@src/ma`), for the file picker: the query
 * and where the mention starts. Undefined when the caret is not inside a mention.
 */
export function mentionAt(text: string, caret: number): { start: number; query: string } | undefined {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([\w.\-/]*)$/.exec(before);
  if (!m || m[2] === 'search') return undefined;
  return { start: before.length - m[2].length - 1, query: m[2] };
}

/** Replaces the mention starting at `start` (its `@`) with `@path` and a space; answers the text and caret. */
export function insertMention(text: string, start: number, caret: number, path: string): { text: string; caret: number } {
  const after = text.slice(caret).replace(/^[\w.\-/]*/, '');
  const inserted = /^\s/.test(after) ? `@${path}` : `@${path} `;
  return { text: text.slice(0, start) + inserted + after, caret: start + inserted.length };
}

/** What the chips above the input hold when a message is sent. */
export interface ChipState {
  /** The active editor's file, when its chip is on. */
  currentFile?: string;
  /** The active editor's selection, sent whenever there is one. */
  selection?: AiSelection;
  /** The current file's diagnostics when their chip is on (empty otherwise; needs a current file). */
  diagnostics: AiDiagnostic[];
}

/** The `context` of an `ai/chat` request: chips plus the message's mentions. Pure. */
export function buildContext(message: string, chips: ChipState): AiContext | undefined {
  const mentions = parseMentions(message);
  const paths = [...(chips.currentFile ? [chips.currentFile] : []), ...mentions.paths]
    .filter((p, i, all) => all.indexOf(p) === i);
  const ctx: AiContext = {};
  if (paths.length) ctx.paths = paths;
  if (chips.selection) ctx.selection = chips.selection;
  if (mentions.search) ctx.search = mentions.search;
  if (chips.diagnostics.length && chips.currentFile) ctx.diagnostics = chips.diagnostics;
  return Object.keys(ctx).length ? ctx : undefined;
}

/** At most this many problems travel with a message. */
const MAX_DIAGNOSTICS = 50;

/** The editor's problems of one file as the `ai/*` context carries them, errors first. */
export function toAiDiagnostics(path: string, problems: readonly Problem[]): AiDiagnostic[] {
  const rank = (s: string) => ['error', 'warning', 'info', 'hint'].indexOf(s);
  return [...problems].sort((a, b) => rank(a.severity) - rank(b.severity) || a.line - b.line).slice(0, MAX_DIAGNOSTICS)
    .map((p) => ({ path, line: p.line, severity: p.severity, message: p.message, ...(p.source ? { source: p.source } : {}) }));
}
