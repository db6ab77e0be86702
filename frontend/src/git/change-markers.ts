import type { OpenDocument } from '../editor/document';
import type { EditorArea } from '../editor/editor-area';
import type { editor } from 'monaco-editor/editor';
import type { GitState } from './git-state';
import { textMarkers, type LineMarker } from './line-diff';

const CLASS: Record<LineMarker['kind'], string> = {
  added: 'git-gutter-added', modified: 'git-gutter-modified', deleted: 'git-gutter-deleted',
};

/**
 * Added / modified / deleted markers in the editor gutter for the active file, against its
 * staged (index) version, recomputed client-side as the buffer changes.
 */
export class ChangeMarkers {
  private readonly decorations: editor.IEditorDecorationsCollection;
  private readonly bases = new Map<string, { generation: number; content: string | null }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private contentListener: { dispose(): void } | undefined;
  private token = 0;
  /** The markers last shown: kind and line range of each. */
  last: LineMarker[] = [];

  constructor(private readonly area: EditorArea, private readonly git: GitState) {
    this.decorations = area.codeEditor.createDecorationsCollection();
    area.onActiveChange((doc) => this.watch(doc));
    git.onChange(() => this.schedule(0));
  }

  private watch(doc: OpenDocument | undefined): void {
    this.contentListener?.dispose();
    this.contentListener = doc?.model.onDidChangeContent(() => this.schedule(150));
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), delayMs);
  }

  private async update(): Promise<void> {
    const token = ++this.token;
    const doc = this.area.active;
    if (!doc || !this.git.isRepository) {
      this.apply([]);
      return;
    }
    const base = await this.base(doc.path);
    if (token !== this.token || this.area.active !== doc) return;
    this.apply(base === null ? [] : textMarkers(base, doc.model.getValue()));
  }

  /** The index version of a file, fetched once per git status generation; null when untracked. */
  private async base(path: string): Promise<string | null> {
    const cached = this.bases.get(path);
    if (cached && cached.generation === this.git.generation) return cached.content;
    let content: string | null = null;
    try {
      const r = await this.git.client.show(path, 'INDEX');
      content = r.exists && !r.binary ? r.content ?? '' : null;
    } catch {
      content = null;
    }
    this.bases.set(path, { generation: this.git.generation, content });
    return content;
  }

  private apply(markers: LineMarker[]): void {
    this.last = markers;
    const el = this.area.codeEditor.getDomNode();
    if (el) el.dataset.gitMarkers = markers.map((m) => `${m.kind}:${m.startLine}-${m.endLine}`).join(',');
    this.decorations.set(markers.map((m) => ({
      range: { startLineNumber: m.startLine, startColumn: 1, endLineNumber: m.endLine, endColumn: 1 },
      options: { isWholeLine: true, linesDecorationsClassName: CLASS[m.kind], description: `git-${m.kind}` },
    })));
  }
}
