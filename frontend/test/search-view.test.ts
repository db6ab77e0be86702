// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IndexState } from '../src/search/index-state';
import { SearchView } from '../src/search/search-view';
import type { SearchClient, TextSearchParams, TextSearchResult } from '../src/rpc/search-client';

const q = (root: ParentNode, id: string) => root.querySelector<HTMLElement>(`[data-testid="${id}"]`)!;

/** A search client whose replies the test releases one by one. */
function pendingClient() {
  const calls: { params: TextSearchParams; answer: (r: TextSearchResult) => void }[] = [];
  const client = {
    text: (params: TextSearchParams) => new Promise<TextSearchResult>((answer) => calls.push({ params, answer })),
  } as unknown as SearchClient;
  return { client, calls };
}

function view(client: SearchClient): SearchView {
  const index = { status: undefined, onChange: () => undefined } as unknown as IndexState;
  const v = new SearchView({ search: client, index, reveal: () => undefined });
  document.body.append(v.el);
  return v;
}

function enter(v: SearchView, text: string): void {
  const input = q(v.el, 'search-query') as HTMLInputElement;
  input.value = text;
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
}

const match = (path: string, line: number) => ({ path, line, column: 1, length: 4, preview: 'word' });

describe('SearchView', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    document.body.replaceChildren();
  });

  it('leaves the view untouched while a quick answer is on its way, then shows the results', async () => {
    const { client, calls } = pendingClient();
    const v = view(client);
    enter(v, 'word');
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(q(v.el, 'search-message').textContent).toBe('');
    calls[0].answer({ matches: [match('a.ts', 1), match('b.ts', 2)], truncated: false, tookMs: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(q(v.el, 'search-message').textContent).toMatch(/^2 results in 2 files/);
    expect(v.el.querySelectorAll('[data-testid="search-match"]')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(q(v.el, 'search-message').textContent).toMatch(/^2 results in 2 files/);
  });

  it('says "Searching…" once an answer is slow', async () => {
    const { client, calls } = pendingClient();
    const v = view(client);
    enter(v, 'word');
    await vi.advanceTimersByTimeAsync(200);
    expect(q(v.el, 'search-message').textContent).toBe('Searching…');
    calls[0].answer({ matches: [], truncated: false, tookMs: 180 });
    await vi.advanceTimersByTimeAsync(0);
    expect(q(v.el, 'search-message').textContent).toBe('No results.');
  });

  it('keeps saying "Searching…" between the first page and the full set', async () => {
    const { client, calls } = pendingClient();
    const v = view(client);
    enter(v, 'word');
    calls[0].answer({ matches: [match('a.ts', 1)], truncated: true, tookMs: 1 });
    await vi.advanceTimersByTimeAsync(150);
    expect(calls).toHaveLength(2);
    expect(calls[1].params.maxResults).toBeGreaterThan(calls[0].params.maxResults!);
    expect(q(v.el, 'search-message').textContent).toBe('Searching…');
    calls[1].answer({ matches: [match('a.ts', 1), match('a.ts', 7)], truncated: false, tookMs: 3 });
    await vi.advanceTimersByTimeAsync(0);
    expect(q(v.el, 'search-message').textContent).toMatch(/^2 results in 1 file/);
  });

  it('never lets an earlier slow answer overwrite a later search', async () => {
    const { client, calls } = pendingClient();
    const v = view(client);
    enter(v, 'first');
    enter(v, 'second');
    calls[1].answer({ matches: [match('b.ts', 3)], truncated: false, tookMs: 1 });
    await vi.advanceTimersByTimeAsync(500);
    calls[0].answer({ matches: [match('a.ts', 1), match('a.ts', 2)], truncated: false, tookMs: 400 });
    await vi.advanceTimersByTimeAsync(0);
    expect(q(v.el, 'search-message').textContent).toMatch(/^1 result in 1 file/);
  });
});
