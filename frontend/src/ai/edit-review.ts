import './ai.css';
import type { OpenDocument } from '../editor/document';
import type { EditorArea } from '../editor/editor-area';
import { editor, languageOf, Uri } from '../editor/monaco';
import { basename } from '../paths';
import type { AiClient } from '../rpc/ai-client';
import { describeError, ErrorCode, errorCode } from '../rpc/errors';
import { h } from '../ui/dom';
import { toast } from '../ui/toast';
import { computeHunks, hunkLabel, linesWithEnds, proposedFile, type EditHunk, type HunkDecision } from './hunks';

export interface EditReviewDeps {
  area: EditorArea;
  client: AiClient;
  /** Asks again for the same edit (the file changed under it). */
  recompute?(): void;
  /** The review was closed, whatever its state; a request still running should stop. */
  closed(): void;
  /** The edit was written to disk. */
  saved?(): void;
}

let serial = 0;

/**
 * The review of a proposed edit over the editor: progress while the assistant works, then the
 * file's current text against the proposal in Monaco's diff editor, a decision per hunk, and
 * Save. Save applies the accepted hunks to the open buffer as one undoable edit, then writes
 * that text through `ai/applyEdit` with the buffer's disk version.
 */
export class EditReview {
  readonly el: HTMLElement;
  private readonly header = h('div', { class: 'diff-header ai-review-header' });
  private readonly message = h('div', { class: 'ai-review-message', 'data-testid': 'ai-edit-message', role: 'status' });
  private readonly hunkList = h('div', { class: 'ai-hunks', 'data-testid': 'ai-hunks' });
  private readonly host = h('div', { class: 'diff-host' });
  private diff: editor.IStandaloneDiffEditor | undefined;
  private models: editor.ITextModel[] = [];

  constructor(private readonly deps: EditReviewDeps, private readonly path: string, private readonly cancel: () => void) {
    this.el = h('div', { class: 'diff-view ai-edit-review', 'data-testid': 'ai-edit-review', 'data-path': path, 'data-state': 'working' },
      this.header, this.message, this.hunkList, this.host);
    this.setHeader([this.button('ai-edit-cancel', 'Cancel', () => this.close())]);
    this.progress('Asking the assistant…');
    deps.area.showOverlay(this.el, () => this.disposed());
  }

  progress(text: string): void {
    this.message.textContent = text;
  }

  /** The request failed: say why, and offer to ask again when that could help. */
  failed(text: string): void {
    this.el.dataset.state = 'failed';
    this.message.textContent = text;
    this.message.classList.add('error');
    this.setHeader([...this.recomputeButton(), this.button('ai-edit-close', 'Close', () => this.close())]);
  }

  /** Shows the proposal for review; `oldText` is what the assistant saw (the file or a region of it). */
  async propose(requestId: string, oldText: string, newText: string): Promise<void> {
    const doc = await this.deps.area.open(this.path);
    if (!doc) return this.failed(`${this.path} cannot be opened in the editor.`);
    const current = doc.model.getValue();
    const proposed = proposedFile(current, oldText, newText);
    if (proposed === undefined) return this.failed(`${basename(this.path)} changed since the assistant read it.`);
    this.proposeFile(doc, requestId, proposed);
  }

  /** Shows the review of replacing the document's whole text with `proposed`. */
  proposeFile(doc: OpenDocument, requestId: string, proposed: string): void {
    const current = doc.model.getValue();
    const hunks = computeHunks(current, proposed);
    if (hunks.length === 0) return this.failed('The assistant proposed no change.');
    this.review(doc, requestId, current, proposed, hunks);
  }

  private review(doc: OpenDocument, requestId: string, original: string, proposed: string, hunks: EditHunk[]): void {
    const decisions: HunkDecision[] = hunks.map(() => 'pending');
    this.el.dataset.state = 'review';
    const save = this.button('ai-edit-apply', 'Save', () => void this.save(doc, requestId, original, proposed, hunks, decisions, save), true);
    const all = (d: HunkDecision) => () => { decisions.fill(d); render(); };
    this.setHeader([this.button('ai-edit-accept-all', 'Accept all', all('accepted')),
      this.button('ai-edit-reject-all', 'Reject all', all('rejected')), save,
      this.button('ai-edit-close', 'Close', () => this.close())]);
    const n = ++serial;
    const language = languageOf(this.path);
    const uri = (side: string) => Uri.from({ scheme: 'ai-edit', path: `/${n}/${side}/${this.path}` });
    this.models = [editor.createModel(original, language, uri('current')), editor.createModel(proposed, language, uri('proposed'))];
    this.diff = editor.createDiffEditor(this.host, {
      automaticLayout: true, renderSideBySide: true, originalEditable: false, readOnly: true,
      minimap: { enabled: false }, scrollBeyondLastLine: false, fontSize: 14, fixedOverflowWidgets: true,
    });
    this.diff.setModel({ original: this.models[0], modified: this.models[1] });
    const render = () => {
      const accepted = decisions.filter((d) => d === 'accepted').length;
      save.textContent = `Save ${accepted} of ${hunks.length}`;
      save.disabled = accepted === 0;
      this.message.textContent = 'Accept the changes to keep; Save writes them (Ctrl+Z in the editor undoes it).';
      this.hunkList.replaceChildren(...hunks.map((hunk, i) => {
        const label = h('button', { class: 'ai-hunk-label', type: 'button', title: 'Show this change' }, hunkLabel(hunk));
        label.addEventListener('click', () => this.diff?.getModifiedEditor().revealLineInCenter(hunk.modStart + 1));
        const decide = (d: HunkDecision) => () => { decisions[i] = decisions[i] === d ? 'pending' : d; render(); };
        const accept = this.button('ai-hunk-accept', 'Accept', decide('accepted'));
        const reject = this.button('ai-hunk-reject', 'Reject', decide('rejected'));
        accept.setAttribute('aria-pressed', String(decisions[i] === 'accepted'));
        reject.setAttribute('aria-pressed', String(decisions[i] === 'rejected'));
        return h('div', { class: 'ai-hunk', 'data-testid': 'ai-hunk', 'data-state': decisions[i], 'data-index': String(i) },
          label, accept, reject);
      }));
    };
    render();
  }

  private async save(doc: OpenDocument, requestId: string, original: string, proposed: string, hunks: EditHunk[],
                     decisions: HunkDecision[], button: HTMLButtonElement): Promise<void> {
    const area = this.deps.area;
    if (area.docs.get(this.path) !== doc || doc.model.getValue() !== original) {
      return this.failed(`${basename(this.path)} changed in the editor since this edit was proposed.`);
    }
    if (doc.version === null) return this.failed(`${basename(this.path)} is not on disk yet; save it first.`);
    button.disabled = true;
    const model = doc.model;
    // One undo step in the editor: Ctrl+Z there brings the previous text back (as an unsaved change).
    model.pushStackElement();
    model.pushEditOperations(area.active === doc ? area.codeEditor.getSelections() : null, editsFor(model, original, proposed, hunks, decisions), () => null);
    model.pushStackElement();
    const altId = model.getAlternativeVersionId();
    const newText = model.getValue();
    let failure: unknown;
    const write = this.deps.client.applyEdit({ requestId, path: this.path, newText, expectedVersion: doc.version, baseText: original }).then((r) => {
      doc.version = r.version;
      doc.deleted = false;
      doc.markSaved(altId);
    }, (e: unknown) => { failure = e; });
    // DocumentSync waits for this before it reacts to the change notification of our own write.
    doc.saving = write;
    await write;
    if (doc.saving === write) doc.saving = undefined;
    area.render();
    if (failure === undefined) {
      area.flushBackups();
      toast(`Saved the AI edit of ${basename(this.path)}.`, 'success');
      this.close();
      this.deps.saved?.();
      return;
    }
    if (model.getAlternativeVersionId() === altId) void model.undo();
    if (errorCode(failure) === ErrorCode.Conflict) {
      this.failed(`${basename(this.path)} changed on disk since the assistant read it; nothing was written.`);
    } else {
      this.failed(describeError(`Cannot save the edit of ${basename(this.path)}`, failure));
    }
  }

  private recomputeButton(): HTMLButtonElement[] {
    const recompute = this.deps.recompute;
    if (!recompute) return [];
    return [this.button('ai-edit-recompute', 'Recompute', () => { this.close(); recompute(); }, true)];
  }

  private setHeader(buttons: HTMLButtonElement[]): void {
    this.header.replaceChildren(h('span', { class: 'diff-title', title: this.path }, `AI edit: ${basename(this.path)}`),
      h('span', { class: 'ai-review-buttons' }, ...buttons));
  }

  private button(testId: string, label: string, run: () => void, primary = false): HTMLButtonElement {
    const b = h('button', { class: `btn${primary ? ' primary' : ''}`, type: 'button', 'data-testid': testId }, label);
    b.addEventListener('click', run);
    return b;
  }

  get isClosed(): boolean {
    return this.el.dataset.state === 'closed';
  }

  close(): void {
    // Not showing any more means another overlay replaced it, and it was disposed then.
    if (this.el.isConnected) this.deps.area.closeOverlay();
  }

  private disposed(): void {
    if (this.el.dataset.state === 'working') this.cancel();
    this.el.dataset.state = 'closed';
    this.diff?.dispose();
    this.diff = undefined;
    for (const m of this.models) m.dispose();
    this.models = [];
    this.deps.closed();
  }
}

/** The accepted hunks as edits of the buffer (which holds `original`), so markers and undo stay precise. */
function editsFor(model: editor.ITextModel, original: string, proposed: string, hunks: EditHunk[],
                  decisions: HunkDecision[]): editor.IIdentifiedSingleEditOperation[] {
  const a = linesWithEnds(original);
  const b = linesWithEnds(proposed);
  const offsets = [0];
  for (const line of a) offsets.push(offsets[offsets.length - 1] + line.length);
  const edits: editor.IIdentifiedSingleEditOperation[] = [];
  hunks.forEach((hunk, i) => {
    if (decisions[i] !== 'accepted') return;
    const start = model.getPositionAt(offsets[hunk.origStart]);
    const end = model.getPositionAt(offsets[hunk.origStart + hunk.origCount]);
    edits.push({
      range: { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column },
      text: b.slice(hunk.modStart, hunk.modStart + hunk.modCount).join(''),
    });
  });
  return edits;
}
