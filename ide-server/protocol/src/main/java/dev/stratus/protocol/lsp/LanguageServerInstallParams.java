package dev.stratus.protocol.lsp;

import java.util.List;

/**
 * @param ids servers to install; null (absent) means every server marked {@code default}, an
 *     empty list installs nothing
 */
public record LanguageServerInstallParams(List<String> ids) {
}
