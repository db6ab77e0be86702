package dev.stratus.protocol.git;

/**
 * @param remote remote name (default {@code origin})
 * @param setUpstream make the pushed remote branch the upstream of the current branch (default false)
 * @param credentials credentials for the remote, or null
 * @param rememberCredentials keep the credentials in server memory for this user and host (default false)
 */
public record GitPushParams(String remote, Boolean setUpstream, GitCredentials credentials, Boolean rememberCredentials) {
}
