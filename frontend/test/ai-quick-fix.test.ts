import { describe, expect, it, vi } from 'vitest';
import { AiAvailability } from '../src/ai/ai-availability';
import { AI_FIX_COMMAND, aiFixActions, fixTitle, problemOfMarker, registerAiQuickFixes, type QuickFixRegistry } from '../src/ai/ai-quick-fix';
import type { editor, languages } from '../src/editor/monaco';
import type { Problem } from '../src/lsp/diagnostics';
import { ErrorCode, RpcError } from '../src/rpc/errors';

// Monaco's MarkerSeverity: Error 8, Warning 4, Info 2, Hint 1.
const marker = (line: number, message: string, severity = 8, extra: Partial<editor.IMarkerData> = {}): editor.IMarkerData =>
  ({ severity, message, startLineNumber: line, startColumn: 5, endLineNumber: line, endColumn: 9, ...extra });

/** Monaco's registries as the quick fix uses them: what is registered, until it is disposed. */
function fakeRegistry() {
  const providers = new Set<languages.CodeActionProvider>();
  const commands = new Map<string, ((accessor: unknown, ...args: unknown[]) => void)[]>();
  const selectors: string[] = [];
  const kinds: (readonly string[] | undefined)[] = [];
  const registry: QuickFixRegistry = {
    registerCodeActionProvider: (selector, provider, metadata) => {
      selectors.push(selector);
      kinds.push(metadata?.providedCodeActionKinds);
      providers.add(provider);
      return { dispose: () => providers.delete(provider) };
    },
    registerCommand: (id, handler) => {
      const list = commands.get(id) ?? [];
      list.push(handler);
      commands.set(id, list);
      return { dispose: () => list.splice(list.indexOf(handler), 1) };
    },
  };
  return { registry, providers, commands, selectors, kinds };
}

const model = { isDisposed: () => false } as unknown as editor.ITextModel;
const other = { isDisposed: () => false } as unknown as editor.ITextModel;
const none = {} as Parameters<languages.CodeActionProvider['provideCodeActions']>[3];

async function actionsOf(providers: Set<languages.CodeActionProvider>, markers: editor.IMarkerData[], only?: string,
                         on: editor.ITextModel = model): Promise<languages.CodeAction[]> {
  const all: languages.CodeAction[] = [];
  const range = { startLineNumber: 1, startColumn: 1, endLineNumber: 9, endColumn: 1 };
  for (const p of providers) {
    const list = await p.provideCodeActions(on, range as never, { markers, only, trigger: 1 as never }, none);
    all.push(...(list?.actions ?? []));
  }
  return all;
}

function setup(available = true) {
  const fake = fakeRegistry();
  const fix = vi.fn<(path: string, p: Problem) => void>();
  const asked = vi.fn(async () => available);
  const registration = registerAiQuickFixes(fake.registry, {
    available: asked, pathOf: (m) => (m === model ? 'src/app.ts' : undefined), fix,
  });
  return { ...fake, fix, asked, registration };
}

describe('Fix with AI quick fixes', () => {
  it('offer one quick fix per problem in the range that runs Fix This Problem on it', async () => {
    const { providers, commands, selectors, kinds, fix, registration } = setup();
    expect(selectors).toEqual(['*']);
    expect(kinds).toEqual([['quickfix']]);
    const m = marker(3, "Type 'string' is not assignable to type 'number'.", 8, { source: 'ts', code: '2322' });
    const actions = await actionsOf(providers, [m]);
    expect(actions).toHaveLength(1);
    const [a] = actions;
    expect(a).toMatchObject({ title: "Fix with AI: Type 'string' is not assignable to type 'number'.", kind: 'quickfix',
      isPreferred: false, isAI: true, diagnostics: [m] });
    expect(a.command?.id).toBe(AI_FIX_COMMAND);
    // The command Monaco runs for the action is the one registered, and fixes that problem of that file.
    const [handler] = commands.get(AI_FIX_COMMAND) ?? [];
    handler(undefined, ...(a.command?.arguments ?? []));
    expect(fix).toHaveBeenCalledWith('src/app.ts', { severity: 'error', message: "Type 'string' is not assignable to type 'number'.",
      source: 'ts', code: '2322', line: 3, column: 5, endLine: 3, endColumn: 9 });
    registration.dispose();
  });

  it('offer nothing while the assistant cannot answer', async () => {
    const { providers, asked, fix, registration } = setup(false);
    expect(await actionsOf(providers, [marker(1, 'broken')])).toEqual([]);
    expect(asked).toHaveBeenCalled();
    expect(fix).not.toHaveBeenCalled();
    registration.dispose();
  });

  it('ask nothing for other kinds, files no editor shows, or hints alone', async () => {
    const { providers, asked, registration } = setup();
    expect(await actionsOf(providers, [marker(1, 'broken')], 'refactor')).toEqual([]);
    expect(await actionsOf(providers, [marker(1, 'broken')], 'quickfix.other')).toEqual([]);
    expect(await actionsOf(providers, [marker(1, 'broken')], undefined, other)).toEqual([]);
    expect(await actionsOf(providers, [marker(1, 'unused', 1)])).toEqual([]);
    expect(await actionsOf(providers, [])).toEqual([]);
    expect(asked).not.toHaveBeenCalled();
    expect(await actionsOf(providers, [marker(1, 'broken')], 'quickfix')).toHaveLength(1);
    registration.dispose();
  });

  it('are registered once however often they are registered, and disposing removes them', async () => {
    const fake = fakeRegistry();
    const deps = { available: async () => true, pathOf: () => 'a.ts', fix: () => undefined };
    const first = registerAiQuickFixes(fake.registry, deps);
    const second = registerAiQuickFixes(fake.registry, deps);
    expect(fake.providers.size).toBe(1);
    expect(fake.commands.get(AI_FIX_COMMAND)).toHaveLength(1);
    expect(await actionsOf(fake.providers, [marker(1, 'broken')])).toHaveLength(1);
    first.dispose();
    expect(fake.providers.size).toBe(1);
    second.dispose();
    expect(fake.providers.size).toBe(0);
    expect(fake.commands.get(AI_FIX_COMMAND)).toHaveLength(0);
  });

  it('list a problem two servers report once, the one asked about first, then by severity', () => {
    const warning = marker(2, 'unused import', 4);
    const error = marker(5, 'cannot find name', 8);
    const asked = marker(7, 'deprecated', 2);
    const actions = aiFixActions('a.ts', [warning, error, { ...error }, asked, marker(8, 'hint', 1)], asked);
    expect(actions.map((a) => a.title)).toEqual(['Fix with AI: deprecated', 'Fix with AI: cannot find name', 'Fix with AI: unused import']);
  });

  it('are titled with the first line of the message, shortened', () => {
    expect(fixTitle('Cannot find name x.\n  Did you mean y?')).toBe('Fix with AI: Cannot find name x.');
    const long = fixTitle(`Argument of type ${'A'.repeat(100)} is not assignable`);
    expect(long.length).toBeLessThanOrEqual('Fix with AI: '.length + 60);
    expect(long.endsWith('…')).toBe(true);
    expect(fixTitle('  ')).toBe('Fix with AI');
  });

  it('carry a marker\'s code whether Monaco holds it as text or with a link', () => {
    expect(problemOfMarker(marker(1, 'x', 4, { code: { value: 'no-unused', target: {} as never } }))).toMatchObject({ severity: 'warning', code: 'no-unused' });
    expect(problemOfMarker(marker(1, 'x', 1))).toBeUndefined();
  });
});

describe('AI availability', () => {
  it('asks ai/status once and remembers the answer for a while', async () => {
    let now = 0;
    const status = vi.fn(async () => ({ configured: true }));
    const a = new AiAvailability(status, 1000, () => now);
    expect(await Promise.all([a.check(), a.check()])).toEqual([true, true]);
    expect(status).toHaveBeenCalledTimes(1);
    now = 1001;
    await a.check();
    expect(status).toHaveBeenCalledTimes(2);
    a.invalidate();
    await a.check();
    expect(status).toHaveBeenCalledTimes(3);
  });

  it('is false without a model or without the assistant, and asks again after being offline', async () => {
    expect(await new AiAvailability(async () => ({ configured: false })).check()).toBe(false);
    const missing = vi.fn(async () => { throw new RpcError(-32601, 'Method not found: ai/status'); });
    const gone = new AiAvailability(missing);
    expect(await gone.check()).toBe(false);
    expect(await gone.check()).toBe(false);
    expect(missing).toHaveBeenCalledTimes(1);
    let online = false;
    const offline = new AiAvailability(async () => {
      if (!online) throw new RpcError(ErrorCode.Offline, 'Not connected to the workspace');
      return { configured: true };
    });
    expect(await offline.check()).toBe(false);
    online = true;
    expect(await offline.check()).toBe(true);
  });
});
