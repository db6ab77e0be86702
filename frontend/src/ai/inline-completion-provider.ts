import type { BuiltinCommand } from '../commands/commands';
import type { editor } from '../editor/monaco';
import { languages } from '../editor/monaco';
import type { AiClient } from '../rpc/ai-client';
import { describeError } from '../rpc/errors';
import type { ExtensionClient } from '../rpc/extension-client';
import type { SettingsStore } from '../settings/settings-store';
import { toast } from '../ui/toast';
import { CompletionResults, InlineCompleter, PREFIX_CHARS, SUFFIX_CHARS } from './inline-completion';

/** The user's setting (the AI assistant's manifest declares it, default true). */
export const INLINE_COMPLETION_SETTING = 'ai-assistant.inlineCompletion.enabled';

export interface InlineCompletionDeps {
  client: Pick<AiClient, 'complete' | 'cancel' | 'onEvent'>;
  settings: Pick<SettingsStore, 'get' | 'reload'>;
  extensions: Pick<ExtensionClient, 'updateSetting'>;
  /**
   * Whether a model is one of the workspace's files: only they get completions (not a diff's own
   * versions, not inputs). The git diff shows a file's own model on its working side: that diff
   * editor turns inline suggestions off itself.
   */
  isWorkspaceFile(model: editor.ITextModel): boolean;
}

/**
 * The AI assistant's inline completion in every language: ghost text at the cursor once typing
 * pauses, accepted with Tab, dismissed with Esc (Monaco's own keys). Returns the toggle command
 * and `recheck`, for after a reconnect or a change of the extensions.
 */
export function installInlineCompletion(deps: InlineCompletionDeps): { command: BuiltinCommand; recheck(): void } {
  const results = new CompletionResults();
  deps.client.onEvent((e) => results.dispatch(e));
  const completer = new InlineCompleter({
    complete: (prefix, suffix) => deps.client.complete(prefix, suffix),
    cancel: (id) => deps.client.cancel(id),
    results,
    enabled: () => deps.settings.get(INLINE_COMPLETION_SETTING)?.value !== false,
  });
  languages.registerInlineCompletionsProvider('*', {
    async provideInlineCompletions(model, position, _context, token) {
      if (!completer.active || !deps.isWorkspaceFile(model)) return { items: [] };
      // Only the text near the cursor is read: the completer sends no more than this of a large file.
      const offset = model.getOffsetAt(position);
      const from = model.getPositionAt(Math.max(0, offset - PREFIX_CHARS - 1));
      const to = model.getPositionAt(offset + SUFFIX_CHARS + 1);
      const prefix = model.getValueInRange({ startLineNumber: from.lineNumber, startColumn: from.column,
        endLineNumber: position.lineNumber, endColumn: position.column });
      const suffix = model.getValueInRange({ startLineNumber: position.lineNumber, startColumn: position.column,
        endLineNumber: to.lineNumber, endColumn: to.column });
      const text = await completer.complete(prefix, suffix, token);
      if (text === undefined || token.isCancellationRequested) return { items: [] };
      return { items: [{ insertText: text, range: { startLineNumber: position.lineNumber, startColumn: position.column,
        endLineNumber: position.lineNumber, endColumn: position.column } }] };
    },
    disposeInlineCompletions: () => undefined,
  });
  const command: BuiltinCommand = {
    id: 'ai.toggleInlineCompletion',
    category: 'AI',
    title: 'Toggle Inline Completion',
    run: async () => {
      const on = deps.settings.get(INLINE_COMPLETION_SETTING)?.value !== false;
      try {
        await deps.extensions.updateSetting(INLINE_COMPLETION_SETTING, 'user', !on);
        // Read back now rather than when settings/didChange comes: the next keystroke already goes by it.
        await deps.settings.reload([INLINE_COMPLETION_SETTING]);
        completer.recheck();
        toast(on ? 'AI inline completion is off.' : 'AI inline completion is on.', 'success', 2500);
      } catch (e) {
        toast(describeError('Cannot change AI inline completion', e), 'error');
      }
    },
  };
  return { command, recheck: () => completer.recheck() };
}
