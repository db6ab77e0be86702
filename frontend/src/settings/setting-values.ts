import type { Setting } from '../rpc/extension-client';

/** How a setting is edited. */
export type EditorKind = 'checkbox' | 'select' | 'input' | 'lines' | 'json';

export function editorKind(s: Pick<Setting, 'type' | 'enum' | 'items'>): EditorKind {
  if (s.type === 'boolean') return 'checkbox';
  if (s.enum && s.enum.length > 0) return 'select';
  if (s.type === 'array' && s.items?.type === 'string') return 'lines';
  if (s.type === 'array' || s.type === 'object') return 'json';
  return 'input';
}

/** A value as its editor shows it: one string per line, JSON, a number's digits. Pure. */
export function formatValue(s: Pick<Setting, 'type' | 'enum' | 'items'>, value: unknown): string {
  if (value === undefined || value === null) return '';
  switch (editorKind(s)) {
    case 'checkbox': return value === true ? 'true' : 'false';
    case 'lines': return Array.isArray(value) ? value.map(String).join('\n') : JSON.stringify(value);
    case 'json': return JSON.stringify(value, null, 2);
    case 'select': return JSON.stringify(value);
    default: return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * The value an editor's text stands for, or why it stands for none. Schema checks beyond the type
 * (ranges, patterns) are the server's: its answer is shown the same way. Pure.
 */
export function parseValue(s: Pick<Setting, 'type' | 'enum' | 'items'>, text: string): Parsed {
  switch (editorKind(s)) {
    case 'checkbox': return { ok: true, value: text === 'true' };
    case 'select':
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch {
        return { ok: false, error: 'Pick one of the listed values' };
      }
    case 'lines': return { ok: true, value: text.split('\n').map((l) => l.trim()).filter((l) => l !== '') };
    case 'json': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        return { ok: false, error: `Not valid JSON: ${(e as Error).message}` };
      }
      const isArray = Array.isArray(value);
      if (s.type === 'array' && !isArray) return { ok: false, error: 'Expected a JSON array' };
      if (s.type === 'object' && (isArray || value === null || typeof value !== 'object')) return { ok: false, error: 'Expected a JSON object' };
      return { ok: true, value };
    }
    default: {
      if (s.type === 'string') return { ok: true, value: text };
      const t = text.trim();
      const n = Number(t);
      if (t === '' || !Number.isFinite(n)) return { ok: false, error: 'Expected a number' };
      if (s.type === 'integer' && !Number.isInteger(n)) return { ok: false, error: 'Expected a whole number' };
      return { ok: true, value: n };
    }
  }
}
