package dev.stratus.protocol.lsp;

import com.google.gson.annotations.SerializedName;

/** How a language server is installed. */
public enum LanguageServerInstallMethod {
    /** npm packages at pinned versions, into the install folder. */
    @SerializedName("npm") NPM,
    /** Debian packages, with {@code apt-get}. */
    @SerializedName("apt") APT,
    /** By the user, following the registry's instructions (Eclipse JDT LS). */
    @SerializedName("external") EXTERNAL
}
