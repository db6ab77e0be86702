package dev.stratus.server.lsp;

/** A client named a {@code file:} URI the relay does not forward: outside the workspace, or malformed. */
final class OutsideWorkspaceUriException extends RuntimeException {

    OutsideWorkspaceUriException(String uri) {
        super("URI outside the workspace: " + shorten(uri), null, false, false);
    }

    private static String shorten(String uri) {
        String s = uri.codePoints().limit(200).map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return uri.length() > 200 ? s + "…" : s;
    }
}
