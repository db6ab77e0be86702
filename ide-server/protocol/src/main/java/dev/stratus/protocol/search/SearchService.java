package dev.stratus.protocol.search;

import dev.stratus.protocol.Empty;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/**
 * Search over the workspace index: text, file names and symbols. The index respects
 * {@code .gitignore} and skips binary and oversized files; results match ripgrep's for the same
 * options. Errors: -32602 for an invalid regular expression or glob; Unavailable (1009) when a
 * regular expression runs past its time bound (the message says so).
 */
@JsonSegment("search")
public interface SearchService {

    /** Finds text, literal or regular expression, in the workspace's files. */
    @JsonRequest
    CompletableFuture<SearchTextResult> text(SearchTextParams params);

    /** Fuzzy file-name search, for quick open. */
    @JsonRequest
    CompletableFuture<SearchFilesResult> files(SearchFilesParams params);

    /** Declarations by name, for go-to-symbol. */
    @JsonRequest
    CompletableFuture<SearchSymbolsResult> symbols(SearchSymbolsParams params);

    /** The index's state (v1 addition). */
    @JsonRequest
    CompletableFuture<IndexStatus> status(Empty params);
}
