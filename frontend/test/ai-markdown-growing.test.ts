// @vitest-environment happy-dom
import MarkdownIt from 'markdown-it';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Answer } from '../src/ai/answer';
import { AnswerView, type AnswerActions } from '../src/ai/answer-view';
import { renderGrownMarkdown, renderMarkdownPieces } from '../src/ai/markdown';

/** An answer with what can change meaning as text arrives: lists, quotes, tables, setext headings, fences. */
const ANSWER = [
  '# Plan\n\nFirst a paragraph with `code` and a [link](https://example.com).\n',
  'Setext title\n------------\n\n- one\n- two\n\n- three, loose now\n  continued\n\n',
  '> quoted\nlazy line\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n',
  '```ts\nconst x = 1;\n\n\nconst y = 2;\n```\n\n    indented code\n\n1. first\n2. second\n\n---\n\n',
  '~~~\nunclosed tilde fence at first\n~~~\n\nAfter it *emphasis* and **strong**.\n\n```py\nprint(1)\n',
].join('');

const actions = (): AnswerActions =>
  ({ copy: vi.fn(), insert: vi.fn(), apply: vi.fn(), approve: vi.fn(), colorize: async () => undefined });

afterEach(() => { vi.restoreAllMocks(); });

describe('rendering a growing answer', () => {
  it('comes out as rendering the whole text at once, at every length', () => {
    for (const step of [1, 3, 7, 40]) {
      let previous: ReturnType<typeof renderGrownMarkdown> | undefined;
      for (let n = 0; n <= ANSWER.length; n = n === ANSWER.length ? n + 1 : Math.min(ANSWER.length, n + step)) {
        const text = ANSWER.slice(0, n);
        previous = renderGrownMarkdown(text, previous);
        const whole = renderMarkdownPieces(text);
        expect({ pieces: previous.pieces.map((p) => ({ html: p.html, blocks: p.blocks })), blocks: previous.blocks },
          `${n} characters in steps of ${step}`).toEqual(whole);
      }
    }
  });

  it('reads a reference definition further down as rendering the whole text does', () => {
    const head = 'See [the docs][d].\n\nMore text.\n\nAnd more.\n\n';
    const first = renderGrownMarkdown(head, undefined);
    const text = `${head}[d]: https://example.com/docs\n`;
    const grown = renderGrownMarkdown(text, first);
    expect(grown.pieces.map((p) => p.html).join('')).toContain('href="https://example.com/docs"');
    expect(grown.pieces.map((p) => p.html)).toEqual(renderMarkdownPieces(text).pieces.map((p) => p.html));
  });

  it('starts again when the text is not the last one grown (a restart took text back)', () => {
    const first = renderGrownMarkdown('Para one.\n\nPara two.\n\nPara three.\n', undefined);
    const text = 'Para one.\n\nOther.\n';
    expect(renderGrownMarkdown(text, first).pieces.map((p) => p.html)).toEqual(renderMarkdownPieces(text).pieces.map((p) => p.html));
  });

  it('parses each part of a long streamed answer a bounded number of times, not once per frame', () => {
    // Parsing all of it on every frame made each frame's work grow with the answer: 60 KB took
    // 9 ms a frame, and more would take all of it.
    const parse = vi.spyOn(MarkdownIt.prototype, 'parse');
    const a = new Answer('r');
    const v = new AnswerView(a, actions(), () => undefined);
    const text = (ANSWER + '```\n\n').repeat(40);
    for (let i = 0; i < text.length; i += 50) {
      a.apply({ type: 'delta', params: { requestId: 'r', text: text.slice(i, i + 50) } });
      v['render']();
    }
    a.apply({ type: 'done', params: { requestId: 'r', conversationId: 'c' } });
    v.update();
    const parsed = parse.mock.calls.reduce((n, [src]) => n + String(src).length, 0);
    expect(parsed).toBeLessThan(text.length * 10);
    const whole = renderMarkdownPieces(text);
    expect(whole.blocks).toHaveLength(4 * 40);
    expect([...v.el.querySelectorAll('.ai-code code')].map((c) => c.textContent)).toEqual(whole.blocks.map((b) => b.text));
    expect(v.el.querySelector('.ai-md')!.children).toHaveLength(whole.pieces.length);
  });
});
