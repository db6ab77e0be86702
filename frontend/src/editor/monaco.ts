// The lean Monaco core plus the editor contributions an IDE user expects; everything else
// (language services, quick input, diff editor) is left out to keep the first load small.
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import 'monaco-editor/editor/browser/coreCommands';
import 'monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching';
import 'monaco-editor/editor/contrib/clipboard/browser/clipboard';
import 'monaco-editor/editor/contrib/comment/browser/comment';
import 'monaco-editor/editor/contrib/contextmenu/browser/contextmenu';
import 'monaco-editor/editor/contrib/cursorUndo/browser/cursorUndo';
import 'monaco-editor/features/find/register';
import 'monaco-editor/editor/contrib/folding/browser/folding';
import 'monaco-editor/editor/contrib/indentation/browser/indentation';
import 'monaco-editor/editor/contrib/linesOperations/browser/linesOperations';
import 'monaco-editor/editor/contrib/multicursor/browser/multicursor';
import 'monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter';
import 'monaco-editor/editor/contrib/wordOperations/browser/wordOperations';
import 'monaco-esm/vs/base/browser/ui/codicons/codicon/codicon.css';
import './languages';
import { editor, languages } from 'monaco-editor/editor';
import { languageFor } from '../paths';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export { editor, languages };
export { KeyCode, KeyMod, Uri } from 'monaco-editor/editor';

export function languageOf(path: string): string {
  return languageFor(path, languages.getLanguages());
}

export function languageName(id: string): string {
  const lang = languages.getLanguages().find((l) => l.id === id);
  return lang?.aliases?.[0] ?? (id === 'plaintext' ? 'Plain Text' : id);
}

export function monacoTheme(theme: 'dark' | 'light'): string {
  return theme === 'dark' ? 'vs-dark' : 'vs';
}
