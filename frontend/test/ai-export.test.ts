// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { closeFences, conversationMarkdown, downloadText, exportFileName } from '../src/ai/export';
import { renderMarkdown } from '../src/ai/markdown';
import type { AiConversation } from '../src/rpc/ai-client';

const at = new Date(Date.UTC(2026, 11, 1, 9, 5, 30));
const info = { at, workspace: 'payments-api' };

const conversation: AiConversation = { id: 'c1', title: 'Why does the build fail?', messages: [
  { role: 'user', text: 'Why does the build fail?\n\n```sh\nmvn -q verify\n```' },
  { role: 'assistant', text: 'Run this:\n\n```java\nint x = 1;\n```\n\nThen build again.',
    route: { tier: 'medium', deployment: 'azure', model: 'gpt-4o', reasons: ['a multi-step question'],
      fallbacks: [{ deployment: 'local-medium', reason: 'rate limited' }] },
    usage: { promptTokens: 812, completionTokens: 130 },
    steps: [
      { step: 1, index: 0, callId: 'a', name: 'read_file', arguments: '{"path": "pom.xml"}', requiresApproval: false, state: 'done',
        result: '<project>SECRET-LOOKING FILE TEXT</project>', at: 0 },
      { step: 1, index: 1, callId: 'b', name: 'run_command', arguments: `{"command": "mvn -q verify ${'-Dx=1 '.repeat(30)}"}`,
        requiresApproval: true, state: 'denied', at: 0 },
    ],
    notices: [
      { kind: 'fallback', message: 'local-medium is rate limited; answering with azure.', at: 0, step: 1 },
      { kind: 'length', message: 'The answer reached its length limit\nand stops there.', at: 30, step: 2 },
    ],
    thinking: 'The user runs Maven.\nMaybe they typed:\n```\nmvn verify\n```' },
] };

describe('conversationMarkdown', () => {
  const md = conversationMarkdown(conversation, info);

  it('starts with the title, the export time and the workspace', () => {
    expect(md.split('\n\n').slice(0, 2)).toEqual(['# Why does the build fail?',
      'Exported 2026-12-01 09:05 UTC from the workspace payments-api.']);
  });

  it('writes each turn as You or Assistant with its text as written, code blocks intact', () => {
    expect(md).toContain('**You**\n\nWhy does the build fail?\n\n```sh\nmvn -q verify\n```');
    expect(md).toContain('Run this:\n\n```java\nint x = 1;\n```\n\nThen build again.');
    expect(md.indexOf('**You**')).toBeLessThan(md.indexOf('**Assistant**'));
    const blocks = renderMarkdown(md).blocks.map((b) => [b.lang, b.text]);
    expect(blocks).toContainEqual(['sh', 'mvn -q verify\n']);
    expect(blocks).toContainEqual(['java', 'int x = 1;\n']);
  });

  it('gives an answer its route, fallbacks and tokens on one line', () => {
    expect(md).toContain('*Route: medium tier · model `gpt-4o` · deployment `azure` · fell back from `local-medium` (rate limited)'
      + ' · 812 + 130 tokens*');
  });

  it('lists the tool steps with their state and the start of their arguments, not their results', () => {
    expect(md).toContain('Tool steps:\n- `read_file` (done): `{"path": "pom.xml"}`\n- `run_command` (denied): `{"command": "mvn -q verify');
    const command = md.split('\n').find((l) => l.startsWith('- `run_command`'))!;
    expect(command.length).toBeLessThan(140);
    expect(command).toMatch(/…`$/);
    expect(md).not.toContain('SECRET-LOOKING');
  });

  it('quotes the notices, each on lines of its own', () => {
    expect(md).toContain('> **Fallback:** local-medium is rate limited; answering with azure.\n\n'
      + '> **Length:** The answer reached its length limit\n> and stops there.');
  });

  it('puts the thinking in a collapsed details block, fenced longer than any fence in it', () => {
    expect(md).toContain('<details>\n<summary>Thinking</summary>\n\n````text\nThe user runs Maven.\nMaybe they typed:\n```\nmvn verify\n```\n````'
      + '\n\n</details>');
    // The thinking's own fence does not end the block: the file's next blocks are still the answer's.
    expect(renderMarkdown(md).blocks.find((b) => b.lang === 'text')?.text).toContain('```\nmvn verify\n```');
  });

  it('writes nothing for what an answer does not have, and names an untitled conversation', () => {
    const plain = conversationMarkdown({ id: 'c2', title: '', messages: [{ role: 'user', text: 'Hi' }, { role: 'assistant', text: 'Hello.' }] },
      { at, workspace: 'w' });
    expect(plain).toBe('# Untitled\n\nExported 2026-12-01 09:05 UTC from the workspace w.\n\n---\n\n**You**\n\nHi\n\n---\n\n'
      + '**Assistant**\n\nHello.\n');
  });

  it('closes a code block an answer left open, so the turns after it are not swallowed', () => {
    const cut = conversationMarkdown({ id: 'c3', title: 't', messages: [{ role: 'assistant', text: 'Here:\n\n````py\nprint("```")\n' },
      { role: 'user', text: 'Go on' }] }, info);
    expect(cut).toContain('````py\nprint("```")\n````\n\n---\n\n**You**\n\nGo on');
    expect(renderMarkdown(cut).blocks).toEqual([{ lang: 'py', text: 'print("```")\n', closed: true }]);
  });
});

describe('closeFences', () => {
  it('leaves closed blocks and inline code alone', () => {
    expect(closeFences('a ```x``` b\n\n~~~\ncode\n~~~\n')).toBe('a ```x``` b\n\n~~~\ncode\n~~~');
    expect(closeFences('~~~\n```\n')).toBe('~~~\n```\n~~~');
  });
});

describe('exportFileName', () => {
  it('makes a title safe for a file name on every system', () => {
    expect(exportFileName('Why does a/b: *fail*? "now" <x> | y\\z')).toBe('Why does a-b- -fail- -now- -x- - y-z.md');
    expect(exportFileName('Fix src/app/[id]/page.tsx')).toBe('Fix src-app-[id]-page.tsx.md');
    expect(exportFileName('line one\nline\ttwo')).toBe('line one line two.md');
  });

  it('never gives a hidden, reserved, empty or overlong name', () => {
    expect(exportFileName('../../etc/passwd')).toBe('etc-passwd.md');
    expect(exportFileName('...')).toBe('conversation.md');
    expect(exportFileName('')).toBe('conversation.md');
    expect(exportFileName('CON')).toBe('_CON.md');
    expect(exportFileName('nul.txt')).toBe('_nul.txt.md');
    expect(exportFileName('x'.repeat(500))).toBe(`${'x'.repeat(80)}.md`);
    expect(exportFileName('ends with a dot.')).toBe('ends with a dot.md');
    expect(exportFileName('How do I print a number?')).toBe('How do I print a number.md');
    expect(exportFileName('A long first message, as the server cuts it...')).toBe('A long first message, as the server cuts it.md');
  });
});

describe('downloadText', () => {
  it('offers the text as a file of that name through a Blob, and releases it later', async () => {
    vi.useFakeTimers();
    const blobs: Blob[] = [];
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => { blobs.push(b as Blob); return 'blob:export-1'; });
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const clicked: { download: string; href: string; attached: boolean }[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href, attached: this.isConnected });
    });
    try {
      downloadText('a b.md', '# Title\n');
      expect(clicked).toEqual([{ download: 'a b.md', href: 'blob:export-1', attached: true }]);
      expect(document.querySelector('a')).toBeNull();
      expect(await blobs[0].text()).toBe('# Title\n');
      expect(blobs[0].type).toMatch(/^text\/markdown/);
      expect(revoke).not.toHaveBeenCalled();
      vi.runAllTimers();
      expect(revoke).toHaveBeenCalledWith('blob:export-1');
    } finally {
      create.mockRestore();
      revoke.mockRestore();
      click.mockRestore();
      vi.useRealTimers();
    }
  });
});
