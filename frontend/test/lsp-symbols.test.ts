import { describe, expect, it } from 'vitest';
import type { DocumentSymbol, Range, SymbolInformation } from '../src/lsp/protocol';
import { symbolIcon, symbolKindName, symbolPathAt, symbolTree, type SymbolNode } from '../src/lsp/symbols';

const r = (sl: number, sc: number, el: number, ec: number): Range => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });
const names = (nodes: SymbolNode[]): unknown => nodes.map((n) => (n.children.length ? [n.name, names(n.children)] : n.name));

describe('outline tree', () => {
  it('keeps a DocumentSymbol tree, in source order', () => {
    const doc: DocumentSymbol[] = [
      { name: 'later', kind: 12, range: r(20, 0, 22, 1), selectionRange: r(20, 9, 20, 14) },
      { name: 'Greeter', kind: 5, detail: 'class', range: r(0, 0, 10, 1), selectionRange: r(0, 6, 0, 13), children: [
        { name: 'greet', kind: 6, range: r(5, 2, 7, 3), selectionRange: r(5, 2, 5, 7) },
        { name: 'constructor', kind: 9, range: r(1, 2, 3, 3), selectionRange: r(1, 2, 1, 13) },
      ] },
    ];
    const tree = symbolTree(doc);
    expect(names(tree)).toEqual([['Greeter', ['constructor', 'greet']], 'later']);
    expect(tree[0]).toMatchObject({ detail: 'class', selectionRange: r(0, 6, 0, 13) });
  });

  it('nests a flat SymbolInformation list by range, even with repeated names', () => {
    const info = (name: string, range: Range, containerName?: string): SymbolInformation =>
      ({ name, kind: 12, containerName, location: { uri: 'file:///workspace/a.py', range } });
    const tree = symbolTree([
      info('run', r(12, 4, 14, 0), 'B'),
      info('A', r(0, 0, 9, 0)),
      info('run', r(2, 4, 4, 0), 'A'),
      info('B', r(10, 0, 15, 0)),
      info('helper', r(3, 8, 3, 20), 'run'),
    ]);
    expect(names(tree)).toEqual([['A', [['run', ['helper']]]], ['B', ['run']]]);
    expect(tree[1].children[0].detail).toBe('B');
  });

  it('is empty for no answer', () => {
    expect(symbolTree(null)).toEqual([]);
    expect(symbolTree([])).toEqual([]);
  });

  it('finds the symbols around a position', () => {
    const tree = symbolTree([{ name: 'C', kind: 5, range: r(0, 0, 10, 1), selectionRange: r(0, 6, 0, 7), children: [
      { name: 'm', kind: 6, range: r(2, 2, 4, 3), selectionRange: r(2, 2, 2, 3) }] }]);
    expect(symbolPathAt(tree, { line: 3, character: 0 }).map((n) => n.name)).toEqual(['C', 'm']);
    expect(symbolPathAt(tree, { line: 11, character: 0 })).toEqual([]);
  });

  it('names kinds and their icons', () => {
    expect(symbolKindName(5)).toBe('class');
    expect(symbolKindName(22)).toBe('enum member');
    expect(symbolKindName(99)).toBe('symbol');
    expect(symbolIcon(12)).toBe('symbol-function');
    expect(symbolIcon(26)).toBe('symbol-type-parameter');
    expect(symbolIcon(0)).toBe('symbol-misc');
  });
});
