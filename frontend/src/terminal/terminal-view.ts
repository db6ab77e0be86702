import { FitAddon } from '@xterm/addon-fit';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { h } from '../ui/dom';
import { WriteCoalescer } from './coalesce';
import { chooseRenderer, probeWebgl } from './renderer';
import { TerminalStream, type StreamState } from './stream';

const THEMES: Record<'dark' | 'light', ITheme> = {
  dark: { background: '#1e1e1e', foreground: '#cccccc', cursor: '#aeafad', selectionBackground: '#264f78' },
  light: { background: '#ffffff', foreground: '#333333', cursor: '#000000', selectionBackground: '#add6ff',
    white: '#555555', brightWhite: '#333333', yellow: '#949800', brightYellow: '#7a7d00' },
};

const OUTPUT_NOTICE_MS = 200;
const SCROLLBACK = 1000;
/**
 * More rows than any screen shows: the server may skip plain lines of a flood that would scroll
 * beyond the scrollback and screen anyway (docs/protocol.md, byte socket), so it is told a
 * number of lines that holds even after the view is made taller.
 */
const MAX_ROWS = 200;

export interface TerminalViewOptions {
  theme: 'dark' | 'light';
  /** The byte socket's URL; `lines`: how many lines the view keeps (scrollback and screen). */
  socketUrl(terminalId: string, from: number, lines: number): string;
  stillExists(terminalId: string): Promise<boolean>;
  resized(terminalId: string, cols: number, rows: number): void;
  stateChanged(view: TerminalView): void;
  /** Output arrived (commands run in terminals change what git and the explorer show). */
  output(): void;
}

/** One terminal: an xterm.js instance fed by its byte socket, sized to its container. */
export class TerminalView {
  readonly el = h('div', { class: 'terminal-host', 'data-testid': 'terminal' });
  readonly term: Terminal;
  id: string | undefined;
  state: StreamState = 'connecting';
  exitCode: number | undefined;
  private stream: TerminalStream | undefined;
  private readonly fitAddon = new FitAddon();
  private readonly observer: ResizeObserver;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;
  private noticeTimer: ReturnType<typeof setTimeout> | undefined;
  private lastNoticeAt = -Infinity;
  private opened = false;
  /** Output, and the notices written between it, in order; batched while xterm is busy. */
  private readonly out = new WriteCoalescer((data, done) => this.term.write(data, done));

  constructor(private readonly opts: TerminalViewOptions) {
    this.term = new Terminal({
      theme: THEMES[opts.theme], fontSize: 13, scrollback: SCROLLBACK, allowProposedApi: false,
      fontFamily: 'ui-monospace, "Cascadia Mono", "DejaVu Sans Mono", Menlo, monospace',
    });
    this.term.loadAddon(this.fitAddon);
    this.term.loadAddon(new WebLinksAddon((_e, uri) => window.open(uri, '_blank', 'noopener,noreferrer')));
    this.term.attachCustomKeyEventHandler((e) => this.onKey(e));
    this.term.onData((d) => this.stream?.input(d));
    this.term.onBinary((d) => this.stream?.input(Uint8Array.from(d, (c) => c.charCodeAt(0) & 0xff)));
    this.observer = new ResizeObserver(() => this.scheduleFit());
    // The WebGL renderer draws on a canvas: tests (and tools) read the text through this.
    (this.el as HTMLElement & { readText?: (lastRows?: number) => string }).readText = (lastRows) => this.text(lastRows);
  }

  /**
   * The terminal's text: scrollback and screen (or only the last `lastRows` rows), one line per
   * row, trailing blanks trimmed.
   */
  text(lastRows = Infinity): string {
    const buf = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = Math.max(0, buf.length - lastRows); i < buf.length; i++) lines.push(buf.getLine(i)?.translateToString(true) ?? '');
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  }

  /** Puts xterm into the (visible) host and returns the size that fits it. */
  mount(): { cols: number; rows: number } {
    if (!this.opened) {
      this.opened = true;
      this.term.open(this.el);
      void this.tryWebgl();
      this.observer.observe(this.el);
    }
    this.fit();
    return { cols: this.term.cols, rows: this.term.rows };
  }

  /** Starts streaming terminal `id`'s output from byte `from` (0 replays the server's buffer). */
  attach(id: string, from = 0): void {
    this.id = id;
    this.el.dataset.terminalId = id;
    this.stream = new TerminalStream({
      url: (seq) => this.opts.socketUrl(id, seq, SCROLLBACK + MAX_ROWS),
      createSocket: (url) => new WebSocket(url),
      stillExists: () => this.opts.stillExists(id),
      sink: {
        write: (data, done) => {
          this.out.write(data, done);
          this.outputNotice();
        },
        lost: (n) => this.out.write(`\x1b[2m[${n} bytes of earlier output are no longer available]\x1b[0m\r\n`),
        exited: (code) => {
          this.exitCode = code;
          this.out.write(`\r\n\x1b[2m[Process exited with code ${code}]\x1b[0m\r\n`);
        },
        state: (s) => {
          this.state = s;
          this.el.dataset.state = s;
          this.opts.stateChanged(this);
        },
      },
    });
    this.stream.start(from);
  }

  get nextSeq(): number {
    return this.stream?.nextSeq ?? 0;
  }

  setTheme(theme: 'dark' | 'light'): void {
    this.term.options.theme = THEMES[theme];
  }

  focus(): void {
    this.term.focus();
  }

  /** The network under the socket is likely gone: a new socket resumes the output where it was. */
  dropped(): void {
    this.stream?.dropped();
  }

  dispose(): void {
    clearTimeout(this.resizeTimer);
    clearTimeout(this.noticeTimer);
    this.observer.disconnect();
    this.stream?.dispose();
    this.out.dispose();
    this.term.dispose();
    this.el.remove();
  }

  /**
   * Tells the workbench that output arrived, at most every OUTPUT_NOTICE_MS and once more after
   * the last output: a flood delivers thousands of frames a second, and each notice re-arms a
   * timer in the listener.
   */
  private outputNotice(): void {
    const now = performance.now();
    if (now - this.lastNoticeAt >= OUTPUT_NOTICE_MS) {
      this.lastNoticeAt = now;
      this.opts.output();
      return;
    }
    if (this.noticeTimer !== undefined) return;
    this.noticeTimer = setTimeout(() => {
      this.noticeTimer = undefined;
      this.lastNoticeAt = performance.now();
      this.opts.output();
    }, OUTPUT_NOTICE_MS - (now - this.lastNoticeAt));
  }

  private scheduleFit(): void {
    if (this.el.offsetParent === null) return;
    requestAnimationFrame(() => this.fit());
  }

  private fit(): void {
    const dims = this.fitAddon.proposeDimensions();
    if (!dims || !Number.isFinite(dims.cols) || !Number.isFinite(dims.rows)) return;
    if (dims.cols === this.term.cols && dims.rows === this.term.rows) return;
    this.fitAddon.fit();
    clearTimeout(this.resizeTimer);
    const id = this.id;
    if (id) this.resizeTimer = setTimeout(() => this.opts.resized(id, this.term.cols, this.term.rows), 100);
  }

  private async tryWebgl(): Promise<void> {
    let override: string | null = null;
    try {
      override = localStorage.getItem('stratus.terminal.renderer');
    } catch {
      // no storage: decide from the GPU
    }
    if (chooseRenderer(override, probeWebgl) === 'dom') {
      this.el.dataset.renderer = 'dom';
      return;
    }
    try {
      const { WebglAddon } = await import('@xterm/addon-webgl');
      const webgl = new WebglAddon();
      // Losing the GPU context must not leave a blank terminal: fall back to the DOM renderer.
      webgl.onContextLoss(() => webgl.dispose());
      this.term.loadAddon(webgl);
      this.el.dataset.renderer = 'webgl';
    } catch {
      this.el.dataset.renderer = 'dom';
    }
  }

  private onKey(e: KeyboardEvent): boolean {
    if (e.type !== 'keydown') return true;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.shiftKey && e.code === 'KeyC') {
      e.preventDefault();
      void this.copy();
      return false;
    }
    if (mod && e.shiftKey && e.code === 'KeyV') {
      e.preventDefault();
      navigator.clipboard?.readText().then((t) => this.term.paste(t), () => undefined);
      return false;
    }
    // Ctrl+C copies when there is a selection, else it is the interrupt key.
    if (mod && !e.shiftKey && e.code === 'KeyC' && this.term.hasSelection()) {
      e.preventDefault();
      void this.copy();
      this.term.clearSelection();
      return false;
    }
    // Ctrl+V: leave it to the browser, whose paste event xterm turns into input.
    if (mod && !e.shiftKey && e.code === 'KeyV') return false;
    return true;
  }

  private async copy(): Promise<void> {
    const text = this.term.getSelection();
    if (text) await navigator.clipboard?.writeText(text).catch(() => undefined);
  }
}
