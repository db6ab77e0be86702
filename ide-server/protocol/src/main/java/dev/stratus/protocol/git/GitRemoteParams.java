package dev.stratus.protocol.git;

/**
 * @param remote remote name (default: the branch's remote, else {@code origin})
 * @param credentials credentials for the remote, or null (remembered ones are used)
 * @param rememberCredentials keep the credentials in server memory for this user and host (default false)
 */
public record GitRemoteParams(String remote, GitCredentials credentials, Boolean rememberCredentials) {
}
