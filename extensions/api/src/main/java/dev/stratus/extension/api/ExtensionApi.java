package dev.stratus.extension.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this API.
 *
 * @since 1.0
 */
public final class ExtensionApi {
    /**
     * This API's semantic version ({@code major.minor.patch}), the one manifests' {@code api}
     * ranges are checked against.
     *
     * @since 1.0
     */
    public static final String VERSION = readVersion();

    private ExtensionApi() {
    }

    private static String readVersion() {
        try (InputStream in = ExtensionApi.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the extension API jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
