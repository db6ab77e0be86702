import type { EditorArea } from '../editor/editor-area';
import type { DiagnosticsStore } from '../lsp/diagnostics';
import { basename } from '../paths';
import type { AiSelection } from '../rpc/ai-client';
import { h } from '../ui/dom';
import { parseMentions, toAiDiagnostics, type ChipState } from './context';

/** The active editor's non-empty selection as whole 1-based lines plus its exact text. */
export function editorSelection(area: EditorArea): AiSelection | undefined {
  const doc = area.active;
  const sel = area.codeEditor.getSelection();
  if (!doc || !sel || sel.isEmpty()) return undefined;
  // A selection ending at the start of a line does not include that line.
  const endLine = sel.endColumn === 1 && sel.endLineNumber > sel.startLineNumber ? sel.endLineNumber - 1 : sel.endLineNumber;
  return { path: doc.path, startLine: sel.startLineNumber, endLine, text: doc.model.getValueInRange(sel) };
}

/**
 * The chips above the chat input: the current file and its problems (toggles, on by default),
 * the selection (sent whenever there is one) and the message's `@file` / `@search` mentions.
 */
export class ContextChips {
  readonly el = h('div', { class: 'ai-context', 'data-testid': 'ai-context' });
  private includeFile = true;
  private includeDiagnostics = false;
  private message = '';

  constructor(private readonly area: EditorArea, private readonly diagnostics: DiagnosticsStore) {
    area.onActiveChange(() => this.render());
    area.codeEditor.onDidChangeCursorSelection(() => this.render());
    diagnostics.onChange(() => this.render());
    this.render();
  }

  /** The message being typed, for its mention chips. */
  setMessage(message: string): void {
    if (message === this.message) return;
    this.message = message;
    this.render();
  }

  state(): ChipState {
    const path = this.area.active?.path;
    return {
      currentFile: this.includeFile ? path : undefined,
      selection: editorSelection(this.area),
      diagnostics: this.includeDiagnostics && path
        ? toAiDiagnostics(path, this.diagnostics.files.find((f) => f.path === path)?.problems ?? []) : [],
    };
  }

  render(): void {
    const path = this.area.active?.path;
    const chips: HTMLElement[] = [];
    if (path) {
      chips.push(this.toggle('ai-context-file', 'file', basename(path), `Include ${path}`, this.includeFile, (on) => {
        this.includeFile = on;
      }));
      const problems = this.diagnostics.files.find((f) => f.path === path)?.problems.length ?? 0;
      chips.push(this.toggle('ai-context-diagnostics', 'warning', `Problems (${problems})`,
        `Include the problems of ${basename(path)}`, this.includeDiagnostics, (on) => { this.includeDiagnostics = on; }));
    }
    const sel = editorSelection(this.area);
    if (sel) {
      const lines = sel.startLine === sel.endLine ? `${sel.startLine}` : `${sel.startLine}–${sel.endLine}`;
      chips.push(chip('ai-context-selection', 'selection', `${basename(sel.path)}:${lines}`, 'The selection is included'));
    }
    const mentions = parseMentions(this.message);
    for (const p of mentions.paths) chips.push(chip('ai-context-mention', 'mention', `@${p}`, `Includes ${p}`));
    if (mentions.search) chips.push(chip('ai-context-mention', 'search', mentions.search, 'Includes search results'));
    // A toggle drawn again keeps the keyboard: without this, Space on a chip left it on the page.
    const focused = document.activeElement instanceof HTMLElement && this.el.contains(document.activeElement)
      ? document.activeElement.dataset.testid : undefined;
    this.el.replaceChildren(...chips);
    if (focused) chips.find((c) => c.dataset.testid === focused)?.focus();
    this.el.hidden = chips.length === 0;
  }

  private toggle(testId: string, icon: string, label: string, title: string, on: boolean, set: (on: boolean) => void): HTMLElement {
    const b = chip(testId, icon, label, title, 'button') as HTMLButtonElement;
    b.type = 'button';
    b.setAttribute('aria-pressed', String(on));
    b.addEventListener('click', () => {
      set(!on);
      this.render();
    });
    return b;
  }
}

function chip(testId: string, icon: string, label: string, title: string, tag: 'span' | 'button' = 'span'): HTMLElement {
  return h(tag, { class: 'ai-chip', title, 'data-testid': testId },
    h('span', { class: `codicon codicon-${icon}`, 'aria-hidden': 'true' }), h('span', { class: 'ai-chip-label' }, label));
}
