import { toAiDiagnostics } from './context';
import type { Disposable } from '../disposable';
import type { EditorArea } from '../editor/editor-area';
import { editor, languages } from '../editor/monaco';
import type { DiagnosticsStore, Problem } from '../lsp/diagnostics';
import { basename } from '../paths';
import { AiClient, type AiContext, type AiFileEdit, type AiTask } from '../rpc/ai-client';
import type { WorkspaceConnection } from '../rpc/connection';
import { describeError, ErrorCode, errorCode } from '../rpc/errors';
import type { SearchClient } from '../rpc/search-client';
import { formDialog } from '../ui/form-dialog';
import { toast } from '../ui/toast';
import { Answer, errorMeaning } from './answer';
import { sessionStore, stopTakenUp, takeUp } from './answer-in-flight';
import type { AnswerActions } from './answer-view';
import { ChatView } from './chat-view';
import { editorSelection } from './context-chips';
import { EditReview } from './edit-review';
import { EditsInFlight } from './edits-in-flight';
import { errorsOf, newErrors, settledErrors } from './diagnostics-check';
import { AiEventRouter } from './event-router';
import { computeHunks, mapLines, type HunkDecision } from './hunks';
import { problemAt, quickPrompt, type QuickTask } from './prompts';

export interface AiControllerDeps {
  connection: WorkspaceConnection;
  area: EditorArea;
  search: SearchClient;
  diagnostics: DiagnosticsStore;
  /** Shows the AI side view (creating it on first use). */
  showView(): Promise<unknown>;
  /** The workspace's name, which an exported conversation names. */
  workspaceName?: string;
}

/**
 * The AI assistant in the browser, loaded on first use: the chat view, Edit with AI and its
 * review, the quick actions, and the code block buttons. All of it talks to `ai/*` only.
 */
export class AiController {
  readonly client: AiClient;
  readonly view: ChatView;
  private readonly router = new AiEventRouter();
  private readonly reviews = new Set<EditReview>();
  /** The edits still being written, by review: what a dropped connection does to each, and what its return does. */
  private readonly writing = new Map<EditReview, { lost(): void; back(): void }>();
  /** Edits stopped while the connection was down: stopped on the server once it is back. */
  private readonly stopWhenBack = new Set<string>();
  /** The edits being written, for a reload of this tab to take up. */
  private readonly inFlight = new EditsInFlight(sessionStore());

  constructor(private readonly deps: AiControllerDeps) {
    this.client = new AiClient(deps.connection);
    this.client.onEvent((e) => this.router.dispatch(e));
    this.view = new ChatView({
      client: this.client, router: this.router, area: deps.area, diagnostics: deps.diagnostics,
      findFiles: (query) => this.findFiles(query), answerActions: (a) => this.answerActions(a),
      workspaceName: deps.workspaceName,
    });
    this.client.onConversationChanged((c) => this.view.conversationChanged(c));
    this.client.onExtensionsChanged(() => this.view.extensionsChanged());
    deps.connection.onState((info) => {
      // An edit being written is taken up when the connection is back, as a chat answer is; a
      // review already shown needs no connection until it is applied, and stays as it is.
      if (info.state === 'open') {
        for (const id of this.stopWhenBack) stopTakenUp(this.client, this.router, id);
        this.stopWhenBack.clear();
        for (const w of this.writing.values()) w.back();
        return this.view.connected();
      }
      this.view.connectionLost();
      for (const w of this.writing.values()) w.lost();
    });
    // A review waits for its file's tab: switching away neither loses nor cancels it.
    deps.area.onActiveChange(() => { for (const r of this.reviews) r.activeChanged(); });
  }

  async openChat(): Promise<void> {
    await this.deps.showView();
  }

  /** AI: Export Conversation: the conversation the chat shows, as a Markdown file. */
  async exportConversation(): Promise<void> {
    await this.deps.showView();
    await this.view.exportConversation();
  }

  /** Explain, Document, Generate Tests: the selection (or the file) sent to the chat. */
  async quick(task: QuickTask): Promise<void> {
    const doc = this.deps.area.active;
    if (!doc) return toast('Open a file first.', 'info');
    const selection = editorSelection(this.deps.area);
    await this.deps.showView();
    await this.view.ask(quickPrompt(task, basename(doc.path), !!selection), task,
      { paths: [doc.path], ...(selection ? { selection } : {}) });
  }

  /** Fix This Problem: the given diagnostic, or the one at the cursor. */
  async fixProblem(path?: string, problem?: Problem): Promise<void> {
    const area = this.deps.area;
    path ??= area.active?.path;
    const line = area.codeEditor.getPosition()?.lineNumber ?? 1;
    const problems = this.deps.diagnostics.files.find((f) => f.path === path)?.problems ?? [];
    problem ??= problemAt(problems, line);
    if (!path || !problem) return toast('There is no problem at the cursor to fix.', 'info');
    const model = area.docs.get(path)?.model;
    const from = Math.max(1, problem.line - 3);
    const to = Math.min(model?.getLineCount() ?? problem.endLine, problem.endLine + 3);
    const context: AiContext = { paths: [path], diagnostics: toAiDiagnostics(path, [problem]) };
    if (model) {
      context.selection = { path, startLine: from, endLine: to,
        text: model.getValueInRange({ startLineNumber: from, startColumn: 1, endLineNumber: to, endColumn: model.getLineMaxColumn(to) }) };
    }
    const origin = [problem.source, problem.code].filter(Boolean).join(' ');
    await this.deps.showView();
    await this.view.ask(`Fix this problem in ${path} at line ${problem.line}: ${problem.message}${origin ? ` (${origin})` : ''}`,
      'quick-fix', context);
  }

  /** Edit with AI: asks for an instruction, runs `ai/edit` on the selection or the file, opens the review. */
  async editSelectionOrFile(): Promise<void> {
    const doc = this.deps.area.active;
    if (!doc) return toast('Open a file to edit it with AI.', 'info');
    const sel = editorSelection(this.deps.area);
    const values = await formDialog({
      title: 'Edit with AI', testId: 'ai-edit-dialog', submitLabel: 'Edit',
      message: sel ? `Lines ${sel.startLine}–${sel.endLine} of ${doc.path}` : `All of ${doc.path}`,
      fields: [{ id: 'instruction', label: 'Instruction', type: 'textarea', placeholder: 'e.g. handle the empty list' }],
      validate: (v) => (String(v.instruction).trim() ? null : 'Say what to change.'),
    });
    if (!values) return;
    await this.runEdit(doc.path, sel && { startLine: sel.startLine, endLine: sel.endLine }, String(values.instruction).trim());
  }

  /**
   * After a reload: the edits this tab was waiting for are taken up (`ai/resume`) once the
   * connection is open, and those it was reviewing shown again (`ai/proposal`) with the decisions
   * made, each in the review of its file, as if the page had not gone.
   */
  async takeUpEdits(): Promise<void> {
    const left = this.inFlight.list();
    if (!left.length) return;
    const connection = this.deps.connection;
    if (!connection.isOpen) await new Promise<void>((ok) => connection.onState((i) => { if (i.state === 'open') ok(); }));
    for (const e of left) {
      if (!(await this.deps.area.open(e.path))) {
        this.inFlight.remove(e.requestId);
        continue;
      }
      void this.runEdit(e.path, e.selection, e.instruction, undefined, e.task, e.requestId, e.shown ? { decisions: e.decisions } : undefined);
    }
  }

  /**
   * Edit with AI of `path`; `resumeId`: the request of one asked before a reload, taken up instead
   * of asked again, or with `reviewed` one whose review was shown, shown again with its decisions.
   */
  private async runEdit(path: string, selection: LineRange | undefined, instruction: string,
                        escalate?: { from: string; problems: string[] }, task?: AiTask, resumeId?: string,
                        reviewed?: { decisions?: HunkDecision[] }): Promise<void> {
    const area = this.deps.area;
    const doc = area.docs.get(path);
    // The assistant reads the file from disk: what it edits must be what the editor shows.
    if (!resumeId && doc?.dirty && !(await area.saveHandler(doc))) return;
    // What the assistant is given: the review compares with it, whatever the user types meanwhile.
    const base = doc?.model.getValue();
    const baseVersion = doc?.version;
    const errorsBefore = errorsOf(this.deps.diagnostics, path);
    let requestId: string | undefined;
    let running = true;
    let lost = false;
    /** Taken up after a reload and not followed yet: its failure to come back says so. */
    let reloaded = resumeId !== undefined;
    let sub: Disposable | undefined;
    this.replaceReviews(path);
    const review: EditReview = new EditReview({
      area, client: this.client,
      recompute: () => void this.runEdit(path, selection, instruction, undefined, task),
      closed: () => {
        sub?.dispose();
        this.reviews.delete(review);
        this.writing.delete(review);
        if (requestId) this.inFlight.remove(requestId);
      },
      decided: (decisions) => { if (requestId) this.inFlight.reviewed(requestId, [...decisions]); },
      saved: (from, written) => {
        // The escalated request covers the lines of this one, where the accepted hunks moved them.
        const lines = selection && mapLines(selection, computeHunks(from, written));
        if (requestId) void this.checkSavedEdit(path, instruction, requestId, errorsBefore, lines, written);
      },
    }, path, () => {
      if (!requestId || !running) return;
      // Stopped while the connection is down: stopped on the server once it is back.
      if (lost) this.stopWhenBack.add(requestId);
      else this.client.cancel(requestId).catch(() => undefined);
    });
    this.reviews.add(review);
    try {
      requestId = resumeId ?? (await this.client.edit({ path, selection, instruction, ...(task ? { task } : {}),
        ...(escalate ? { escalateFrom: escalate.from, problems: escalate.problems } : {}) })).requestId;
    } catch (e) {
      running = false;
      return review.failed(describeError('The assistant could not start', e));
    }
    if (review.isClosed) return void this.client.cancel(requestId).catch(() => undefined);
    const id = requestId;
    if (!resumeId) this.inFlight.add({ requestId: id, path, instruction, ...(selection ? { selection } : {}), ...(task ? { task } : {}), at: Date.now() });
    if (reviewed) {
      running = false;
      return this.reviewAgain(review, id, reviewed.decisions);
    }
    const follow = () => {
      reloaded = false;
      const answer = new Answer(id);
      sub = this.router.claim(id, (e) => {
        answer.apply(e);
        if (answer.status === 'streaming') return review.progress(progressText(answer));
        running = false;
        this.writing.delete(review);
        // Kept while its review shows (`decided`), for a reload to show it again.
        if (answer.error || !answer.edits?.length) this.inFlight.remove(id);
        if (answer.error) return review.failed(`${answer.error.message} ${errorMeaning(answer.error.code, this.view.modelsConfigured)}`);
        const edits = answer.edits ?? [];
        const edit = edits.find((x) => x.path === path) ?? edits[0];
        if (!edit) return review.failed(answer.text ? `No edit was proposed. The assistant said: ${answer.text.slice(0, 400)}` : 'No edit was proposed.');
        if (edits.length > 1) toast(`The assistant also proposed changes to ${edits.length - 1} other file(s); only ${basename(path)} is shown.`, 'info');
        review.propose(id, base ?? edit.oldText, base === undefined ? undefined : baseVersion, edit.oldText, edit.newText);
      });
    };
    this.writing.set(review, {
      lost: () => {
        if (lost) return;
        lost = true;
        // What the server sends again once the edit is taken up waits for the new claim.
        sub?.dispose();
        review.progress('Connection lost: reconnecting…');
      },
      back: () => {
        if (!lost) return;
        lost = false;
        void takeUp(this.client, id).then((started) => {
          if (review.isClosed || !this.writing.has(review) || lost) return;
          if (started) return follow();
          running = false;
          this.writing.delete(review);
          this.inFlight.remove(id);
          review.failed(reloaded ? 'The edit asked before the page was reloaded is no longer being written: ask again.'
            : 'The connection to the workspace was lost before the edit came.');
        });
      },
    });
    if (!resumeId) return follow();
    // Asked before a reload: taken up as after a dropped connection.
    review.progress('Taking up the edit asked before the reload…');
    lost = true;
    this.writing.get(review)?.back();
  }

  /** After a reload: the proposal of an edit that was being reviewed, shown again with the decisions made. */
  private async reviewAgain(review: EditReview, requestId: string, decisions: HunkDecision[] | undefined): Promise<void> {
    review.progress('Opening the review from before the reload…');
    let edit: AiFileEdit;
    try {
      edit = await this.client.proposal(requestId);
    } catch (e) {
      this.inFlight.remove(requestId);
      return review.failed(errorCode(e) === ErrorCode.NotFound
        ? 'The edit reviewed before the reload is no longer kept (it was saved, or the server restarted): ask again.'
        : describeError('Cannot show the review from before the reload', e));
    }
    if (review.isClosed) return;
    // The disk version is known only when the editor shows just what the proposal was made from; else the server checks the text.
    const doc = this.deps.area.docs.get(review.path);
    const baseVersion = doc && !doc.dirty && doc.model.getValue() === edit.oldText ? doc.version : undefined;
    review.propose(requestId, edit.oldText, baseVersion, edit.oldText, edit.newText, decisions);
  }

  /**
   * The objective check of a saved edit: when the language server, once settled on the new
   * text, reports errors the file did not have, the edit is asked again one tier up with those
   * errors (the server refuses when there is no larger tier or it escalated from it before).
   */
  private async checkSavedEdit(path: string, instruction: string, requestId: string, before: Problem[],
                               selection: LineRange | undefined, written: string): Promise<void> {
    const added = newErrors(before, await settledErrors(this.deps.diagnostics, path));
    if (added.length === 0) return;
    toast(`The AI edit left ${added.length === 1 ? 'a new problem' : `${added.length} new problems`} in ${basename(path)}; asking a larger model.`, 'info');
    // Lines the user typed since move the region too (the request saves them first).
    const now = this.deps.area.docs.get(path)?.model.getValue();
    if (selection && now !== undefined && now !== written) selection = mapLines(selection, computeHunks(written, now));
    await this.runEdit(path, selection, instruction,
      { from: requestId, problems: added.map((p) => `line ${p.line}: ${p.message}${p.source ? ` (${p.source})` : ''}`) });
  }

  private answerActions(answer: Answer): AnswerActions {
    return {
      copy: (text) => void navigator.clipboard.writeText(text).then(() => toast('Copied.', 'success', 1500),
        (e) => toast(describeError('Cannot copy', e), 'error')),
      insert: (text) => this.insert(text),
      apply: (text) => void this.applyBlock(answer, text),
      review: answer.isStored ? undefined : (edit) => void this.reviewProposal(answer, edit),
      // A stored answer's proposal is reviewed again under the request that made it, when it was
      // kept (conversations from before were not), against the file as it is, its secrets back.
      reviewAgain: answer.isStored && answer.requestId ? (path, content) => void this.reviewStoredProposal(answer, path, content) : undefined,
      create: answer.isStored && !answer.requestId ? undefined : (path, content) => void this.createProposed(answer, path, content),
      approve: (callId, approved, at) => {
        if (!answer.requestId) return;
        this.client.approveTool(answer.requestId, callId, approved, at)
          .catch((e) => toast(describeError('Cannot answer the tool request', e), 'error'));
      },
      colorize: (code, lang) => colorize(code, lang),
    };
  }

  /** Insert at cursor: one undoable edit of the active editor, replacing its selection. */
  private insert(text: string): void {
    const ed = this.deps.area.codeEditor;
    const sel = ed.getSelection();
    if (!this.deps.area.active || !sel) return toast('Open a file and place the cursor where the code should go.', 'info');
    // A block ends with a newline; mid-line it would break the line in two.
    const body = sel.startColumn > 1 && text.endsWith('\n') ? text.slice(0, -1) : text;
    ed.pushUndoStop();
    ed.executeEdits('ai', [{ range: sel, text: body, forceMoveMarkers: true }]);
    ed.pushUndoStop();
    ed.focus();
  }

  /**
   * Apply as edit: the review of replacing the selection with the block; with nothing selected, a
   * block is most often a part of the file, not all of it, so a model (the apply-edit task, a small
   * one) merges it into the file and that is reviewed, as VS Code's Apply does.
   *
   * An answer reopened from History has no request to write the replaced selection through
   * (`ai/applyEdit` writes a chat block for the request it came from), so its block goes through
   * `ai/edit` on the selected lines: a request of its own, whose result the server checks against
   * the text it read, as with nothing selected.
   */
  private async applyBlock(answer: Answer, text: string): Promise<void> {
    const area = this.deps.area;
    const doc = area.active;
    if (!doc) return toast('Open the file the code belongs in first.', 'info');
    const model = doc.model;
    const sel = area.codeEditor.getSelection();
    const selected = editorSelection(area);
    if (!sel || !selected) {
      void this.runEdit(doc.path, undefined, applyInstruction(text), undefined, 'apply-edit');
      return;
    }
    const requestId = answer.requestId;
    if (answer.isStored) {
      void this.runEdit(doc.path, { startLine: selected.startLine, endLine: selected.endLine }, applyInstruction(text, selected.text),
        undefined, 'apply-edit');
      return;
    }
    if (!requestId) return toast('Wait until the answer has started.', 'info');
    // The write goes only over the text on disk the proposal was made from (as Edit with AI's):
    // unsaved text in its place made Save fail as if another program had changed the file.
    if (doc.dirty && !(await area.saveHandler(doc))) return;
    const current = model.getValue();
    const start = model.getOffsetAt(sel.getStartPosition());
    const end = model.getOffsetAt(sel.getEndPosition());
    const replaced = current.slice(start, end);
    const body = !replaced.endsWith('\n') && text.endsWith('\n') ? text.slice(0, -1) : text;
    const proposed = current.slice(0, start) + body + current.slice(end);
    this.replaceReviews(doc.path);
    const review: EditReview = new EditReview({ area, client: this.client, closed: () => this.reviews.delete(review) }, doc.path, () => undefined);
    this.reviews.add(review);
    review.proposeFile(doc, requestId, proposed);
  }

  /**
   * A `propose_edit` call: the file opens with the review of the edit against the text the
   * assistant read, as Edit with AI's is: what the user typed since (unsaved) stays theirs.
   */
  private async reviewProposal(answer: Answer, edit: AiFileEdit): Promise<void> {
    const requestId = answer.requestId;
    if (!requestId) return;
    const doc = await this.deps.area.open(edit.path);
    if (!doc) return toast(`Cannot open ${edit.path} to review the proposed change.`, 'error');
    this.replaceReviews(doc.path);
    const review: EditReview = new EditReview({ area: this.deps.area, client: this.client, closed: () => this.reviews.delete(review) },
      doc.path, () => undefined);
    this.reviews.add(review);
    // The disk version is known only when the editor shows just what was read; else the server checks the text.
    const baseVersion = !doc.dirty && doc.model.getValue() === edit.oldText ? doc.version : undefined;
    review.propose(requestId, edit.oldText, baseVersion, edit.oldText, edit.newText);
  }

  /**
   * A stored answer's `propose_edit`, kept as the model wrote it (placeholders where the file
   * holds secrets): the server makes it the edit of the file as it is now with its secrets back,
   * reviewed as a live proposal's edit is, or refuses when they cannot be put back.
   */
  private async reviewStoredProposal(answer: Answer, path: string, content: string): Promise<void> {
    let edit: AiFileEdit;
    try {
      edit = await this.client.proposedEdit(path, content);
    } catch (e) {
      const code = errorCode(e);
      return toast(code === ErrorCode.PermissionDenied && e instanceof Error ? e.message
        : code === ErrorCode.NotFound ? `${path} does not exist any more; ask the assistant again.`
          : describeError('Cannot review the proposal', e), 'error');
    }
    if (edit.oldText === edit.newText) return toast(`${basename(path)} already holds the proposed content: nothing to review.`, 'info');
    await this.reviewProposal(answer, edit);
  }

  /** A new edit of a file replaces the review (or the request) of an earlier one: one review per file. */
  private replaceReviews(path: string): void {
    for (const r of [...this.reviews]) if (r.path === path) r.close();
  }

  /** A `propose_edit` call for a new file: created through `ai/applyEdit` (never over an existing one), then opened. */
  private async createProposed(answer: Answer, path: string, content: string): Promise<void> {
    const requestId = answer.requestId;
    if (!requestId) return;
    try {
      await this.client.applyEdit({ requestId, path, newText: content, expectedVersion: '', baseText: '' });
    } catch (e) {
      return toast(errorCode(e) === ErrorCode.Conflict ? `${path} exists now; ask the assistant to propose a change to it instead.`
        : describeError(`Cannot create ${path}`, e), 'error');
    }
    toast(`Created ${path}.`, 'success');
    await this.deps.area.open(path);
  }

  private async findFiles(query: string): Promise<string[]> {
    const q = query.trim();
    if (!q) return this.deps.area.list().map((d) => d.path);
    return this.deps.search.files(q, 20);
  }
}

type LineRange = { startLine: number; endLine: number };

/** What Apply asks `ai/edit` to do with a block: merge it into the file, or put it in place of `selected`. */
function applyInstruction(block: string, selected?: string): string {
  const fenced = (code: string) => {
    const fence = code.includes('```') ? '~~~~' : '```';
    return `${fence}\n${code.endsWith('\n') ? code : `${code}\n`}${fence}`;
  };
  if (selected === undefined) return `Apply this change to the file, keeping everything else as it is:\n\n${fenced(block)}`;
  return `Replace the selected text in these lines with this code, as it is, keeping the rest of the lines as they are:\n\n${fenced(block)}`
    + `\n\nThe selected text:\n\n${fenced(selected)}`;
}

function progressText(a: Answer): string {
  const last = a.parts[a.parts.length - 1];
  if (last?.kind === 'notice') return last.message;
  if (last?.kind === 'tool') return `${last.call.name}: ${last.call.state}`;
  return a.text ? `Writing the edit… (${a.text.length} characters)` : 'Thinking…';
}

/** Monaco's tokenizer colours a fence's code when its language (id, alias or extension) is known. */
async function colorize(code: string, lang: string): Promise<string | undefined> {
  if (!lang) return undefined;
  const l = lang.toLowerCase();
  const known = languages.getLanguages().find((x) => x.id === l || x.aliases?.some((a) => a.toLowerCase() === l)
    || x.extensions?.includes(`.${l}`));
  if (!known) return undefined;
  return editor.colorize(code.replace(/\n$/, ''), known.id, { tabSize: 4 });
}

export type { AiTask };
