// The lean Monaco core plus the editor contributions an IDE user expects; everything else
// (language services, quick input, diff editor) is left out to keep the first load small.
// An editor instantiates the contributions registered when it is created, so the ones language
// servers drive (completion, hover, signature help, go to definition, references, rename, code
// actions, formatting) load with the core; Monaco's LSP client itself loads with the first file
// of a language that has a server (lsp/session.ts).
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
// Driven by the language servers:
import 'monaco-editor/editor/contrib/suggest/browser/suggestController';
import 'monaco-editor/features/snippet/register';
import 'monaco-editor/features/hover/register';
import 'monaco-editor/features/parameterHints/register';
import 'monaco-editor/editor/contrib/gotoSymbol/browser/goToCommands';
import 'monaco-editor/features/gotoSymbol/register';
import 'monaco-editor/features/referenceSearch/register';
import 'monaco-editor/features/rename/register';
import 'monaco-editor/features/codeAction/register';
import 'monaco-editor/features/format/register';
import 'monaco-editor/features/gotoError/register';
// Driven by the AI assistant (ghost text; Tab accepts):
import 'monaco-editor/features/inlineCompletions/register';
import 'monaco-esm/vs/base/browser/ui/codicons/codicon/codicon.css';
import 'monaco-esm/vs/base/browser/ui/codicons/codicon/codicon-modifiers.css';
import './languages';
import { editor, KeyCode, KeyMod, languages, Uri } from 'monaco-editor/editor';
import { languageFor } from '../paths';

(self as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

// Format Document is Shift+Alt+F everywhere, as in other editors (Monaco binds Ctrl+Shift+I on Linux).
editor.addKeybindingRule({
  keybinding: KeyMod.Shift | KeyMod.Alt | KeyCode.KeyF,
  command: 'editor.action.formatDocument',
  when: 'editorHasDocumentFormattingProvider && editorTextFocus && !editorReadonly',
});

export { editor, KeyCode, KeyMod, languages, Uri };

/** A workspace file's model URI, `file:///workspace/<path>`: the URI the language-server relay speaks. */
export function modelUri(path: string): Uri {
  return Uri.from({ scheme: 'file', path: `/workspace/${path}` });
}

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
