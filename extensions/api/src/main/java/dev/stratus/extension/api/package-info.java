/**
 * The Stratus extension API: everything an extension compiles against, and nothing more.
 *
 * <p>An extension is a jar with a {@code stratus-extension.json} manifest at its root whose
 * {@code main} class implements {@link dev.stratus.extension.api.Extension}. The host creates it
 * with its public no-argument constructor and calls {@link
 * dev.stratus.extension.api.Extension#activate activate} when one of the manifest's activation
 * events happens. Everything the extension registers through its {@link
 * dev.stratus.extension.api.ExtensionContext} is released when it is deactivated.
 *
 * <p>This API follows semantic versioning ({@link dev.stratus.extension.api.ExtensionApi#VERSION}):
 * within a major version, members are only added. An extension declares the range it needs in
 * its manifest ({@code "api": "^1.0.0"}); a server whose API version is outside that range does
 * not load it.
 *
 * @since 1.0
 */
package dev.stratus.extension.api;
