import type { DocumentSymbol, Position, Range, SymbolInformation } from './protocol';

/** One node of the Outline: a symbol and the symbols declared inside it, in source order. */
export interface SymbolNode {
  name: string;
  detail: string;
  kind: number;
  /** The whole declaration. */
  range: Range;
  /** The part to select when the symbol is revealed (usually its name). */
  selectionRange: Range;
  children: SymbolNode[];
}

/**
 * The Outline's tree from a `textDocument/documentSymbol` answer. Servers answer either with a
 * tree (DocumentSymbol) or with a flat list (SymbolInformation, where only `containerName` hints
 * at nesting): the flat list is nested by range containment, which also works when names repeat.
 */
export function symbolTree(result: readonly (DocumentSymbol | SymbolInformation)[] | null | undefined): SymbolNode[] {
  if (!result || result.length === 0) return [];
  if ('location' in result[0]) return nestFlat(result as SymbolInformation[]);
  return sortNodes((result as DocumentSymbol[]).map(fromDocumentSymbol));
}

function fromDocumentSymbol(s: DocumentSymbol): SymbolNode {
  return {
    name: s.name, detail: s.detail ?? '', kind: s.kind, range: s.range, selectionRange: s.selectionRange,
    children: sortNodes((s.children ?? []).map(fromDocumentSymbol)),
  };
}

function nestFlat(list: readonly SymbolInformation[]): SymbolNode[] {
  const nodes = list.map((s): SymbolNode => ({
    name: s.name, detail: s.containerName ?? '', kind: s.kind, range: s.location.range, selectionRange: s.location.range, children: [],
  }));
  // Outer symbols first: by start, then the longer range before the shorter one.
  nodes.sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(b.range.end, a.range.end));
  const roots: SymbolNode[] = [];
  const stack: SymbolNode[] = [];
  for (const node of nodes) {
    while (stack.length > 0 && !contains(stack[stack.length - 1].range, node.range)) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else roots.push(node);
    stack.push(node);
  }
  return roots;
}

function sortNodes(nodes: SymbolNode[]): SymbolNode[] {
  return nodes.sort((a, b) => comparePositions(a.range.start, b.range.start));
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function contains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

/** The innermost symbol whose range contains `pos` (for following the cursor), as a path from the root. */
export function symbolPathAt(nodes: readonly SymbolNode[], pos: Position): SymbolNode[] {
  const path: SymbolNode[] = [];
  let level = nodes;
  for (;;) {
    const hit = level.find((n) => contains(n.range, { start: pos, end: pos }));
    if (!hit) return path;
    path.push(hit);
    level = hit.children;
  }
}

// LSP SymbolKind 1..26, named like the codicons that draw them.
const KINDS = ['file', 'module', 'namespace', 'package', 'class', 'method', 'property', 'field', 'constructor', 'enum',
  'interface', 'function', 'variable', 'constant', 'string', 'number', 'boolean', 'array', 'object', 'key', 'null',
  'enum-member', 'struct', 'event', 'operator', 'type-parameter'];

/** A readable name of an LSP SymbolKind ("class", "enum member"); "symbol" when unknown. */
export function symbolKindName(kind: number): string {
  return KINDS[kind - 1]?.replace('-', ' ') ?? 'symbol';
}

/** The codicon that draws a SymbolKind (`symbol-class`, ...). */
export function symbolIcon(kind: number): string {
  const name = KINDS[kind - 1];
  return name ? `symbol-${name}` : 'symbol-misc';
}
