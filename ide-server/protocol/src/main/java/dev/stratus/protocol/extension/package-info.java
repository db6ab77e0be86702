/** Extensions, commands and settings on the workspace socket ({@code extensions/*}, {@code commands/*}, {@code settings/*}). */
package dev.stratus.protocol.extension;
