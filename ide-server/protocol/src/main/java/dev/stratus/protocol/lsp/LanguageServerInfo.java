package dev.stratus.protocol.lsp;

import com.google.gson.annotations.SerializedName;
import java.util.List;

/**
 * One registered language server.
 *
 * @param id stable identifier ({@code typescript}, {@code clangd})
 * @param name what users read
 * @param languages Monaco/LSP language ids it handles
 * @param filePatterns file-name globs of those languages ({@code *.ts})
 * @param installed whether its program exists, so the relay can start it
 * @param installMethod how it is installed
 * @param isDefault ({@code default} on the wire) whether {@code install} without ids installs it
 */
public record LanguageServerInfo(String id, String name, List<String> languages, List<String> filePatterns,
                                 boolean installed, LanguageServerInstallMethod installMethod,
                                 @SerializedName("default") boolean isDefault) {
}
