import { URI } from 'monaco-editor/base/common/uri';
import { describe, expect, it } from 'vitest';
import { clientUriOfPath, lspLanguageId, pathOfUri, serverUriOfPath, toClientUri, toServerUri } from '../src/lsp/uris';

const PATHS = ['src/main.ts', 'src/My Component.tsx', 'docs/ü and #hash?.md', 'a/b/C.java'];

describe('workspace URIs', () => {
  it('spell a path the way the editor\'s model URI does', () => {
    for (const path of PATHS) {
      const model = URI.from({ scheme: 'file', path: `/workspace/${path}` });
      expect(clientUriOfPath(path)).toBe(model.toString(true));
      expect(pathOfUri(model.toString())).toBe(path);
      expect(pathOfUri(model.toString(true))).toBe(path);
      // The server form is a valid URI that means the same file.
      expect(URI.parse(serverUriOfPath(path)).path).toBe(`/workspace/${path}`);
    }
  });

  it('convert between the client\'s and the server\'s spelling', () => {
    expect(toServerUri('file:///workspace/src/My Component.tsx')).toBe('file:///workspace/src/My%20Component.tsx');
    expect(toClientUri('file:///workspace/src/My%20Component.tsx')).toBe('file:///workspace/src/My Component.tsx');
    expect(toClientUri('file:///workspace/x%23y.ts')).toBe('file:///workspace/x%23y.ts');
    expect(toClientUri('file:///usr/lib/node_modules/typescript/lib/lib.d.ts')).toBe('file:///usr/lib/node_modules/typescript/lib/lib.d.ts');
  });

  it('are only those under the workspace prefix, without escapes', () => {
    expect(pathOfUri('file:///workspace')).toBeUndefined();
    expect(pathOfUri('file:///workspace/')).toBeUndefined();
    expect(pathOfUri('file:///workspace/../etc/passwd')).toBeUndefined();
    expect(pathOfUri('file:///home/me/a.ts')).toBeUndefined();
    expect(pathOfUri('git-diff:/1/original/a.ts')).toBeUndefined();
    expect(pathOfUri('file:///workspace/100%.txt')).toBe('100%.txt');
  });

  it('give JSX files the LSP language ids typescript-language-server parses JSX under', () => {
    expect(lspLanguageId('src/App.tsx', 'typescript')).toBe('typescriptreact');
    expect(lspLanguageId('src/App.JSX', 'javascript')).toBe('javascriptreact');
    expect(lspLanguageId('src/app.ts', 'typescript')).toBe('typescript');
    expect(lspLanguageId('main.py', 'python')).toBe('python');
  });

  it('give JSON with comments the jsonc id', () => {
    expect(lspLanguageId('tsconfig.json', 'json')).toBe('jsonc');
    expect(lspLanguageId('web/tsconfig.app.json', 'json')).toBe('jsonc');
    expect(lspLanguageId('.vscode/settings.json', 'json')).toBe('jsonc');
    expect(lspLanguageId('a.jsonc', 'json')).toBe('jsonc');
    expect(lspLanguageId('package.json', 'json')).toBe('json');
  });
});
