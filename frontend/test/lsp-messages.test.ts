import { describe, expect, it } from 'vitest';
import { APPLY_EDIT_COMMAND, fallbackResult, mapWorkspaceUris, restrictProviders, routeCodeActionEdit, withExtraCapabilities, withPublishedDiagnostics } from '../src/lsp/messages';
import { toClientUri } from '../src/lsp/uris';

describe('LSP message rewrites', () => {
  it('announce snippets and workspace edits without losing the client\'s own capabilities', () => {
    const params = withExtraCapabilities({ processId: null, capabilities: { textDocument: { completion: { completionItem: { deprecatedSupport: true } } } } });
    expect(params.capabilities).toMatchObject({
      textDocument: { completion: { completionItem: { deprecatedSupport: true, snippetSupport: true } } },
      workspace: { applyEdit: true, workspaceEdit: { documentChanges: true } },
    });
  });

  it('restrict per-document providers to the session\'s language and to file models', () => {
    const caps = restrictProviders({
      textDocumentSync: 2, hoverProvider: true, completionProvider: { triggerCharacters: ['.'] },
      semanticTokensProvider: { documentSelector: null, legend: {} }, linkedEditingRangeProvider: false,
      executeCommandProvider: { commands: ['x'] }, workspaceSymbolProvider: true,
    }, ['typescript']);
    const selector = [{ language: 'typescript', scheme: 'file' }];
    expect(caps).toEqual({
      textDocumentSync: 2,
      hoverProvider: { documentSelector: selector },
      completionProvider: { triggerCharacters: ['.'], documentSelector: selector },
      semanticTokensProvider: { documentSelector: selector, legend: {} },
      linkedEditingRangeProvider: false,
      executeCommandProvider: { commands: ['x'] },
      workspaceSymbolProvider: true,
    });
  });

  it('rewrite workspace URIs in values and keys, copying only what changes', () => {
    const untouched = { uri: 'file:///other/x.ts', list: [1, 2] };
    expect(mapWorkspaceUris(untouched, toClientUri)).toBe(untouched);
    const edit = { changes: { 'file:///workspace/a%20b.ts': [{ newText: 'file:///workspace/literal%20text' }] }, other: untouched };
    const mapped = mapWorkspaceUris(edit, toClientUri);
    expect(Object.keys(mapped.changes)).toEqual(['file:///workspace/a b.ts']);
    expect(mapped.other).toBe(untouched);
  });

  it('route a code action\'s edit through the IDE and keep its command for afterwards', () => {
    const edit = { changes: { 'file:///workspace/a.ts': [] } };
    const command = { title: 'Fix', command: '_typescript.applyCodeActionCommand', arguments: [1] };
    const routed = routeCodeActionEdit({ title: 'Fix it', kind: 'quickfix', edit, command }, 'typescript');
    expect(routed).toEqual({
      title: 'Fix it', kind: 'quickfix', edit: { changes: {} },
      command: { title: 'Fix it', command: APPLY_EDIT_COMMAND, arguments: ['typescript', edit, command] },
    });
    const plain = { title: 'Organize imports', command: '_typescript.organizeImports' };
    expect(routeCodeActionEdit(plain, 'typescript')).toBe(plain);
  });

  it('send code action requests the diagnostics as the server published them, codes included', () => {
    const range = { start: { line: 3, character: 6 }, end: { line: 3, character: 11 } };
    const published = [{ range, message: "Cannot find name 'gret'.", severity: 1 as const, code: 2552, source: 'typescript' }];
    const params = { textDocument: { uri: 'file:///workspace/a.ts' }, range,
      context: { diagnostics: [{ range, message: "Cannot find name 'gret'.", severity: 1 }, { range, message: 'unknown', severity: 2 }] } };
    const sent = withPublishedDiagnostics(params, published);
    expect(sent.context.diagnostics).toEqual([published[0], { range, message: 'unknown', severity: 2 }]);
    expect(withPublishedDiagnostics(params, undefined)).toBe(params);
  });

  it('give a quiet answer where a failure is nothing the user could act on', () => {
    expect(fallbackResult('textDocument/hover', {})).toEqual({ result: null });
    const item = { label: 'a' };
    expect(fallbackResult('completionItem/resolve', item)).toEqual({ result: item });
    expect(fallbackResult('textDocument/rename', {})).toBeUndefined();
    expect(fallbackResult('textDocument/diagnostic', {})).toEqual({ result: { kind: 'unchanged', resultId: '' } });
    expect(fallbackResult('initialize', {})).toBeUndefined();
  });
});
