import type { AiClient, AiConversation, AiStoredMessage, AiStoredNotice, AiStoredStep } from '../rpc/ai-client';
import { errorCode, ErrorCode } from '../rpc/errors';
import type { Answer } from './answer';

/** What an exported conversation says about where and when it was exported. */
export interface ExportInfo {
  /** When the export was made. */
  at: Date;
  /** The workspace the conversation belongs to. */
  workspace: string;
}

/** A turn still being answered when the export was made: the conversation keeps a turn only once it ends. */
export interface UnfinishedTurn {
  question: string;
  /** What the panel shows of the answer so far. */
  answer: Answer;
}

/** How much of a tool step's arguments the export shows: enough to tell the calls apart. */
const ARGUMENTS_SHOWN = 80;
/** The longest file name the export offers, before `.md`: a title is a whole first message. */
const FILE_NAME_CHARS = 80;

/**
 * A stored conversation (`ai/conversation`) as Markdown, for a ticket, a review or an incident
 * record: the title, when and from which workspace it was exported, then each turn as it was
 * written, each answer with the model that gave it, its tool steps, its notices and, collapsed,
 * its model's thinking. Only what the conversation holds is written.
 */
export function conversationMarkdown(c: AiConversation, info: ExportInfo, unfinished?: UnfinishedTurn): string {
  const workspace = oneLine(info.workspace);
  const out = [`# ${oneLine(c.title) || 'Untitled'}`,
    `Exported ${timestamp(info.at)}${workspace ? ` from the workspace ${workspace}` : ''}.`];
  for (const m of c.messages) out.push('---', ...(m.role === 'user' ? [`**You**`, closeFences(m.text)] : answer(m)));
  if (unfinished) {
    const [heading, ...rest] = answer(shownSoFar(unfinished.answer));
    out.push('---', '**You**', closeFences(unfinished.question), '---', heading,
      '*Still being written when this was exported: the answer below is incomplete.*', ...rest);
  }
  return `${out.filter((part) => part !== '').join('\n\n')}\n`;
}

/** An answer as far as it has come, in the shape the conversation would keep it. */
function shownSoFar(a: Answer): AiStoredMessage {
  const steps: AiStoredStep[] = [];
  const notices: AiStoredNotice[] = [];
  let at = 0;
  for (const p of a.parts) {
    if (p.kind === 'text') at += p.text.length;
    else if (p.kind === 'notice') notices.push({ kind: p.notice, message: p.message, at, step: 0 });
    else {
      const args = p.call.arguments;
      steps.push({ step: p.call.step ?? 0, index: p.call.index ?? 0, callId: p.call.callId, name: p.call.name,
        arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}), requiresApproval: p.call.requiresApproval,
        state: p.call.state, at });
    }
  }
  return { role: 'assistant', text: a.text, route: a.route, usage: a.usage, thinking: a.thinkingText || undefined,
    steps, notices };
}

/** A title as a file name every system takes: no path separators, reserved characters or reserved names. */
export function exportFileName(title: string): string {
  let name = [...oneLine(title)].map((ch) => (/[\\/:*?"<>|\p{Cc}]/u.test(ch) ? '-' : ch)).join('').replace(/-{2,}/g, '-');
  if (name.length > FILE_NAME_CHARS) name = [...name].slice(0, FILE_NAME_CHARS).join('').trim();
  // Windows refuses names ending in a dot or a space, and a leading dot hides the file elsewhere;
  // a question's mark, replaced, would leave a dash before the extension.
  name = name.replace(/^[.\s-]+|[.\s-]+$/g, '');
  if (/^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i.test(name)) name = `_${name}`;
  return `${name || 'conversation'}.md`;
}

function answer(m: AiStoredMessage): string[] {
  const out = ['**Assistant**'];
  if (m.route) out.push(route(m));
  if (m.thinking) out.push(`<details>\n<summary>Thinking</summary>\n\n${fenced(m.thinking)}\n\n</details>`);
  out.push(closeFences(m.text));
  if (m.steps?.length) out.push(['Tool steps:', ...m.steps.map(step)].join('\n'));
  for (const n of m.notices ?? []) out.push(notice(n));
  return out;
}

/** "Route: small tier · model `m` · deployment `d` · fell back from `x` (why) · 812 + 130 tokens", on one line. */
function route(m: AiStoredMessage): string {
  const r = m.route!;
  const parts = [`${r.tier} tier`];
  if (r.model) parts.push(`model ${code(r.model)}`);
  if (r.deployment) parts.push(`deployment ${code(r.deployment)}`);
  for (const f of r.fallbacks ?? []) parts.push(`fell back from ${code(f.deployment)} (${oneLine(f.reason)})`);
  if (m.usage) parts.push(`${m.usage.promptTokens} + ${m.usage.completionTokens} tokens`);
  return `*Route: ${parts.join(' · ')}*`;
}

function step(s: AiStoredStep): string {
  const args = oneLine(s.arguments);
  const shown = args.length > ARGUMENTS_SHOWN ? `${args.slice(0, ARGUMENTS_SHOWN)}…` : `${args}${s.argumentsCut ? '…' : ''}`;
  return `- ${code(s.name)} (${s.state})${shown ? `: ${code(shown)}` : ''}`;
}

function notice(n: AiStoredNotice): string {
  const label = n.kind.charAt(0).toUpperCase() + n.kind.slice(1);
  return `**${label}:** ${n.message}`.split('\n').map((line) => `> ${line}`.trimEnd()).join('\n');
}

/** `text` as inline code, in a run of backticks longer than any it holds. */
function code(text: string): string {
  const fence = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** `text` as a code block, in a fence longer than any run of backticks it holds, so nothing in it ends the block. */
export function fenced(text: string): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  return `${fence}text\n${text.replace(/\n+$/, '')}\n${fence}`;
}

/**
 * A message's text as written, with a code block left open (an answer cut off by its length
 * limit or stopped mid-block) closed, so that what follows it in the file is not swallowed into it.
 */
export function closeFences(text: string): string {
  let open: { ch: string; len: number } | undefined;
  for (const line of text.split('\n')) {
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!m) continue;
    const [ch, len, rest] = [m[1][0], m[1].length, m[2]];
    if (!open) {
      // A backtick fence's info string may not hold a backtick (CommonMark): such a line is text.
      if (ch === '`' && rest.includes('`')) continue;
      open = { ch, len };
    } else if (ch === open.ch && len >= open.len && rest.trim() === '') {
      open = undefined;
    }
  }
  const trimmed = text.replace(/\s+$/, '');
  return open ? `${trimmed}\n${open.ch.repeat(open.len)}` : trimmed;
}

function longestRun(text: string, ch: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === ch ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** "2026-12-01 04:31 UTC": the same for everyone who reads the record, wherever they are. */
function timestamp(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** What an export reads the conversation with and where it offers the file. */
export interface ExportTarget {
  client: Pick<AiClient, 'conversation'>;
  workspaceName?: string;
  /** A Blob download by default. */
  download?(name: string, text: string): void;
}

/**
 * Reads conversation `id` as kept (undefined: a new one, not kept until `writing`'s answer ends)
 * and offers it as a Markdown file, `writing` (the turn being answered in it) last, marked
 * incomplete, unless its answer ended and was kept while the conversation was read. Returns
 * whether that unfinished answer is in the file. Throws what reading the conversation threw.
 */
export async function exportConversation(target: ExportTarget, id: string | undefined, writing?: UnfinishedTurn): Promise<boolean> {
  const untilNow = { id: id ?? '', title: writing?.question ?? '', messages: [] };
  let c: AiConversation = untilNow;
  try {
    if (id) c = await target.client.conversation(id);
  } catch (e) {
    if (!writing || errorCode(e) !== ErrorCode.NotFound) throw e;
  }
  const kept = writing && c.messages.some((m) => m.requestId !== undefined && m.requestId === writing.answer.requestId);
  const unfinished = writing && !kept && writing.answer.status === 'streaming' ? writing : undefined;
  (target.download ?? downloadText)(exportFileName(c.title || 'Untitled'), conversationMarkdown(c, { at: new Date(),
    workspace: target.workspaceName ?? '' }, unfinished));
  return unfinished !== undefined;
}

/** Offers `text` to the browser as a download named `name`. */
export function downloadText(name: string, text: string, type = 'text/markdown'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Released once the browser has surely read it: revoked at once, a slow download could find it gone.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
