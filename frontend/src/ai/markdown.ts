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
  const source = text.split('\n');
  const env: RenderEnv = { blocks: [], source };
  // markdown-it passes `env` through untouched to the rules above.
  const tokens = md.parse(text, env as never);
  const pieces: MarkdownPiece[] = [];
  for (let start = 0; start < tokens.length;) {
    let end = start + 1;
    // Tokens inside a block sit at deeper levels: the first closing token at its level ends it.
    if (tokens[start].nesting === 1) {
      while (end < tokens.length && !(tokens[end].nesting === -1 && tokens[end].level === tokens[start].level)) end++;
      end = Math.min(end + 1, tokens.length);
    }
    const first = env.blocks.length;
    const html = md.renderer.render(tokens.slice(start, end), md.options, env as never);
    pieces.push({ html, blocks: env.blocks.slice(first).map((_, i) => first + i) });
    start = end;
  }
  return { pieces, blocks: env.blocks };
}
