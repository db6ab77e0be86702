package dev.stratus.protocol.lsp;

import java.util.List;

/**
 * @param applied workspace-relative paths changed (or created, renamed from, deleted), in the
 *     edit's order, each once
 * @param failed the files or operations that were not applied, with why; nothing of a failed
 *     file was written
 */
public record ApplyWorkspaceEditResult(List<String> applied, List<EditFailure> failed) {
}
