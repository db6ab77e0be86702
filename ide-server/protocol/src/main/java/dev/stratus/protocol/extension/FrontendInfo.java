package dev.stratus.protocol.extension;

/**
 * An extension's browser module.
 *
 * @param extensionId the extension
 * @param url absolute path of the ES module on this server
 */
public record FrontendInfo(String extensionId, String url) {
}
