package dev.stratus.protocol.lsp;

import java.util.List;

/**
 * @param servers every registered server, built-in ones first, then those only the install
 *     folder's {@code servers.json} adds
 */
public record LanguageServerListResult(List<LanguageServerInfo> servers) {
}
