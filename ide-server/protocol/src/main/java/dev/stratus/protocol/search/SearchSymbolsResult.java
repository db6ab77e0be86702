package dev.stratus.protocol.search;

import java.util.List;

/**
 * @param symbols best matches first
 */
public record SearchSymbolsResult(List<SymbolMatch> symbols) {
}
