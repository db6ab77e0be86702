package dev.stratus.protocol.git;

/**
 * @param url HTTPS (or file) URL of the repository
 * @param directory workspace-relative folder to clone into; default: the workspace root, which must be empty
 * @param credentials credentials for the remote, or null
 * @param rememberCredentials keep the credentials in server memory for this user and host (default false)
 */
public record GitCloneParams(String url, String directory, GitCredentials credentials, Boolean rememberCredentials) {
}
