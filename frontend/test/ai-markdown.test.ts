import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/ai/markdown';

describe('renderMarkdown', () => {
  it('never turns model text into live HTML', () => {
    const { html } = renderMarkdown('Hi <script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n'
      + '<a href="javascript:alert(3)">x</a> [click](javascript:alert(4)) [d](data:text/html;base64,PHNjcmlwdD4=)');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/<a href="javascript/i);
    expect(html).not.toMatch(/href="(javascript|data):/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
  });

  it('does not load images', () => {
    const { html } = renderMarkdown('![pixel](https://tracker.example/p.png?secret=1)');
    expect(html).not.toMatch(/<img/i);
  });

  it('opens links in a new tab without an opener', () => {
    const { html } = renderMarkdown('See [docs](https://example.com/a) and https://example.org');
    expect(html).toContain('<a href="https://example.com/a" target="_blank" rel="noopener noreferrer nofollow">docs</a>');
    expect(html).toContain('href="https://example.org" target="_blank" rel="noopener noreferrer nofollow"');
  });

  it('lists code blocks with their language, escaped, and whether they are closed yet', () => {
    const r = renderMarkdown('Try:\n\n```TypeScript title\nconst a = "<b>";\n```\n\nthen\n\n```py\nprint(1)\n');
    expect(r.blocks).toEqual([
      { lang: 'typescript', text: 'const a = "<b>";\n', closed: true },
      { lang: 'py', text: 'print(1)\n', closed: false },
    ]);
    expect(r.html).toContain('<div class="ai-code" data-index="0" data-lang="typescript"><pre><code>const a = &quot;&lt;b&gt;&quot;;');
    expect(renderMarkdown('```js\nx\n```').blocks[0].closed).toBe(true);
    expect(renderMarkdown('```js\nx').blocks[0].closed).toBe(false);
  });

  it('escapes a hostile fence language', () => {
    const r = renderMarkdown('```"><script>x</script>\ncode\n```');
    expect(r.html).not.toMatch(/<script/i);
  });
});
