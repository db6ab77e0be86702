package dev.stratus.protocol.lsp;

import java.util.List;

/**
 * @param installed servers installed now or before, in request order
 * @param failed servers that could not be installed, with the reason
 */
public record LanguageServerInstallResult(List<String> installed, List<LanguageServerInstallFailure> failed) {
}
