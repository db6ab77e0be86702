import type { AiContext, AiDiagnostic, AiSelection } from '../rpc/ai-client';
import type { Problem } from '../lsp/diagnostics';

export interface Mentions {
  /** `@path` mentions, in order, without duplicates. */
  paths: string[];
  /** The first `@search` mention's query: `@search "two words"` or the rest of its line. */
  search?: string;
}

const SEARCH = /(^|\s)@search\s+(?:"([^"]*)"|([^\n]*))/;
/** `@src/a.ts`, or `@"src/app/[id]/page.tsx"` for a path the plain form cannot hold (`\"` and `\\` escaped). */
const PATH = /(^|\s)@(?:"((?:[^"\\\n]|\\.)+)"|([\w.\-/]+[\w\-/]))/g;
/** What a plain `@path` can hold: a trailing `.` is taken as the end of the sentence, not of the path. */
const PLAIN_PATH = /^[\w.\-/]+[\w\-/]$/;

/** The `@file` and `@search` mentions of a message. Pure. */
export function parseMentions(message: string): Mentions {
  const m = SEARCH.exec(message);
  const search = m ? (m[2] ?? m[3]).trim() : undefined;
  // What the search query spans is not a path.
  const rest = m ? message.slice(0, m.index) + message.slice(m.index + m[0].length) : message;
  const paths: string[] = [];
  for (const p of rest.matchAll(PATH)) {
    const quoted = p[2] !== undefined;
    const path = quoted ? p[2].replace(/\\(.)/g, '$1') : p[3];
    if ((!quoted && path === 'search') || paths.includes(path)) continue;
    paths.push(path);
  }
  return { paths, ...(search ? { search } : {}) };
}

/** How `path` is written as a mention so that `parseMentions` reads back exactly that path. Pure. */
export function mentionText(path: string): string {
  return PLAIN_PATH.test(path) && path !== 'search' ? `@${path}` : `@"${path.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * The `@word` being typed just before the caret (`@src/ma`, `@sea`), for the mention
 * suggestions: the query and where the mention starts. Undefined when the caret is not inside one.
 */
export function mentionAt(text: string, caret: number): { start: number; query: string } | undefined {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([\w.\-/]*)$/.exec(before);
  if (!m) return undefined;
  return { start: before.length - m[2].length - 1, query: m[2] };
}

/** Replaces the mention starting at `start` (its `@`) with `path`'s mention and a space; answers the text and caret. */
export function insertMention(text: string, start: number, caret: number, path: string): { text: string; caret: number } {
  return replaceMention(text, start, caret, mentionText(path));
}

/** Replaces the mention starting at `start` with `mention` (`@search`, `@"a b.ts"`) and a space. Pure. */
export function replaceMention(text: string, start: number, caret: number, mention: string): { text: string; caret: number } {
  const after = text.slice(caret).replace(/^[\w.\-/]*/, '');
  const inserted = /^\s/.test(after) ? mention : `${mention} `;
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

/**
 * `context` with the editor's text of its files that have unsaved changes (`unsaved` gives it, or
 * undefined for a file the editor does not hold changed): the model is asked about what the user
 * sees, which the selection and a problem's line refer to. Pure.
 */
export function withUnsavedText(context: AiContext | undefined, unsaved: (path: string) => string | undefined): AiContext | undefined {
  const documents = (context?.paths ?? []).flatMap((path) => {
    const text = unsaved(path);
    return text === undefined ? [] : [{ path, text }];
  });
  return documents.length ? { ...context, documents } : context;
}
