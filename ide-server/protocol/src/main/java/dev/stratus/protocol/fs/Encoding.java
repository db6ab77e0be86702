package dev.stratus.protocol.fs;

import com.google.gson.annotations.SerializedName;

/** How file content travels inside JSON. */
public enum Encoding {
    /** UTF-8 text; malformed bytes are replaced on read, so binary files should use base64. */
    @SerializedName("utf8") UTF8,
    /** Base64 (RFC 4648, with padding) of the raw bytes. */
    @SerializedName("base64") BASE64
}
