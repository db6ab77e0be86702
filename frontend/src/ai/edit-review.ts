import './ai.css';
import { sameVersion, type OpenDocument } from '../editor/document';
import type { EditorArea } from '../editor/editor-area';
import { editor, languageOf, Uri } from '../editor/monaco';
import { basename } from '../paths';
import type { AiClient } from '../rpc/ai-client';
import { describeError, ErrorCode, errorCode } from '../rpc/errors';
import type { Version } from '../rpc/fs-client';
import { h } from '../ui/dom';
import { toast } from '../ui/toast';
import {
  applyHunks, computeHunks, hunkLabel, hunksTouchedBy, linesWithEnds, placeHunks, proposedFile,
  type EditHunk, type HunkDecision, type LineEdit,
} from './hunks';

export interface EditReviewDeps {
  area: EditorArea;
  client: AiClient;
  /** Asks again for the same edit (the file changed under it). */
  recompute?(): void;
  /** The review was closed, whatever its state; a request still running should stop. */
  closed(): void;
  /** The edit was written to disk: `written` is the file's new text, `base` the text the proposal was made from. */
  saved?(base: string, written: string): void;
  /** The review shows, with these decisions (called again as they change). */
  decided?(decisions: readonly HunkDecision[]): void;
}

/** A proposal under review: the text it was made from, what it makes of it, and a decision per hunk. */
interface Proposal {
  requestId: string;
  base: string;
  /** The disk version `base` was read at; undefined when not known (the file was not open). */
  baseVersion: Version | null | undefined;
  proposed: string;
  hunks: EditHunk[];
  decisions: HunkDecision[];
}

let serial = 0;

/**
 * The review of a proposed edit of one file. While the assistant works the editor stays usable,
 * with the progress in its corner; the review (the text the assistant was given against the
 * proposal in Monaco's diff editor, a decision per hunk, and Save) shows over the editor while
 * the file's tab is active, and waits while another is. Save places the accepted hunks in the
 * open buffer around whatever the user typed meanwhile, as one undoable edit, and writes the
 * given text with those hunks through `ai/applyEdit`, which refuses when the file on disk is no
 * longer the text the proposal was made from.
 */
export class EditReview {
  readonly el: HTMLElement;
  private readonly header = h('div', { class: 'diff-header ai-review-header' });
  private readonly message = h('div', { class: 'ai-review-message', 'data-testid': 'ai-edit-message', role: 'status' });
  private readonly hunkList = h('div', { class: 'ai-hunks', 'data-testid': 'ai-hunks' });
  private readonly host = h('div', { class: 'diff-host' });
  private readonly badge: ReviewBadge;
  private progressText = 'Asking the assistant…';
  private diff: editor.IStandaloneDiffEditor | undefined;
  private models: editor.ITextModel[] = [];
  private proposal: Proposal | undefined;
  private shown = false;
  private closing = false;

  constructor(private readonly deps: EditReviewDeps, readonly path: string, private readonly cancel: () => void) {
    this.el = h('div', { class: 'diff-view ai-edit-review', 'data-testid': 'ai-edit-review', 'data-path': path, 'data-state': 'working' },
      this.header, this.message, this.hunkList, this.host);
    this.badge = new ReviewBadge(deps.area.codeEditor, `stratus.ai.review.${++serial}`);
    this.setHeader([this.button('ai-edit-cancel', 'Cancel', () => this.close())]);
    this.progress(this.progressText);
  }

  progress(text: string): void {
    this.progressText = text;
    this.say(text);
    this.update();
  }

  /** The request failed: say why, and offer to ask again when that could help. */
  failed(text: string): void {
    this.el.dataset.state = 'failed';
    this.say(text, true);
    this.setHeader([...this.recomputeButton(), this.button('ai-edit-close', 'Close', () => this.close())]);
    if (!this.isActive) toast(`AI edit of ${basename(this.path)}: ${text}`, 'error');
    this.update(true);
  }

  /**
   * Shows the proposal for review; `base` is the file's text the assistant was given (at disk
   * version `baseVersion`) and `oldText` what of it the edit replaces (the file or a region of it).
   */
  propose(requestId: string, base: string, baseVersion: Version | null | undefined, oldText: string, newText: string,
          decisions?: readonly HunkDecision[]): void {
    const proposed = proposedFile(base, oldText, newText);
    if (proposed === undefined) return this.failed(`${basename(this.path)} changed while the assistant read it; nothing was proposed.`);
    this.proposeText(requestId, base, baseVersion, proposed, decisions);
  }

  /** Shows the review of replacing the document's whole text, as it is now, with `proposed`. */
  proposeFile(doc: OpenDocument, requestId: string, proposed: string): void {
    this.proposeText(requestId, doc.model.getValue(), doc.version, proposed);
  }

  /** The file's tab became active (or another did): the review shows there, its progress in the editor's corner. */
  activeChanged(): void {
    this.update(true);
  }

  private proposeText(requestId: string, base: string, baseVersion: Version | null | undefined, proposed: string,
                      decided?: readonly HunkDecision[]): void {
    const hunks = computeHunks(base, proposed);
    if (hunks.length === 0) return this.failed('The assistant proposed no change.');
    // Decisions made before a reload, for the same hunks.
    const decisions = decided?.length === hunks.length ? [...decided] : hunks.map((): HunkDecision => 'pending');
    this.proposal = { requestId, base, baseVersion, proposed, hunks, decisions };
    this.deps.decided?.(decisions);
    this.el.dataset.state = 'review';
    this.say('');
    if (!this.isActive) toast(`The AI edit of ${basename(this.path)} is ready; it shows on its tab.`, 'info');
    this.update(true);
  }

  private get isActive(): boolean {
    return this.deps.area.active?.path === this.path;
  }

  /**
   * The badge, or with `reveal` the review over the editor when it has something to show and its
   * file is active. Only a result or coming back to the file reveals it: put away for another
   * view on the same tab, it must not push that view aside again.
   */
  private update(reveal = false): void {
    const state = this.el.dataset.state;
    if (state === 'closed') return this.badge.hide();
    if (reveal && !this.shown && this.isActive && state !== 'working') {
      this.shown = true;
      if (this.proposal && !this.diff) this.buildDiff(this.proposal);
      this.renderHunks();
      this.deps.area.showOverlay(this.el, () => this.hidden());
    }
    if (this.shown || !this.isActive) return this.badge.hide();
    if (state === 'working') {
      this.badge.show(h('span', { class: 'codicon codicon-loading codicon-modifier-spin', 'aria-hidden': 'true' }),
        h('span', { class: 'ai-edit-badge-text', 'data-testid': 'ai-edit-progress', title: this.progressText }, `AI edit: ${this.progressText}`),
        this.button('ai-edit-cancel', 'Cancel', () => this.close()));
    } else {
      // The review was put away on its own tab (another view took the editor's place): one click brings it back.
      this.badge.show(h('span', { class: 'ai-edit-badge-text' }, state === 'failed' ? 'AI edit failed' : 'AI edit ready'),
        this.button('ai-edit-show', 'Review', () => this.update(true), true));
    }
  }

  private buildDiff(p: Proposal): void {
    const n = ++serial;
    const language = languageOf(this.path);
    const uri = (side: string) => Uri.from({ scheme: 'ai-edit', path: `/${n}/${side}/${this.path}` });
    this.models = [editor.createModel(p.base, language, uri('base')), editor.createModel(p.proposed, language, uri('proposed'))];
    this.diff = editor.createDiffEditor(this.host, {
      automaticLayout: true, renderSideBySide: true, originalEditable: false, readOnly: true,
      minimap: { enabled: false }, scrollBeyondLastLine: false, fontSize: 14, fixedOverflowWidgets: true,
    });
    this.diff.setModel({ original: this.models[0], modified: this.models[1] });
  }

  /** The header and the hunk list of the review, for the decisions and the buffer as they are now. */
  private renderHunks(): void {
    const p = this.proposal;
    if (!p || this.el.dataset.state !== 'review') return;
    const doc = this.deps.area.docs.get(this.path);
    if (doc && !this.sameDisk(doc, p)) return this.changedOnDisk();
    const keep = this.focusedButton();
    const current = doc?.model.getValue() ?? p.base;
    const touched = new Set(hunksTouchedBy(p.base, current, p.hunks));
    // A change next to one the user made cannot be placed without guessing; it is shown, not offered.
    p.decisions.forEach((d, i) => { if (touched.has(i) && d === 'accepted') p.decisions[i] = 'pending'; });
    const accepted = p.decisions.filter((d) => d === 'accepted').length;
    this.deps.decided?.(p.decisions);
    const save = this.button('ai-edit-apply', `Save ${accepted} of ${p.hunks.length}`, () => void this.save(p, save), true);
    save.disabled = accepted === 0;
    const all = (d: HunkDecision) => () => {
      p.hunks.forEach((_, i) => { if (!touched.has(i)) p.decisions[i] = d; });
      this.renderHunks();
    };
    this.setHeader([this.button('ai-edit-accept-all', 'Accept all', all('accepted')),
      this.button('ai-edit-reject-all', 'Reject all', all('rejected')), save,
      this.button('ai-edit-close', 'Close', () => this.close())]);
    const name = basename(this.path);
    this.say(current === p.base
      ? 'Accept the changes to keep; Save writes them (Ctrl+Z in the editor undoes it).'
      : `${name} changed since the assistant read it: the proposal is shown against the text it was given, and Save keeps`
        + ` your changes, placing the accepted ones around them${touched.size > 0 ? ` (${touched.size === 1 ? 'the one marked touches' : `the ${touched.size} marked touch`} lines you changed and cannot be saved)` : ''}.`);
    this.message.dataset.changed = String(current !== p.base);
    this.hunkList.replaceChildren(...p.hunks.map((hunk, i) => {
      // Accepted is marked by more than its colour; the mark is not part of the name.
      const mark = p.decisions[i] === 'accepted' ? [h('span', { class: 'codicon codicon-check', 'aria-hidden': 'true' })] : [];
      const label = h('button', { class: 'ai-hunk-label', type: 'button', title: 'Show this change' }, ...mark, hunkLabel(hunk));
      label.addEventListener('click', () => this.diff?.getModifiedEditor().revealLineInCenter(hunk.modStart + 1));
      const decide = (d: HunkDecision) => () => { p.decisions[i] = p.decisions[i] === d ? 'pending' : d; this.renderHunks(); };
      const accept = this.button('ai-hunk-accept', 'Accept', decide('accepted'));
      const reject = this.button('ai-hunk-reject', 'Reject', decide('rejected'));
      accept.setAttribute('aria-pressed', String(p.decisions[i] === 'accepted'));
      reject.setAttribute('aria-pressed', String(p.decisions[i] === 'rejected'));
      // Named by the change, so its Accept and Reject say which change they decide.
      const el = h('div', { class: 'ai-hunk', role: 'group', 'aria-label': hunkLabel(hunk), 'data-testid': 'ai-hunk',
        'data-state': p.decisions[i], 'data-index': String(i) },
        label, accept, reject);
      if (touched.has(i)) {
        accept.disabled = true;
        el.dataset.conflict = 'true';
        el.title = 'You changed these lines since the assistant read them.';
        el.append(h('span', { class: 'ai-hunk-note' }, 'touches your changes'));
      }
      return el;
    }));
    keep?.();
  }

  /**
   * The button of the review that has the keyboard, to give it back once the buttons are drawn
   * again (a decision redraws them all): without it, each Accept left the keyboard on the page.
   */
  private focusedButton(): (() => void) | undefined {
    const el = document.activeElement;
    if (!(el instanceof HTMLElement) || !this.el.contains(el) || !el.dataset.testid) return undefined;
    const hunk = el.closest<HTMLElement>('[data-testid="ai-hunk"]')?.dataset.index;
    const selector = `${hunk === undefined ? '' : `[data-testid="ai-hunk"][data-index="${hunk}"] `}[data-testid="${el.dataset.testid}"]`;
    return () => { if (!el.isConnected) this.el.querySelector<HTMLElement>(selector)?.focus(); };
  }

  private async save(p: Proposal, button: HTMLButtonElement): Promise<void> {
    const area = this.deps.area;
    const name = basename(this.path);
    const doc = area.docs.get(this.path);
    if (!doc) return this.failed(`${name} is no longer open.`);
    if (doc.version === null) return this.failed(`${name} is not on disk yet; save it first.`);
    if (!this.sameDisk(doc, p)) return this.changedOnDisk();
    const current = doc.model.getValue();
    const placed = placeHunks(p.base, p.proposed, current, p.hunks, p.decisions);
    if ('conflicts' in placed) return this.renderHunks();
    button.disabled = true;
    const model = doc.model;
    // One undo step in the editor: Ctrl+Z there brings the previous text back (as an unsaved change).
    model.pushStackElement();
    model.pushEditOperations(area.active === doc ? area.codeEditor.getSelections() : null, editsFor(model, current, placed.edits), () => null);
    model.pushStackElement();
    const altId = model.getAlternativeVersionId();
    // The disk gets the given text with the accepted hunks: what the user typed meanwhile stays theirs to save.
    const written = applyHunks(p.base, p.proposed, p.hunks, p.decisions);
    let failure: unknown;
    const write = this.deps.client.applyEdit({ requestId: p.requestId, path: this.path, newText: written, expectedVersion: doc.version, baseText: p.base })
      .then((r) => {
        doc.version = r.version;
        doc.deleted = false;
        if (current === p.base) doc.markSaved(altId);
      }, (e: unknown) => { failure = e; });
    // DocumentSync waits for this before it reacts to the change notification of our own write.
    doc.saving = write;
    await write;
    if (doc.saving === write) doc.saving = undefined;
    area.render();
    if (failure === undefined) {
      area.flushBackups();
      toast(current === p.base ? `Saved the AI edit of ${name}.` : `Saved the AI edit of ${name}; your own changes in the editor are not saved yet.`, 'success');
      this.close();
      this.deps.saved?.(p.base, written);
      return;
    }
    if (model.getAlternativeVersionId() === altId) void model.undo();
    if (errorCode(failure) === ErrorCode.Conflict) return this.changedOnDisk();
    button.disabled = false;
    this.failed(describeError(`Cannot save the edit of ${name}`, failure));
  }

  /**
   * Whether the file on disk may still be the text the proposal was made from: the disk moving on
   * (the editor then shows the new text, or asks about it) would make the server refuse the write.
   */
  private sameDisk(doc: OpenDocument, p: Proposal): boolean {
    return p.baseVersion === undefined || doc.version === null || sameVersion(doc.version, p.baseVersion);
  }

  /**
   * The file on disk is no longer the text the proposal was made from. The review stays, so the
   * proposal can still be read and copied; the buffer is left as it was.
   */
  private changedOnDisk(): void {
    const name = basename(this.path);
    this.el.dataset.state = 'conflict';
    // Only a review that can ask again itself offers Recompute; a chat's proposal is asked for in the chat.
    const again = this.deps.recompute ? 'Recompute asks again with the file as it is now' : 'Ask the assistant again for the file as it is now';
    this.say(`${name} changed on disk (saved from the editor or changed by another program) since the assistant`
      + ` read it, so nothing was written and the editor's text is as it was. ${again};`
      + ' the proposal stays here to read or copy until you close it.', true);
    for (const b of this.hunkList.querySelectorAll('button')) b.disabled = true;
    this.setHeader([...this.recomputeButton(), this.button('ai-edit-close', 'Close', () => this.close())]);
  }

  private recomputeButton(): HTMLButtonElement[] {
    const recompute = this.deps.recompute;
    if (!recompute) return [];
    return [this.button('ai-edit-recompute', 'Recompute', () => { this.close(); recompute(); }, true)];
  }

  /** The line under the header: an error is an alert, and marked by an icon as well as its colour. */
  private say(text: string, error = false): void {
    this.message.setAttribute('role', error ? 'alert' : 'status');
    this.message.classList.toggle('error', error);
    this.message.replaceChildren(...(error ? [h('span', { class: 'codicon codicon-error', 'aria-hidden': 'true' })] : []), text);
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

  get isWorking(): boolean {
    return this.el.dataset.state === 'working';
  }

  /** Ends the review (and a request still running). */
  close(): void {
    this.closing = true;
    if (this.shown) this.deps.area.closeOverlay();
    else this.dispose();
  }

  /** Off screen: closed, or another tab or view took the editor's place and the review waits for its file. */
  private hidden(): void {
    this.shown = false;
    if (this.closing) return this.dispose();
    this.update();
  }

  private dispose(): void {
    if (this.isClosed) return;
    if (this.isWorking) this.cancel();
    this.el.dataset.state = 'closed';
    this.badge.hide();
    this.diff?.dispose();
    this.diff = undefined;
    for (const m of this.models) m.dispose();
    this.models = [];
    this.deps.closed();
  }
}

/** The editor's top right corner while a review is not on screen: the assistant's progress, or the way back to the review. */
class ReviewBadge implements editor.IOverlayWidget {
  private readonly node = h('div', { class: 'ai-edit-badge', 'data-testid': 'ai-edit-badge' });
  private added = false;

  constructor(private readonly ed: editor.ICodeEditor, private readonly id: string) {}

  getId(): string {
    return this.id;
  }

  getDomNode(): HTMLElement {
    return this.node;
  }

  getPosition(): editor.IOverlayWidgetPosition {
    return { preference: editor.OverlayWidgetPositionPreference.TOP_RIGHT_CORNER };
  }

  show(...children: Node[]): void {
    this.node.replaceChildren(...children);
    if (this.added) return;
    this.added = true;
    this.ed.addOverlayWidget(this);
  }

  hide(): void {
    if (!this.added) return;
    this.added = false;
    this.ed.removeOverlayWidget(this);
  }
}

/** Line edits of the buffer (which holds `current`) as Monaco edits, so markers and undo stay precise. */
function editsFor(model: editor.ITextModel, current: string, edits: LineEdit[]): editor.IIdentifiedSingleEditOperation[] {
  const offsets = [0];
  for (const line of linesWithEnds(current)) offsets.push(offsets[offsets.length - 1] + line.length);
  return edits.map((e) => {
    const start = model.getPositionAt(offsets[e.start]);
    const end = model.getPositionAt(offsets[e.start + e.count]);
    return {
      range: { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column },
      text: e.text,
    };
  });
}
