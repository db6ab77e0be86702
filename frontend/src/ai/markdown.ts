import MarkdownIt from 'markdown-it';

/** A fenced code block of an answer, in source order. */
export interface CodeBlock {
  /** The fence's first info word (`ts`, `python`), lower case; '' when none. */
  lang: string;
  text: string;
  /** False while its closing fence has not arrived yet (streaming). */
  closed: boolean;
}

export interface RenderedMarkdown {
  /**
   * Safe HTML: raw HTML in the source is shown as text, links are limited to http(s) and
   * mailto and open in a new tab without `opener`, images are not loaded. Each code block is
   * `<div class="ai-code" data-index="i">` with its code escaped inside `<pre><code>`.
   */
  html: string;
  blocks: CodeBlock[];
}

interface RenderEnv {
  blocks: CodeBlock[];
  source: string[];
}

const SAFE_LINK = /^(https?:|mailto:)/i;

const md = new MarkdownIt({ html: false, linkify: true, breaks: false, typographer: false });
// An image would be fetched as soon as it is shown: model text (which may repeat what a file or a
// web page told it) must not make the browser contact an address of its choosing.
md.disable('image');
md.validateLink = (url) => SAFE_LINK.test(url.trim());

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  token.attrSet('target', '_blank');
  token.attrSet('rel', 'noopener noreferrer nofollow');
  return self.renderToken(tokens, idx, options);
};

md.renderer.rules.fence = (tokens, idx, _options, renderEnv) => {
  const env = renderEnv as unknown as RenderEnv;
  const token = tokens[idx];
  const lang = token.info.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  const index = env.blocks.length;
  env.blocks.push({ lang, text: token.content, closed: isClosed(token.markup, token.map, env) });
  const esc = md.utils.escapeHtml;
  return `<div class="ai-code" data-index="${index}" data-lang="${esc(lang)}"><pre><code>${esc(token.content)}</code></pre></div>\n`;
};

// An indented block has no language and no closing fence; it is shown like a fence without one.
md.renderer.rules.code_block = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  token.info = '';
  token.markup = '';
  return md.renderer.rules.fence!(tokens, idx, options, env, self);
};

/** Whether a fence ends with its closing marker rather than with the text cut off by streaming. */
function isClosed(markup: string, map: [number, number] | null, env: { source: string[] }): boolean {
  if (!markup) return true;
  if (!map || map[1] - map[0] < 2) return false;
  const last = env.source[map[1] - 1]?.trim() ?? '';
  return last.startsWith(markup) && /^(`+|~+)$/.test(last);
}

/** One top-level block of rendered Markdown: a paragraph, a code block, a list, a heading… */
export interface MarkdownPiece {
  /** The block's HTML, exactly as it appears within `RenderedMarkdown.html`. */
  html: string;
  /** Indexes into `blocks` of the code blocks it holds. */
  blocks: number[];
}

/** Renders an answer's Markdown (possibly cut mid-way by streaming). Pure. */
export function renderMarkdown(text: string): RenderedMarkdown {
  const { pieces, blocks } = renderMarkdownPieces(text);
  return { html: pieces.map((p) => p.html).join(''), blocks };
}

/**
 * `renderMarkdown` one top-level block at a time, so a streaming answer can keep the blocks that
 * came out the same as last time. The whole text is parsed at once: a reference definition further
 * down still makes an earlier link. Pure.
 */
export function renderMarkdownPieces(text: string): { pieces: MarkdownPiece[]; blocks: CodeBlock[] } {
  const { pieces, blocks } = renderFrom(text, 0, [], []);
  return { pieces: pieces.map(({ html, blocks: b }) => ({ html, blocks: b })), blocks };
}

/** A rendering of a text that can be carried on when the text grows (`renderGrownMarkdown`). */
export interface GrowingMarkdown {
  text: string;
  /** Each with the offset in `text` where its block starts. */
  pieces: (MarkdownPiece & { start: number })[];
  blocks: CodeBlock[];
}

/** A line that may define a link reference, which changes links anywhere before it. */
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]+\]:/m;

/**
 * `renderMarkdownPieces` of `text` when `previous` rendered the start of it: the blocks before the
 * last two it had are kept, and only the text from there is parsed again. Appended text changes
 * only the blocks at the end (a paragraph becomes a heading or a table, a list gets looser, a
 * fence closes); a link reference definition can change any, so with one the whole is parsed.
 * Parsing all of a streamed answer on every frame made a frame's work grow with its length.
 */
export function renderGrownMarkdown(text: string, previous: GrowingMarkdown | undefined): GrowingMarkdown {
  const keep = previous ? previous.pieces.length - 2 : 0;
  if (!previous || keep < 1 || !text.startsWith(previous.text) || REFERENCE_DEFINITION.test(text)) {
    return renderFrom(text, 0, [], []);
  }
  const kept = previous.pieces.slice(0, keep);
  const blocks = previous.blocks.slice(0, kept.reduce((n, p) => n + p.blocks.length, 0));
  return renderFrom(text, previous.pieces[keep].start, kept, blocks);
}

/** Renders `text` from offset `from` (the start of a line where a top-level block starts), after `kept`. */
function renderFrom(text: string, from: number, kept: GrowingMarkdown['pieces'], keptBlocks: CodeBlock[]): GrowingMarkdown {
  const tail = from === 0 ? text : text.slice(from);
  const source = tail.split('\n');
  const lineStarts = [0];
  for (const line of source) lineStarts.push(lineStarts[lineStarts.length - 1] + line.length + 1);
  const env: RenderEnv = { blocks: [...keptBlocks], source };
  // markdown-it passes `env` through untouched to the rules above.
  const tokens = md.parse(tail, env as never);
  const pieces = [...kept];
  for (let start = 0; start < tokens.length;) {
    let end = start + 1;
    // Tokens inside a block sit at deeper levels: the first closing token at its level ends it.
    if (tokens[start].nesting === 1) {
      while (end < tokens.length && !(tokens[end].nesting === -1 && tokens[end].level === tokens[start].level)) end++;
      end = Math.min(end + 1, tokens.length);
    }
    const first = env.blocks.length;
    const html = md.renderer.render(tokens.slice(start, end), md.options, env as never);
    const line = tokens[start].map?.[0];
    // A block without a line (none is expected at the top level) is never a place to start again from.
    pieces.push({ html, blocks: env.blocks.slice(first).map((_, i) => first + i), start: line === undefined ? 0 : from + lineStarts[line] });
    start = end;
  }
  return { text, pieces, blocks: env.blocks };
}
