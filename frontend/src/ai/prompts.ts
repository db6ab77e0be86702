import type { Problem } from '../lsp/diagnostics';

export type QuickTask = 'explain' | 'document' | 'generate-tests';

/** The message a quick action sends; the selection or file travels as context. Pure. */
export function quickPrompt(task: QuickTask, file: string, hasSelection: boolean): string {
  const what = hasSelection ? `the selected code in ${file}` : file;
  switch (task) {
    case 'explain': return `Explain ${what}.`;
    case 'document': return `Write documentation comments for ${what}.`;
    case 'generate-tests': return `Generate unit tests for ${what}.`;
  }
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

/**
 * The problem to fix at a 1-based line: one whose range covers the line, the most severe first;
 * failing that the nearest one on an adjacent line. Pure.
 */
export function problemAt(problems: readonly Problem[], line: number): Problem | undefined {
  const covering = problems.filter((p) => p.line <= line && line <= p.endLine);
  const near = covering.length ? covering : problems.filter((p) => Math.abs(p.line - line) <= 1);
  return [...near].sort((a, b) => RANK[a.severity] - RANK[b.severity] || Math.abs(a.line - line) - Math.abs(b.line - line))[0];
}
