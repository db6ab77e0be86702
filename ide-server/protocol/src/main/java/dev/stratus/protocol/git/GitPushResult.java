package dev.stratus.protocol.git;

import java.util.List;

/**
 * @param rejected refs the remote refused (for example non-fast-forward), with the reason
 */
public record GitPushResult(List<String> rejected) {
}
