import type { EditorArea } from '../editor/editor-area';
import { describeError } from '../rpc/errors';
import type { GitBlameLine, GitClient } from '../rpc/git-client';
import { toast } from '../ui/toast';

const WIDTH = 34;

/** One gutter label: short id, author and date, padded so the line numbers stay aligned. Pure. */
export function blameLabel(b: GitBlameLine | undefined, lineNumber: number, previous?: GitBlameLine): string {
  let text: string;
  if (!b) text = '';
  else if (previous && previous.id === b.id) text = '';
  else if (!b.id) text = 'uncommitted';
  else text = `${b.id.slice(0, 7)} ${b.author.slice(0, 12)} ${new Date(b.time).toISOString().slice(0, 10)}`;
  const n = String(lineNumber);
  return `${text.padEnd(WIDTH - n.length - 1)} ${n}`;
}

/**
 * "Blame" for the current file on demand: who last changed each line, shown in the gutter
 * next to the line numbers. It turns itself off when the file is edited or another file is shown.
 */
export class BlameAnnotations {
  private path: string | undefined;
  private edits: { dispose(): void } | undefined;

  constructor(private readonly area: EditorArea, private readonly git: GitClient) {
    area.onActiveChange((doc) => { if (doc?.path !== this.path) this.off(); });
  }

  get activePath(): string | undefined {
    return this.path;
  }

  async toggle(): Promise<void> {
    if (this.path) {
      this.off();
      return;
    }
    this.area.closeOverlay();
    const doc = this.area.active;
    if (!doc) {
      toast('Open a file to see who changed its lines.', 'info');
      return;
    }
    let lines: GitBlameLine[];
    try {
      lines = await this.git.blame(doc.path);
    } catch (e) {
      toast(describeError(`Cannot blame ${doc.path}`, e), 'error');
      return;
    }
    if (this.area.active !== doc) return;
    const byLine = new Map(lines.map((l) => [l.line, l]));
    this.path = doc.path;
    this.edits = doc.model.onDidChangeContent(() => this.off());
    this.area.codeEditor.updateOptions({
      lineNumbers: (n: number) => blameLabel(byLine.get(n), n, byLine.get(n - 1)),
      lineNumbersMinChars: WIDTH,
    });
    this.area.codeEditor.getDomNode()?.setAttribute('data-blame', doc.path);
  }

  off(): void {
    if (!this.path) return;
    this.path = undefined;
    this.edits?.dispose();
    this.edits = undefined;
    this.area.codeEditor.updateOptions({ lineNumbers: 'on', lineNumbersMinChars: 5 });
    this.area.codeEditor.getDomNode()?.removeAttribute('data-blame');
  }
}
