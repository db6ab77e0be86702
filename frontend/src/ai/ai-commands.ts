import type { BuiltinCommand } from '../commands/commands';
import type { editor } from '../editor/monaco';
import type { AiController } from './ai-controller';

/** Runs something on the AI controller, loading it first. */
export type WithAi = (run: (ai: AiController) => unknown) => void;

/**
 * The assistant's commands, registered at startup while their code loads on first use.
 * Ctrl+Alt+I (Ctrl on macOS too) opens the chat: Ctrl+Shift+I and Cmd+Alt+I are the browsers'
 * developer tools, which a page cannot take over.
 */
export function aiCommands(withAi: WithAi): BuiltinCommand[] {
  return [
    { id: 'ai.openChat', category: 'AI', title: 'Open Chat', keybinding: 'Ctrl+Alt+I', run: () => withAi((ai) => ai.openChat()) },
    { id: 'ai.edit', category: 'AI', title: 'Edit with AI (Selection or File)', run: () => withAi((ai) => ai.editSelectionOrFile()) },
    { id: 'ai.explain', category: 'AI', title: 'Explain Selection', run: () => withAi((ai) => ai.quick('explain')) },
    { id: 'ai.document', category: 'AI', title: 'Document', run: () => withAi((ai) => ai.quick('document')) },
    { id: 'ai.generateTests', category: 'AI', title: 'Generate Tests', run: () => withAi((ai) => ai.quick('generate-tests')) },
    { id: 'ai.fixProblem', category: 'AI', title: 'Fix This Problem', run: () => withAi((ai) => ai.fixProblem()) },
    { id: 'ai.exportConversation', category: 'AI', title: 'Export Conversation', run: () => withAi((ai) => ai.exportConversation()) },
  ];
}

/** The same actions in the editor's context menu, in their own group at its end. */
export function addEditorActions(ed: editor.IStandaloneCodeEditor, withAi: WithAi): void {
  const actions: [string, string, (ai: AiController) => unknown][] = [
    ['stratus.ai.edit', 'AI: Edit with AI (Selection or File)', (ai) => ai.editSelectionOrFile()],
    ['stratus.ai.explain', 'AI: Explain Selection', (ai) => ai.quick('explain')],
    ['stratus.ai.document', 'AI: Document', (ai) => ai.quick('document')],
    ['stratus.ai.generateTests', 'AI: Generate Tests', (ai) => ai.quick('generate-tests')],
    ['stratus.ai.fixProblem', 'AI: Fix This Problem', (ai) => ai.fixProblem()],
  ];
  actions.forEach(([id, label, run], i) => {
    ed.addAction({ id, label, contextMenuGroupId: '9_ai', contextMenuOrder: i, run: () => withAi(run) });
  });
}
