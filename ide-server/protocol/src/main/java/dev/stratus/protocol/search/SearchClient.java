package dev.stratus.protocol.search;

import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonSegment;

/** Notifications of the search service (v1 addition). */
@JsonSegment("search")
public interface SearchClient {

    /** Progress of (re)building the index, sent while it builds and once when it is ready. */
    @JsonNotification
    void indexProgress(IndexStatus params);
}
