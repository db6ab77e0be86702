package dev.stratus.protocol.lsp;

import java.util.List;

/** @param servers the workspace's language-server processes, in the order they were started */
public record LanguageServerStatus(List<LanguageServerProcessStatus> servers) {
}
