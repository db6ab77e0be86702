package dev.stratus.server.extension;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Collections;
import java.util.Enumeration;

/**
 * One extension's classes: the JDK (the platform class loader, parent-first) and the extension
 * API (from the host, so both sides share its types) and everything else from the extension's
 * own jar and its {@code lib/*.jar}. The host's libraries (Jackson, Undertow, ...) are invisible,
 * so two extensions can bundle conflicting versions of one library, and neither can reach the
 * server's internals.
 */
final class ExtensionClassLoader extends URLClassLoader {
    private static final String API_PACKAGE = "dev.stratus.extension.api.";
    private static final String API_RESOURCES = "dev/stratus/extension/api/";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader api;

    ExtensionClassLoader(String extensionId, URL[] urls, ClassLoader api) {
        super("extension:" + extensionId, urls, ClassLoader.getPlatformClassLoader());
        this.api = api;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith(API_PACKAGE)) {
            return api.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    @Override
    public URL getResource(String name) {
        if (name.startsWith(API_RESOURCES)) {
            return api.getResource(name);
        }
        return super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (name.startsWith(API_RESOURCES)) {
            URL url = api.getResource(name);
            return url == null ? Collections.emptyEnumeration() : Collections.enumeration(java.util.List.of(url));
        }
        return super.getResources(name);
    }
}
